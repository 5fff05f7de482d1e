// A real OpenID Connect provider for the tests: the certified `oidc-provider` package on
// 127.0.0.1 with its development login page (any password), static users and their groups,
// and one confidential client (Wharf). Claims go into the ID token, as with Keycloak or Dex.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const OIDC_CLIENT_ID = 'wharf-e2e';
export const OIDC_CLIENT_SECRET = 'wharf-e2e-client-secret-0123456789';

export type OidcUser = { username: string; email: string; name: string; groups: string[] };

export type TestProvider = { issuer: string; port: number; stop: () => Promise<void> };

export async function startOidcProvider(options: {
  /** Wharf's URL: its callback is the client's only redirect URI. */
  wharfUrl: string;
  users: OidcUser[];
}): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  // ESM-only package: loaded at run time.
  const { default: Provider } = (await import('oidc-provider')) as unknown as {
    default: new (issuer: string, config: Record<string, unknown>) => { callback: () => http.RequestListener };
  };
  const byLogin = new Map(options.users.map((u) => [u.username, u]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [`${options.wharfUrl}/api/auth/callback/oidc`],
        post_logout_redirect_uris: [`${options.wharfUrl}/login`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // The login page's name is the account id; unknown names are refused by the provider.
    findAccount: async (_ctx: unknown, id: string) => {
      const user = byLogin.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: `sub-${id}`,
          preferred_username: user.username,
          email: user.email,
          name: user.name,
          groups: user.groups,
        }),
      };
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      groups: ['groups'],
    },
    scopes: ['openid', 'profile', 'email', 'groups'],
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['oidc-e2e-cookie-key-0123456789abcdef'] },
    // Test-only defaults quieted: no refresh tokens, short-lived everything.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
