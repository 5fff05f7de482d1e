// A real OpenID Connect provider for the tests: the certified `oidc-provider` package on
// 127.0.0.1 with its development login page (any password), static users and their groups,
// and one confidential client (Wharf). Claims go into the ID token, as with Keycloak or Dex.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const OIDC_CLIENT_ID = 'wharf-e2e';
export const OIDC_CLIENT_SECRET = 'wharf-e2e-client-secret-0123456789';

export type OidcUser = { username: string; email: string; name: string; groups: string[] };

export type TestProvider = {
  issuer: string;
  port: number;
  /**
   * (Re)configures the provider for a Wharf (its callback is the client's only redirect URI),
   * with Wharf's client secret or another one (a wrong secret on Wharf's side).
   */
  configure: (options: { wharfUrl: string; users: OidcUser[]; clientSecret?: string }) => Promise<void>;
  /** Answers 404 to everything: OIDC_ISSUER then points at something that is no provider. */
  setNotAProvider: (on: boolean) => void;
  stop: () => Promise<void>;
};

/** Listens first (Wharf needs the issuer URL to start), configured once Wharf's URL is known. */
export async function startOidcProvider(): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  let handler: http.RequestListener | null = null;
  let notAProvider = false;
  server.on('request', (req, res) => {
    if (!handler || notAProvider) {
      res.writeHead(404).end('not found');
      return;
    }
    handler(req, res);
  });
  return {
    issuer,
    port,
    configure: async (options) => {
      handler = await makeProvider(issuer, options);
    },
    setNotAProvider: (on) => {
      notAProvider = on;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function makeProvider(
  issuer: string,
  options: { wharfUrl: string; users: OidcUser[]; clientSecret?: string },
): Promise<http.RequestListener> {
  // ESM-only package: loaded at run time.
  const { default: Provider } = (await import('oidc-provider')) as unknown as {
    default: new (
      issuer: string,
      config: Record<string, unknown>,
    ) => { callback: () => http.RequestListener };
  };
  const byLogin = new Map(options.users.map((u) => [u.username, u]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: options.clientSecret ?? OIDC_CLIENT_SECRET,
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
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  });
  return provider.callback();
}
