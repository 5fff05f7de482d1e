import { getEnv } from '@/lib/env';
import { providerLogoutUrl } from '@/lib/oidc/diagnostics';

export const dynamic = 'force-dynamic';

// GET /api/auth/oidc-logout – after a Wharf sign-out (next-auth, which ends the session): on to
// the OIDC provider's end-session endpoint when it has one, else to the sign-in page.
export async function GET() {
  const { WHARF_URL } = getEnv();
  const target = (await providerLogoutUrl(WHARF_URL)) ?? `${WHARF_URL}/login`;
  return new Response(null, { status: 303, headers: { Location: target, 'Cache-Control': 'no-store' } });
}
