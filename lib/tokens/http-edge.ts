// The HTTP edge of the token endpoint (GET/POST /v2/token): the transport rules, in one place
// for both entry points, Wharf's server (scripts/start.ts, through lib/tokens/edge-handoff.ts)
// and the Next.js route (app/v2/token/route.ts): methods, content type, body cap, errors in the
// registry's format, one log line per request. The credential and scope rules are
// lib/tokens/service.ts. No Next.js imports: the server calls this outside Next's pipeline.
import 'server-only';
import { TOKEN_BODY_LIMIT, checkDeclaredBody } from '@/lib/edge/body-limits';
import type { EdgeRequest, EdgeResponse } from '@/lib/edge/types';
import { isLevelEnabled, log } from '@/lib/log';
import { tokenErrorResponse } from '@/lib/tokens/errors';
import { handleTokenRequest, type TokenRequest, type TokenResponse } from '@/lib/tokens/service';

const FORM_TYPE = 'application/x-www-form-urlencoded';

const RESULT_BY_STATUS: Record<number, string> = {
  200: 'ok',
  400: 'bad_request',
  401: 'unauthorized',
  403: 'denied',
  405: 'method_not_allowed',
  413: 'too_large',
  429: 'throttled',
  503: 'error',
};

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The query of a request target (`/path?query`, or a full URL) as `new URL(target).searchParams`
 * gives it, without building a URL: this runs for every token request.
 */
export function queryOf(target: string): URLSearchParams {
  const end = target.indexOf('#');
  const path = end < 0 ? target : target.slice(0, end);
  const q = path.indexOf('?');
  // From the '?': URLSearchParams drops one leading '?', as URL does (`??a=1` has the key `?a`).
  return new URLSearchParams(q < 0 ? '' : path.slice(q));
}

/** The service's answer to the request (without waiting for a GET that needs nothing else). */
function toServiceResponse(req: EdgeRequest): TokenResponse | Promise<TokenResponse> {
  if (req.method !== 'GET' && req.method !== 'POST') {
    const res = tokenErrorResponse({
      status: 405,
      message: `use GET or POST, not ${req.method.slice(0, 20)}`,
    });
    return { ...res, headers: { ...res.headers, Allow: 'GET, POST' } };
  }
  const common: Omit<TokenRequest, 'method'> = {
    query: queryOf(req.url),
    authorization: req.header('authorization'),
    ip: req.clientAddress,
    userAgent: req.header('user-agent') ?? undefined,
  };
  if (req.method === 'GET') return handleTokenRequest({ method: 'GET', ...common });
  return fromForm(req, common);
}

/** A POST: the form body, read within the token endpoint's cap. */
async function fromForm(req: EdgeRequest, common: Omit<TokenRequest, 'method'>): Promise<TokenResponse> {
  if (mediaType(req.header('content-type')) !== FORM_TYPE) {
    const message = `send the body as ${FORM_TYPE}`;
    return tokenErrorResponse({ status: 400, message, oauth: 'invalid_request' });
  }
  const declared = checkDeclaredBody(TOKEN_BODY_LIMIT, {
    contentLength: req.header('content-length'),
    transferEncoding: req.header('transfer-encoding'),
  });
  if (!declared.ok)
    return tokenErrorResponse({ status: 413, message: declared.message, oauth: 'invalid_request' });
  // A client that breaks off its upload is not a failure of the service.
  const body = await req.readBody(TOKEN_BODY_LIMIT.maxBytes).catch(() => 'unreadable' as const);
  if (body === 'unreadable')
    return tokenErrorResponse({
      status: 400,
      message: 'the request body could not be read',
      oauth: 'invalid_request',
    });
  if (!body) {
    const message = `the request body is larger than ${TOKEN_BODY_LIMIT.maxBytes} bytes`;
    return tokenErrorResponse({ status: 413, message, oauth: 'invalid_request' });
  }
  const form = new URLSearchParams(Buffer.from(body).toString('utf8'));
  return handleTokenRequest({ method: 'POST', ...common, form });
}

/**
 * Answers one token request. Never throws: a failure of the service (database down, a bug)
 * is 503 with Retry-After, which tells the client the service is down, not its password wrong.
 */
export async function handleTokenEdge(req: EdgeRequest): Promise<EdgeResponse> {
  const started = performance.now();
  let res: TokenResponse;
  let failure: unknown;
  try {
    res = await toServiceResponse(req);
  } catch (err) {
    failure = err;
    res = tokenErrorResponse({ status: 503, message: 'the token service is temporarily unavailable' });
  }
  // Never the Authorization header, the form (passwords, refresh tokens) or the answer (tokens).
  // Built only when a line is written: this runs for every token request.
  const fields = () => ({
    method: req.method.slice(0, 20),
    status: res.status,
    result: RESULT_BY_STATUS[res.status] ?? 'other',
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    ip: req.clientAddress,
    requestId: req.requestId,
    entry: req.entry,
  });
  if (failure) log.error('token request failed', { ...fields(), err: failure });
  else if (isLevelEnabled('debug')) log.debug('token request', fields());
  return {
    status: res.status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...res.headers },
    body: res.json ?? JSON.stringify(res.body),
  };
}
