// OpenID Connect discovery outside next-auth: Administration → Authentication (the settings
// without the client secret, and "Test discovery", which fetches
// <issuer>/.well-known/openid-configuration with a timeout and reports), and the provider's
// end-session endpoint for sign-out.
import 'server-only';
import { z } from 'zod';
import { oidcSettings, type OidcSettings } from '@/lib/oidc';
import { OIDC_HTTP_TIMEOUT_MS } from '@/lib/oidc/provider';

export function oidcSettingsView() {
  const s = oidcSettings();
  if (!s) return { enabled: false as const };
  return {
    enabled: true as const,
    OIDC_ISSUER: s.issuer,
    OIDC_CLIENT_ID: s.clientId,
    OIDC_CLIENT_SECRET: '(set)',
    OIDC_SCOPES: s.scopes,
    OIDC_USERNAME_CLAIM: s.usernameClaim,
    OIDC_GROUPS_CLAIM: s.groupsClaim,
    OIDC_ADMIN_GROUP: s.adminGroup,
    OIDC_NAME: s.name,
  };
}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  userinfo_endpoint: z.string().optional(),
  end_session_endpoint: z.string().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  scopes_supported: z.array(z.string()).optional(),
  claims_supported: z.array(z.string()).optional(),
});

export type DiscoveryResult = {
  ok: boolean;
  message: string;
  latencyMs?: number;
  endpoints?: Record<string, string | null>;
  warnings?: string[];
};

type Discovery = z.infer<typeof discoverySchema>;
type DiscoveryRead =
  { ok: true; doc: Discovery; latencyMs: number } | { ok: false; message: string; latencyMs?: number };

/** Fetches and checks <issuer>/.well-known/openid-configuration, with a timeout. */
async function readDiscovery(
  s: OidcSettings,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = OIDC_HTTP_TIMEOUT_MS,
): Promise<DiscoveryRead> {
  const url = `${s.issuer}/.well-known/openid-configuration`;
  const started = Date.now();
  let res: Response;
  try {
    res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    return {
      ok: false,
      message: timedOut
        ? `${url} did not answer within ${timeoutMs / 1000} s.`
        : `${url} cannot be reached (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}).`,
    };
  }
  const latencyMs = Date.now() - started;
  if (!res.ok) return { ok: false, latencyMs, message: `${url} answered HTTP ${res.status}.` };
  const parsed = discoverySchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) {
    return { ok: false, latencyMs, message: `${url} is not an OpenID Connect discovery document.` };
  }
  if (parsed.data.issuer.replace(/\/+$/, '') !== s.issuer) {
    return {
      ok: false,
      latencyMs,
      message: `The provider calls itself ${parsed.data.issuer}, not ${s.issuer}: set OIDC_ISSUER to exactly its issuer.`,
    };
  }
  return { ok: true, doc: parsed.data, latencyMs };
}

/** Reads the provider's discovery document and checks what Wharf needs from it. */
export async function testOidcDiscovery(
  fetchImpl: typeof fetch = fetch,
  timeoutMs = OIDC_HTTP_TIMEOUT_MS,
): Promise<DiscoveryResult> {
  const s = oidcSettings();
  if (!s)
    return { ok: false, message: 'OIDC is off: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.' };
  const read = await readDiscovery(s, fetchImpl, timeoutMs);
  if (!read.ok) return read;
  const { doc: d, latencyMs } = read;
  const warnings: string[] = [];
  if (d.code_challenge_methods_supported && !d.code_challenge_methods_supported.includes('S256'))
    warnings.push('The provider does not list PKCE with S256.');
  for (const scope of s.scopes.split(' ')) {
    if (d.scopes_supported && !d.scopes_supported.includes(scope))
      warnings.push(`The provider does not list the scope ${scope} (OIDC_SCOPES).`);
  }
  for (const claim of [s.usernameClaim, s.groupsClaim]) {
    if (d.claims_supported && !d.claims_supported.includes(claim.split('.')[0]!))
      warnings.push(`The provider does not list the claim ${claim}.`);
  }
  return {
    ok: true,
    latencyMs,
    message: `Found the OpenID Connect provider ${d.issuer}.`,
    endpoints: {
      authorization: d.authorization_endpoint,
      token: d.token_endpoint,
      jwks: d.jwks_uri,
      userinfo: d.userinfo_endpoint ?? null,
      endSession: d.end_session_endpoint ?? null,
    },
    warnings,
  };
}

/**
 * Where the browser goes after a Wharf sign-out of an OIDC user: the provider's end-session
 * endpoint (RP-initiated logout, back to Wharf's sign-in page), or null when it has none or
 * cannot be read (then the Wharf session alone is ended, as always).
 */
export async function providerLogoutUrl(wharfUrl: string): Promise<string | null> {
  const s = oidcSettings();
  if (!s) return null;
  const read = await readDiscovery(s);
  if (!read.ok || !read.doc.end_session_endpoint) return null;
  const url = new URL(read.doc.end_session_endpoint);
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${wharfUrl}/login`);
  return url.toString();
}
