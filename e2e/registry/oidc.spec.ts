// OpenID Connect end to end: a real provider (oidc-provider) on loopback, a Wharf of its own
// configured against it and a real slapd (OIDC beside LDAP and local accounts), its own registry. Chromium signs in through the provider's login page.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startRegistry, type RunningRegistry } from '../../scripts/registry/start-registry';
import {
  OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET,
  startOidcProvider,
  type OidcUser,
  type TestProvider,
} from '../oidc/provider';
import { Api } from '../fixtures/api';
import { signInViaApi, signInViaUi } from '../fixtures/auth';
import { ldapEnv, startSlapd, type Slapd } from '../ldap/slapd';
import { Podman } from '../fixtures/clients';
import { ADMIN_PASSWORD, startWharf, type WharfServer } from '../fixtures/wharf-server';

test.describe.configure({ mode: 'serial' });

const USERS: OidcUser[] = [
  { username: 'olivia', email: 'olivia@sso.test', name: 'Olivia Oak', groups: ['platform-team', 'everyone'] },
  // Named like Wharf's local administrator and like a directory user: must never take them over.
  { username: 'admin', email: 'intruder@sso.test', name: 'Not The Admin', groups: ['wharf-admins'] },
  { username: 'alice', email: 'not-alice@sso.test', name: 'Not Alice', groups: ['wharf-admins'] },
];

let provider: TestProvider;
let slapd: Slapd;
let wharf: WharfServer;
let registry: RunningRegistry;
let admin: Api;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [provider, slapd] = await Promise.all([startOidcProvider(), startSlapd()]);
  wharf = await startWharf({
    name: 'oidc',
    env: {
      ...ldapEnv(slapd),
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID,
      OIDC_CLIENT_SECRET,
      OIDC_NAME: 'Acme SSO',
      OIDC_ADMIN_GROUP: 'wharf-admins',
    },
  });
  await provider.configure({ wharfUrl: wharf.url, users: USERS });
  registry = await startRegistry({
    realm: `${wharf.url}/v2/token`,
    rootCertBundle: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
  });
  const { request } = await import('@playwright/test');
  const ctx = await request.newContext({
    baseURL: wharf.url,
    extraHTTPHeaders: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
  });
  admin = new Api(ctx, 'admin');
});

test.afterAll(async () => {
  await registry?.stop();
  expect(await wharf?.stop()).toBe(0);
  await provider?.stop();
  await slapd?.stop();
});

/** The provider's development login page (any password), then its consent page. */
async function signInAtProvider(page: Page, login: string) {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Acme SSO' }).click();
  await page.waitForURL((u) => u.origin === provider.issuer);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  await page.waitForURL((u) => u.origin === wharf.url || u.pathname.includes('/interaction/'));
  if (new URL(page.url()).origin === provider.issuer) await consent.click();
  await page.waitForURL((u) => u.origin === wharf.url);
}

test('[OIDC]: a provider user signs in, gets the group role, makes a token and pushes with podman', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const project = `oidc-${Date.now().toString(36)}`;
  expect((await admin.post('/api/v1/projects', { name: project })).status).toBe(201);
  const added = await admin.post(`/api/v1/projects/${project}/members`, {
    group: 'platform-team',
    source: 'oidc',
    role: 'developer',
  });
  expect(added.status).toBe(201);
  expect(added.data).toMatchObject({ kind: 'group', group: 'platform-team', groupSource: 'oidc' });
  // An LDAP group of the same name is another group (and gives olivia nothing).
  expect(
    (await admin.post(`/api/v1/projects/${project}/members`, { group: 'cn=x,dc=t', role: 'guest' })).status,
  ).toBe(201);

  const page = await browser.newPage({ baseURL: wharf.url });
  await signInAtProvider(page, 'olivia');
  await expect(page).toHaveURL(/\/projects$/);
  const me = await page.request.get(`/api/v1/projects/${project}`);
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ name: project, role: 'developer' });
  const user = await admin.get('/api/v1/users/olivia');
  expect(user.data).toMatchObject({ source: 'oidc', email: 'olivia@sso.test', admin: false });
  // Check access names the OIDC group as the source of the role.
  const explained = await admin.get(
    `/api/v1/access/explain?subject=olivia&scope=${encodeURIComponent(`repository:${project}/app:push`)}`,
  );
  expect(explained.data.results[0]).toMatchObject({ granted: true });
  expect(explained.data.results[0].reasons).toContain(
    'member through OIDC group platform-team with role developer',
  );

  // Administration → Authentication: discovery checks out.
  const discovery = await admin.post('/api/v1/system/oidc', {});
  expect(discovery.data).toMatchObject({
    ok: true,
    endpoints: { endSession: `${provider.issuer}/session/end` },
  });

  // The group picker suggests groups seen at sign-ins.
  const seen = await admin.get('/api/v1/oidc/groups?q=platform');
  expect(seen.data.items).toEqual([{ name: 'platform-team' }]);

  // No password: a personal access token for podman, made in the browser session.
  const made = await page.request.post('/api/v1/users/olivia/tokens', {
    data: { name: 'laptop', expiresInDays: 7 },
    headers: { Origin: wharf.url },
  });
  expect(made.status()).toBe(201);
  const { token } = (await made.json()) as { token: string };
  const podman = new Podman();
  expect((await podman.login('olivia', token, registry.host)).code).toBe(0);
  const ref = `${registry.host}/${project}/app:v1`;
  await podman.makeImage(ref);
  const pushed = await podman.push(ref);
  expect(pushed.code, pushed.stderr).toBe(0);

  // The Account page says to use tokens.
  await page.goto('/account');
  await expect(page.getByTestId('oidc-password-hint')).toContainText('personal access token');

  // Sign-out ends the Wharf session (the copied cookie stops working) and goes on to the
  // provider's end-session page, which comes back to Wharf's sign-in page.
  const cookies = await page.context().cookies();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.origin === provider.issuer);
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(`${wharf.url}/login`);
  const { request } = await import('@playwright/test');
  const copied = await request.newContext({ baseURL: wharf.url, storageState: { cookies, origins: [] } });
  expect((await copied.get('/api/v1/users/me')).status()).toBe(401);
  await copied.dispose();
  await page.close();
});

