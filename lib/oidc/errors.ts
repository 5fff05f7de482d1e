// Why an OIDC sign-in came back to the sign-in page: next-auth's codes (discovery or the
// token exchange failed) and Wharf's own. A fixed set, so the URL cannot put arbitrary text
// on the page; the details go to the log.
export const OIDC_SIGN_IN_ERRORS = new Map<string, string>([
  [
    'OAuthSignin',
    'Single sign-on is unavailable: Wharf cannot reach the identity provider or read its configuration (OIDC_ISSUER). Sign in with your username and password, or try again later.',
  ],
  [
    'OAuthCallback',
    "Single sign-on failed: Wharf could not complete the sign-in with the identity provider (it refused Wharf's client credentials, could not be reached, or its answer did not check out). Try again; an administrator can check the OIDC settings under Administration → Authentication.",
  ],
  ['Callback', "Single sign-on failed: the identity provider's answer could not be processed. Try again."],
  [
    'OidcNameTaken',
    "Your single sign-on name belongs to an existing Wharf account (a local or LDAP user), so it cannot sign in with single sign-on. Sign in with that account's password, or ask an administrator.",
  ],
  [
    'OidcClaims',
    'The identity provider did not send a usable username for Wharf (see OIDC_USERNAME_CLAIM). Ask an administrator.',
  ],
  [
    'OidcRefused',
    'Single sign-on was refused: your Wharf account is disabled, or Wharf cannot sign you in right now.',
  ],
  ['AccessDenied', 'Sign-in was refused.'],
  ['Configuration', 'Sign-in is misconfigured on the server. Ask an administrator.'],
]);

export type OidcSignInErrorCode = 'OidcNameTaken' | 'OidcClaims' | 'OidcRefused';

/** The message for an `error` query parameter of /login (a generic one for unknown codes). */
export function signInErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return OIDC_SIGN_IN_ERRORS.get(code) ?? 'Sign-in failed. Try again.';
}
