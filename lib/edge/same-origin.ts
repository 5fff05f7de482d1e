// The same-origin rule for requests that change something with ambient credentials (the
// session cookie): browsers attach the cookie to requests any page starts, including a form
// on another port of the same host (same-site, so SameSite=Lax does not help). Only pages of
// Wharf's own origin may use it to change anything.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type RequestOriginOptions = {
  method: string;
  /** The Origin header (absent on some same-origin requests of older browsers). */
  origin: string | null;
  /** The Sec-Fetch-Site header (sent by current browsers on every request). */
  secFetchSite: string | null;
  /** WHARF_URL: the one origin Wharf's pages are served from. */
  appUrl: string;
  /**
   * How the caller authenticated: `cookie` must prove it comes from Wharf's pages; explicit
   * credentials (HTTP Basic) need no proof, but a foreign Origin is still refused (a browser
   * that cached Basic credentials sends them to cross-site forms as well).
   */
  credential: 'cookie' | 'explicit';
};

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** True when the request may proceed: a safe method, or it comes from Wharf's own origin. */
export function isSameOriginRequest({
  method,
  origin,
  secFetchSite,
  appUrl,
  credential,
}: RequestOriginOptions): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (origin !== null) {
    // `Origin: null` (sandboxed frames, file:, some redirects) matches nothing.
    const own = originOf(appUrl);
    return own !== null && originOf(origin) === own;
  }
  if (credential === 'explicit') return true;
  return secFetchSite === 'same-origin';
}
