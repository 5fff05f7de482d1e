// The OpenID Connect provider for next-auth: discovery from OIDC_ISSUER, the authorization
// code flow with PKCE, state and nonce, the ID token verified by openid-client (signature,
// issuer, audience, expiry, nonce). What the claims mean for Wharf is lib/oidc/claims.ts.
import 'server-only';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { OIDC_PROVIDER_ID, oidcSettings } from '@/lib/oidc';
import type { OidcSignInErrorCode } from '@/lib/oidc/errors';

/** How long Wharf waits for the provider (discovery, token exchange, keys). */
export const OIDC_HTTP_TIMEOUT_MS = 5000;

type Profile = Record<string, unknown> & { sub?: string };

/** The next-auth provider, or null when OIDC_ISSUER is not set. */
export function oidcProvider(): OAuthConfig<Profile> | null {
  const s = oidcSettings();
  if (!s) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: s.name,
    type: 'oauth',
    wellKnown: `${s.issuer}/.well-known/openid-configuration`,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    authorization: { params: { scope: s.scopes } },
    checks: ['pkce', 'state', 'nonce'],
    idToken: true,
    httpOptions: { timeout: OIDC_HTTP_TIMEOUT_MS },
    // The Wharf user is made in the signIn callback (lib/auth/options.ts), from all the claims.
    profile: (profile) => ({ id: String(profile.sub ?? ''), name: null, email: null }),
  };
}

/** Where a refused OIDC sign-in goes: the sign-in page, with a code it explains. */
export function oidcSignInError(code: OidcSignInErrorCode): string {
  return `/login?error=${code}`;
}
