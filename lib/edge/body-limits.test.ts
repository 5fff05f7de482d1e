import { describe, expect, it } from 'vitest';
import { bodyLimitFor, checkDeclaredBody, KiB, MiB } from './body-limits';

describe('bodyLimitFor', () => {
  it('caps each route by its largest legitimate body', () => {
    expect(bodyLimitFor('/api/auth/callback/credentials')).toMatchObject({
      route: 'sign-in',
      maxBytes: 8 * KiB,
    });
    expect(bodyLimitFor('/api/auth/signout?x=1')).toMatchObject({ route: 'sign-in' });
    expect(bodyLimitFor('/v2/token?service=x')).toMatchObject({ route: 'token', maxBytes: 64 * KiB });
    expect(bodyLimitFor('/api/v1/projects')).toMatchObject({ route: 'api', maxBytes: 64 * KiB });
    expect(bodyLimitFor('/api/registry/events')).toMatchObject({
      route: 'registry-events',
      maxBytes: 64 * MiB,
    });
    for (const path of ['/', '/projects/x', '/login', '/api/health', '/api/v1x', '/v2/token/x', '/api/authx'])
      expect(bodyLimitFor(path)).toMatchObject({ route: 'other', maxBytes: 8 * KiB });
  });

  it('resolves dot segments as the router does, so a detour does not get a larger cap', () => {
    expect(bodyLimitFor('/api/v1/../auth/callback/credentials').route).toBe('sign-in');
    expect(bodyLimitFor('/api/v1/%2e%2e/auth/callback/credentials').route).toBe('sign-in');
    expect(bodyLimitFor('/api/registry/events/../../v1/projects').route).toBe('api');
  });

  it('counts chunked bodies only where Wharf reads them itself', () => {
    expect(bodyLimitFor('/v2/token').isCountedWhileRead).toBe(true);
    expect(bodyLimitFor('/api/v1/projects').isCountedWhileRead).toBe(true);
    expect(bodyLimitFor('/api/registry/events').isCountedWhileRead).toBe(true);
    expect(bodyLimitFor('/api/auth/callback/credentials').isCountedWhileRead).toBe(false);
    expect(bodyLimitFor('/projects').isCountedWhileRead).toBe(false);
  });
});

describe('checkDeclaredBody', () => {
  const api = bodyLimitFor('/api/v1/projects');
  const signIn = bodyLimitFor('/api/auth/callback/credentials');

  it('413 for a declared length over the cap, before reading', () => {
    expect(checkDeclaredBody(api, { contentLength: String(64 * KiB), transferEncoding: null })).toEqual({
      ok: true,
    });
    expect(
      checkDeclaredBody(api, { contentLength: String(64 * KiB + 1), transferEncoding: null }),
    ).toMatchObject({
      ok: false,
      status: 413,
    });
    expect(checkDeclaredBody(signIn, { contentLength: '52428800', transferEncoding: null })).toMatchObject({
      status: 413,
    });
    expect(checkDeclaredBody(api, { contentLength: '9'.repeat(400), transferEncoding: null })).toMatchObject({
      status: 413,
    });
  });

  it('chunked: counted where Wharf reads the body, 411 where it does not', () => {
    expect(checkDeclaredBody(api, { contentLength: null, transferEncoding: 'chunked' })).toEqual({
      ok: true,
    });
    expect(
      checkDeclaredBody(signIn, { contentLength: undefined, transferEncoding: 'chunked' }),
    ).toMatchObject({
      ok: false,
      status: 411,
    });
  });

  it('no body at all is fine everywhere', () => {
    expect(checkDeclaredBody(signIn, { contentLength: null, transferEncoding: null })).toEqual({ ok: true });
    expect(checkDeclaredBody(signIn, { contentLength: '0', transferEncoding: null })).toEqual({ ok: true });
  });
});
