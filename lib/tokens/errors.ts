// Error bodies of the token endpoint (distribution docs/spec/auth/token.md, errors). Clients read different fields:
// docker (distribution's parseHTTPErrorResponse) prefers `details`, then
// `errors[].message`; OAuth2 clients (containerd, BuildKit on POST) read `error`. One body
// carries all of them, so every client prints a useful message. Only JSON with
// `Content-Type: application/json` is parsed by docker, hence the headers here.
import type { ScopeError } from '@/lib/tokens/scope';

/** distribution errcode values clients map to messages (`unauthorized:`, `denied:` …). */
export type RegistryErrorCode =
  'UNAUTHORIZED' | 'DENIED' | 'TOOMANYREQUESTS' | 'INVALID_REQUEST' | 'UNSUPPORTED' | 'UNAVAILABLE';

/** RFC 6749 §5.2 error codes the token endpoint uses. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type';

export type RegistryError = { code: RegistryErrorCode; message: string; detail?: unknown };
export type RegistryErrorBody = { details: string; errors: RegistryError[] };
export type OAuthErrorBody = { error: OAuthErrorCode; error_description: string };
export type TokenErrorBody = RegistryErrorBody & Partial<OAuthErrorBody>;

/** 405, 413 and 503 are the HTTP edge's (lib/tokens/http-edge.ts); the service answers the others. */
export type TokenErrorStatus = 400 | 401 | 403 | 405 | 413 | 429 | 503;
export type TokenErrorResponse = {
  status: TokenErrorStatus;
  body: TokenErrorBody;
  headers: Record<string, string>;
};

/** Messages may quote client input; long ones are clipped rather than echoed whole. */
const MAX_MESSAGE = 300;
const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s);

const CODE_BY_STATUS: Record<TokenErrorStatus, RegistryErrorCode> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'DENIED',
  405: 'UNSUPPORTED',
  413: 'INVALID_REQUEST',
  429: 'TOOMANYREQUESTS',
  503: 'UNAVAILABLE',
};

/** The registry-spec error body `{details, errors:[{code, message, detail?}]}`. */
export function registryErrorBody(
  code: RegistryErrorCode,
  message: string,
  detail?: unknown,
): RegistryErrorBody {
  const m = clip(message);
  return { details: m, errors: [{ code, message: m, ...(detail === undefined ? {} : { detail }) }] };
}

/** The OAuth2 error body `{error, error_description}`. */
export function oauthErrorBody(error: OAuthErrorCode, description: string): OAuthErrorBody {
  return { error, error_description: clip(description) };
}

/**
 * A complete error response of the token endpoint. Bad credentials must be 401 (never an
 * anonymous token), bad input 400 and throttling 429 with Retry-After; never 5xx for an
 * authentication failure (clients then report "unexpected HTTP status").
 */
export function tokenErrorResponse({
  status,
  message,
  oauth,
  detail,
  retryAfterSeconds,
}: {
  status: TokenErrorStatus;
  message: string;
  /** Also fill the OAuth2 fields (POST grants, and 400s whose cause has an OAuth2 name). */
  oauth?: OAuthErrorCode;
  detail?: unknown;
  retryAfterSeconds?: number;
}): TokenErrorResponse {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store', // RFC 6749 §5: token responses must not be cached
  };
  if (status === 429 || status === 503)
    headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds ?? (status === 429 ? 60 : 5))));
  return {
    status,
    body: {
      ...registryErrorBody(CODE_BY_STATUS[status], message, detail),
      ...(oauth ? oauthErrorBody(oauth, message) : {}),
    },
    headers,
  };
}

/** The 400 answer to a malformed `scope` parameter. */
export function scopeErrorResponse(err: ScopeError): TokenErrorResponse {
  return tokenErrorResponse({ status: 400, message: err.message, oauth: err.oauthError });
}
