// How large a request body may be, by path: the one policy Wharf's server (scripts/start.ts)
// checks before anything reads a body, and the token endpoint and readJson use for their caps.
// Pure and free of Next.js imports, so the launcher can load it.

export const KiB = 1024;
export const MiB = 1024 * KiB;

export type BodyLimit = {
  /** A name for logs and messages. */
  route: 'sign-in' | 'token' | 'api' | 'registry-events' | 'other';
  maxBytes: number;
  /**
   * True when Wharf's own code reads this body as a stream and stops at `maxBytes`, so a
   * body without Content-Length (chunked) can be counted as it arrives. Elsewhere (next-auth,
   * Next.js itself) the body is read by code that buffers it whole: such a body is refused.
   */
  isCountedWhileRead: boolean;
};

/** The token endpoint's cap (a password grant is a few hundred bytes). */
export const TOKEN_BODY_LIMIT: BodyLimit = { route: 'token', maxBytes: 64 * KiB, isCountedWhileRead: true };
/** The JSON API's cap: its largest real body (a robot with 100 projects) is a few KiB. */
export const API_BODY_LIMIT: BodyLimit = { route: 'api', maxBytes: 64 * KiB, isCountedWhileRead: true };
/**
 * Registry notifications: a batch of events, each with its manifest descriptor. The sink keeps
 * at most 4 MiB and reads the rest without keeping it, to count the events it drops: it must
 * answer 2xx with a warning and a reconcile rather than a 413, which the registry would retry
 * forever. Only absurd sizes are refused here.
 */
export const REGISTRY_EVENTS_BODY_LIMIT: BodyLimit = {
  route: 'registry-events',
  maxBytes: 64 * MiB,
  isCountedWhileRead: true,
};
/** next-auth's forms (csrf token, username, password, callback URL). */
const SIGN_IN_BODY_LIMIT: BodyLimit = { route: 'sign-in', maxBytes: 8 * KiB, isCountedWhileRead: false };
/** Pages and everything else: Wharf uses no server actions, so no legitimate large body. */
const OTHER_BODY_LIMIT: BodyLimit = { route: 'other', maxBytes: 8 * KiB, isCountedWhileRead: false };

const under = (pathname: string, prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

/**
 * The limit for a request path (`/path?query` or a full URL). Dot segments are resolved
 * first, as the router does, so `/api/v1/../auth/…` is the sign-in route.
 */
export function bodyLimitFor(url: string): BodyLimit {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://wharf.invalid').pathname;
  } catch {
    return OTHER_BODY_LIMIT;
  }
  if (under(pathname, '/api/auth')) return SIGN_IN_BODY_LIMIT;
  if (pathname === '/v2/token') return TOKEN_BODY_LIMIT;
  if (pathname === '/api/registry/events') return REGISTRY_EVENTS_BODY_LIMIT;
  if (under(pathname, '/api/v1')) return API_BODY_LIMIT;
  return OTHER_BODY_LIMIT;
}

export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; message: string };

/**
 * Decides from the headers alone, before a byte of the body is read: a declared length over
 * the cap is 413; a body of unknown length (chunked) is 411 where nothing would count it.
 */
export function checkDeclaredBody(
  limit: BodyLimit,
  headers: { contentLength: string | null | undefined; transferEncoding: string | null | undefined },
): BodyVerdict {
  const { contentLength, transferEncoding } = headers;
  if (contentLength != null && contentLength !== '') {
    const length = Number(contentLength);
    // Node rejects malformed lengths itself; a huge one is still a number here.
    if (!Number.isFinite(length) || length > limit.maxBytes) return tooLarge(limit);
    return { ok: true };
  }
  if (transferEncoding && !limit.isCountedWhileRead)
    return {
      ok: false,
      status: 411,
      message: 'send Content-Length: this endpoint does not accept chunked request bodies',
    };
  return { ok: true };
}

export function tooLarge(limit: BodyLimit): BodyVerdict & { ok: false } {
  return { ok: false, status: 413, message: `the request body is larger than ${limit.maxBytes} bytes` };
}
