import { describe, expect, it } from 'vitest';
import {
  oauthErrorBody,
  registryErrorBody,
  scopeErrorResponse,
  tokenErrorResponse,
} from '@/lib/tokens/errors';
import { parseScopes, ScopeError } from '@/lib/tokens/scope';

describe('token endpoint error bodies', () => {
  it('fill `details` and `errors` (what docker prints) with the same message', () => {
    expect(registryErrorBody('UNAUTHORIZED', 'incorrect username or password')).toEqual({
      details: 'incorrect username or password',
      errors: [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }],
    });
    expect(registryErrorBody('DENIED', 'account locked', { until: 'later' }).errors[0]).toEqual({
      code: 'DENIED',
      message: 'account locked',
      detail: { until: 'later' },
    });
  });

  it('fill the OAuth2 fields', () => {
    expect(oauthErrorBody('invalid_grant', 'refresh token revoked')).toEqual({
      error: 'invalid_grant',
      error_description: 'refresh token revoked',
    });
  });

  it('map the status to the registry error code and add the OAuth2 code when asked', () => {
    const bad = tokenErrorResponse({
      status: 401,
      message: 'incorrect username or password',
      oauth: 'invalid_grant',
    });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({
      details: 'incorrect username or password',
      errors: [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }],
      error: 'invalid_grant',
      error_description: 'incorrect username or password',
    });
    expect(bad.headers['Content-Type']).toBe('application/json');
    expect(bad.headers['Cache-Control']).toBe('no-store');
    expect(tokenErrorResponse({ status: 403, message: 'account disabled' }).body).not.toHaveProperty('error');
    expect(tokenErrorResponse({ status: 403, message: 'x' }).body.errors[0]!.code).toBe('DENIED');
  });

  it('send Retry-After with 429 and 503 only', () => {
    expect(tokenErrorResponse({ status: 503, message: 'down' }).headers['Retry-After']).toBe('5');
    expect(tokenErrorResponse({ status: 503, message: 'down' }).body.errors[0]!.code).toBe('UNAVAILABLE');
    expect(
      tokenErrorResponse({ status: 429, message: 'slow down', retryAfterSeconds: 12.2 }).headers[
        'Retry-After'
      ],
    ).toBe('13');
    expect(tokenErrorResponse({ status: 429, message: 'slow down' }).headers['Retry-After']).toBe('60');
    expect(tokenErrorResponse({ status: 401, message: 'no' }).headers).not.toHaveProperty('Retry-After');
  });

  it('clip long messages that may quote client input', () => {
    const body = tokenErrorResponse({
      status: 400,
      message: 'x'.repeat(5000),
      oauth: 'invalid_request',
    }).body;
    expect(body.details.length).toBeLessThanOrEqual(301);
    expect(body.error_description!.length).toBeLessThanOrEqual(301);
  });

  it('answer a malformed scope with 400 invalid_request', () => {
    let err: unknown;
    try {
      parseScopes(['repository:team/UPPER:pull']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScopeError);
    const res = scopeErrorResponse(err as ScopeError);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      errors: [{ code: 'INVALID_REQUEST', message: 'invalid repository name "team/UPPER"' }],
    });
  });
});
