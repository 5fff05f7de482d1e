import { describe, expect, it, vi } from 'vitest';
import { parseEnv } from '@/lib/env';

const env = vi.hoisted(() => ({ raw: {} as Record<string, string> }));
vi.mock('@/lib/db', () => ({ db: {} }));
vi.mock('@/lib/env', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/env')>();
  return { ...actual, getEnv: () => actual.parseEnv(env.raw) };
});

const { testOidcDiscovery, oidcSettingsView } = await import('@/lib/oidc/diagnostics');

const ISSUER = 'https://sso.example.test/realms/acme';
const ON = { OIDC_ISSUER: ISSUER, OIDC_CLIENT_ID: 'wharf', OIDC_CLIENT_SECRET: 'secret-value-xyz' };
const doc = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/certs`,
  end_session_endpoint: `${ISSUER}/logout`,
  code_challenge_methods_supported: ['S256'],
  scopes_supported: ['openid', 'profile', 'email'],
};
const answer = (body: unknown, status = 200) =>
  vi.fn(async () => new Response(JSON.stringify(body), { status }));

describe('OIDC settings view', () => {
  it('is off without OIDC_ISSUER and never shows the client secret', () => {
    env.raw = {};
    expect(oidcSettingsView()).toEqual({ enabled: false });
    env.raw = ON;
    const view = oidcSettingsView();
    expect(view).toMatchObject({
      enabled: true,
      OIDC_ISSUER: ISSUER,
      OIDC_SCOPES: 'openid profile email groups',
    });
    expect(JSON.stringify(view)).not.toContain('secret-value-xyz');
  });
});

describe('testOidcDiscovery', () => {
  it('reports the endpoints, and warns about scopes the provider does not list', async () => {
    env.raw = ON;
    const fetchImpl = answer(doc);
    const result = await testOidcDiscovery(fetchImpl as unknown as typeof fetch);
    expect(fetchImpl).toHaveBeenCalledWith(`${ISSUER}/.well-known/openid-configuration`, expect.anything());
    expect(result).toMatchObject({
      ok: true,
      endpoints: { token: `${ISSUER}/token`, endSession: `${ISSUER}/logout`, userinfo: null },
      warnings: ['The provider does not list the scope groups (OIDC_SCOPES).'],
    });
  });

  it('names a wrong issuer, a non-provider, an HTTP error and a timeout', async () => {
    env.raw = ON;
    expect(await testOidcDiscovery(answer({ ...doc, issuer: 'https://other.test' }) as never)).toMatchObject({
      ok: false,
      message: expect.stringContaining('calls itself https://other.test'),
    });
    expect(await testOidcDiscovery(answer({ hello: 1 }) as never)).toMatchObject({
      ok: false,
      message: expect.stringContaining('not an OpenID Connect discovery document'),
    });
    expect(await testOidcDiscovery(answer({}, 404) as never)).toMatchObject({
      ok: false,
      message: expect.stringContaining('HTTP 404'),
    });
    const hang = ((_: string, init: RequestInit) =>
      new Promise((_resolve, reject) =>
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason)),
      )) as unknown as typeof fetch;
    expect(await testOidcDiscovery(hang, 50)).toMatchObject({
      ok: false,
      message: expect.stringContaining('did not answer within 0.05 s'),
    });
  });
});

describe('OIDC settings', () => {
  it('need a client id and secret with the issuer, and openid among the scopes', () => {
    expect(() => parseEnv({ OIDC_ISSUER: ISSUER })).toThrow(
      /OIDC_CLIENT_ID: is required when OIDC_ISSUER is set/,
    );
    expect(() => parseEnv({ ...ON, OIDC_SCOPES: 'profile email' })).toThrow(
      /OIDC_SCOPES: must include openid/,
    );
    expect(() => parseEnv({ ...ON, OIDC_ISSUER: 'ftp://x' })).toThrow(/OIDC_ISSUER/);
    expect(parseEnv({ ...ON, OIDC_ISSUER: `${ISSUER}/` }).OIDC_ISSUER).toBe(ISSUER);
  });
});
