// Shared HTTP helpers for route handlers: the JSON error envelope and error mapping, the
// capped JSON body and the client address.
import 'server-only';
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { AppError, type ErrorCode, ERROR_STATUS } from '@/lib/errors';
import { log } from '@/lib/log';
import { describeDbError, isInvalidTextError } from '@/lib/db';
import { API_BODY_LIMIT } from '@/lib/edge/body-limits';
import { EDGE_KEY_ENV, forwardedClientAddress } from '@/lib/edge/client-header';
import { readWebBody } from '@/lib/edge/read-body';
import { getEnv } from '@/lib/env';

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

export function errorResponse(
  code: ErrorCode,
  message: string,
  init: { details?: unknown; headers?: HeadersInit } = {},
) {
  const body: ErrorBody = {
    error: { code, message, ...(init.details !== undefined ? { details: init.details } : {}) },
  };
  return NextResponse.json(body, { status: ERROR_STATUS[code], headers: init.headers });
}

/** Maps any thrown value to the envelope; unknown errors are logged and answered with a generic 500. */
export function toErrorResponse(err: unknown, context: { requestId?: string } = {}): NextResponse {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err.retryAfterSeconds) headers['Retry-After'] = String(err.retryAfterSeconds);
    return errorResponse(err.code, err.message, { details: err.details, headers });
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = details[0];
    return errorResponse(
      'validation_failed',
      first ? `${first.path || 'body'}: ${first.message}` : 'invalid input',
      {
        details,
      },
    );
  }
  const prismaCode = (err as { code?: unknown })?.code;
  if (prismaCode === 'P2025') return errorResponse('not_found', 'not found');
  if (prismaCode === 'P2002') return errorResponse('conflict', 'already exists');
  // Last line of defence: schemas refuse such text first.
  if (isInvalidTextError(err))
    return errorResponse('bad_request', 'the request contains text that cannot be stored (such as NUL)');
  // An LDAP outage's message ("cannot be reached: connect ECONNREFUSED") must not read as the database's.
  if ((err as Error)?.name === 'LdapError' && (err as { isOutage?: boolean }).isOutage) {
    log.error('directory unavailable', { requestId: context.requestId, error: (err as Error).message });
    return errorResponse('unavailable', 'The directory (LDAP) cannot be reached; try again shortly.');
  }
  if (describeDbError(err) === 'database unreachable') {
    log.error('database unavailable', { requestId: context.requestId });
    return errorResponse('unavailable', 'The database is unavailable; try again shortly.');
  }
  log.error('unhandled error', { requestId: context.requestId, err });
  return errorResponse('internal_error', 'Internal error');
}

/**
 * Reads a JSON body, streaming, and stops at the first byte over the cap (nothing more is
 * buffered); malformed JSON is a 400, not a 500. The default cap is the API's
 * (lib/edge/body-limits.ts), which Wharf's server also checks before the body is read.
 */
export async function readJson(req: Request, maxBytes = API_BODY_LIMIT.maxBytes): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  const bytes = declared > maxBytes ? null : await readWebBody(req.body, maxBytes);
  if (!bytes) throw new AppError('payload_too_large', `body larger than ${maxBytes} bytes`);
  const text = bytes.toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'body is not valid JSON');
  }
}

/**
 * The client address. Under Wharf's server: the address it computed from the socket and
 * TRUST_PROXY, in a header it marks with a per-process key (a client-sent copy is ignored).
 * Under a plain `next start`: X-Forwarded-For by the TRUST_PROXY hops rule, else 'unknown'.
 */
export function clientIp(headers: Headers): string {
  return forwardedClientAddress({
    header: (name) => headers.get(name),
    key: process.env[EDGE_KEY_ENV],
    trustedHops: getEnv().TRUST_PROXY,
  });
}