test('[OIDC]: a provider name that belongs to a local or LDAP user is refused with a clear message', async ({
  browser,
}) => {
  const page = await browser.newPage({ baseURL: wharf.url });
  await signInAtProvider(page, 'admin');
  await expect(page).toHaveURL(/\/login\?error=OidcNameTaken/);
  await expect(page.getByTestId('sign-in-error')).toContainText('belongs to an existing Wharf account');
  // The local admin is untouched: still local, still signs in with the password.
  expect((await admin.get('/api/v1/users/admin')).data).toMatchObject({ source: 'local', admin: true });

  // alice is a directory user who signed in before: the provider's "alice" is someone else.
  const { request } = await import('@playwright/test');
  const ldapCtx = await request.newContext({ baseURL: wharf.url });
  expect((await signInViaApi(ldapCtx, 'alice', 'alice-pw')).ok).toBe(true);
  // A fresh browser: the provider's session of "admin" would answer for anyone else.
  const page2 = await browser.newPage({ baseURL: wharf.url });
  await signInAtProvider(page2, 'alice');
  await expect(page2).toHaveURL(/\/login\?error=OidcNameTaken/);
  await page2.close();
  expect((await admin.get('/api/v1/users/alice')).data).toMatchObject({
    source: 'ldap',
    email: 'alice@wharf.test',
    admin: false,
  });
  await ldapCtx.dispose();
  await page.close();
});

test('[OIDC]: wrong client secret, wrong issuer, provider down: a clear message; local sign-in keeps working', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const page = await browser.newPage({ baseURL: wharf.url });
  // The provider no longer accepts Wharf's secret: the code exchange fails.
  await provider.configure({
    wharfUrl: wharf.url,
    users: USERS,
    clientSecret: 'another-secret-0123456789abcdef',
  });
  await signInAtProvider(page, 'olivia');
  await expect(page).toHaveURL(/\/login\?.*error=OAuthCallback/);
  await expect(page.getByTestId('sign-in-error')).toContainText('could not complete the sign-in');

  // OIDC_ISSUER points at something that is no provider: no discovery document.
  provider.setNotAProvider(true);
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Acme SSO' }).click();
  await expect(page).toHaveURL(/\/login\?.*error=OAuthSignin/);
  await expect(page.getByTestId('sign-in-error')).toContainText('cannot reach the identity provider');
  const discovery = await admin.post('/api/v1/system/oidc', {});
  expect(discovery.data).toMatchObject({ ok: false, message: expect.stringContaining('HTTP 404') });

  // The provider is down.
  await provider.stop();
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Acme SSO' }).click();
  await expect(page).toHaveURL(/\/login\?.*error=OAuthSignin/);
  await expect(page.getByTestId('sign-in-error')).toBeVisible();

  // Local and LDAP sign-in are unaffected.
  const { request } = await import('@playwright/test');
  const ldapCtx = await request.newContext({ baseURL: wharf.url });
  expect((await signInViaApi(ldapCtx, 'bob', 'bob-pw')).ok).toBe(true);
  await ldapCtx.dispose();
  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/projects$/);
  await page.close();
});
