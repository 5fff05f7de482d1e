// LDAP end to end: a Wharf of its own configured against a real slapd, its own registry.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeJwt } from 'jose';
import { startRegistry, type RunningRegistry } from '../../scripts/registry/start-registry';
import { GROUPS_DN, PEOPLE_DN, SERVICE_DN, SERVICE_PASSWORD, startSlapd, type Slapd } from '../ldap/slapd';
import { Api } from '../fixtures/api';
import { signInViaApi, signInViaUi } from '../fixtures/auth';
import { DockerCli, Podman, run } from '../fixtures/clients';
import { ADMIN_PASSWORD, startWharf, waitFor, type WharfServer } from '../fixtures/wharf-server';

test.describe.configure({ mode: 'serial' });

let slapd: Slapd;
let wharf: WharfServer;
let registry: RunningRegistry;
let admin: Api;
const basic = (u: string, p: string) => ({
  Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
});

async function api(username: string, password: string) {
  const { request } = await import('@playwright/test');
  return request.newContext({ baseURL: wharf.url, extraHTTPHeaders: basic(username, password) });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  slapd = await startSlapd();
  wharf = await startWharf({
    name: 'ldap',
    env: {
      LDAP_URL: slapd.url,
      LDAP_BIND_DN: SERVICE_DN,
      LDAP_BIND_PASSWORD: SERVICE_PASSWORD,
      LDAP_BASE_DN: PEOPLE_DN,
      LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(uid={username}))',
      LDAP_GROUP_BASE_DN: GROUPS_DN,
      LDAP_ADMIN_GROUP_DN: `cn=registry-admins,${GROUPS_DN}`,
      LDAP_TIMEOUT: '2s',
      METRICS_TOKEN: 'metrics-token-for-the-ldap-suite',
    },
  });
  registry = await startRegistry({
    realm: `${wharf.url}/v2/token`,
    rootCertBundle: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
  });
  const ctx = await api('admin', ADMIN_PASSWORD);
  admin = new Api(ctx, 'admin');
});

test.afterAll(async () => {
  await registry?.stop();
  expect(await wharf?.stop()).toBe(0);
  await slapd?.stop();
});

test('[LDAP]: a directory user signs in to the UI; their Wharf record comes from the directory', async ({
  browser,
}) => {
  const page = await browser.newPage({ baseURL: wharf.url });
  await signInViaUi(page, 'alice', 'alice-pw');
  await expect(page).toHaveURL(/\/projects$/);
  await page.goto('/account');
  await expect(page.getByText('alice@wharf.test')).toBeVisible();
  await expect(page.getByText('LDAP directory').first()).toBeVisible();
  await page.close();
  const me = await admin.get('/api/v1/users/alice');
  expect(me.data).toMatchObject({
    source: 'ldap',
    email: 'alice@wharf.test',
    displayName: 'Alice Archer',
    admin: false,
  });
  // A wrong password gets the same generic message as a local user's.
  const { request } = await import('@playwright/test');
  const ctx = await request.newContext({ baseURL: wharf.url });
  expect((await signInViaApi(ctx, 'alice', 'wrong')).error).toBe('Invalid username or password');
  await ctx.dispose();
});

test('[LDAP]: group members get the group role; the admin group makes admins; docker login and podman push work', async () => {
  const project = `ldap-${Date.now().toString(36)}`;
  expect((await admin.post('/api/v1/projects', { name: project })).status).toBe(201);
  const groups = await admin.get('/api/v1/ldap/groups?q=dev');
  expect(groups.data.items).toEqual([{ dn: `cn=developers,${GROUPS_DN}`, name: 'developers' }]);
  expect(
    (
      await admin.post(`/api/v1/projects/${project}/members`, {
        group: `CN=Developers, ${GROUPS_DN}`,
        role: 'developer',
      })
    ).status,
  ).toBe(201);

  // bob is in "developers" and never signed in: his push works through the group.
  const docker = new DockerCli();
  const dockerLogin = await run(
    'docker',
    ['--config', docker.config, 'login', registry.host, '-u', 'bob', '--password-stdin'],
    { input: 'bob-pw' },
  );
  expect(dockerLogin.stdout).toContain('Login Succeeded');
  const podman = new Podman();
  expect((await podman.login('bob', 'bob-pw', registry.host)).code).toBe(0);
  const ref = `${registry.host}/${project}/app:v1`;
  await podman.makeImage(ref);
  const pushed = await podman.push(ref);
  expect(pushed.code, pushed.stderr).toBe(0);

  // dave is not in the group: denied.
  const daveDenied = new Podman();
  await daveDenied.login('dave', 'dave-pw', registry.host);
  const ref2 = `${registry.host}/${project}/app:dave`;
  await daveDenied.makeImage(ref2);
  expect((await daveDenied.push(ref2)).code).not.toBe(0);

  // carol is in the admin group: an admin from her first sign-in.
  const carol = await api('carol', 'carol-pw');
  expect((await carol.get('/api/v1/users')).status()).toBe(200);
  await carol.dispose();
  expect((await admin.get('/api/v1/users/carol')).data.admin).toBe(true);
});

test('[LDAP]: the typeahead finds directory users who never signed in; adding one creates the record', async () => {
  const project = `ldap-add-${Date.now().toString(36)}`;
  await admin.post('/api/v1/projects', { name: project });
  const search = await admin.get('/api/v1/users?q=da');
  expect(search.data.items).toContainEqual(expect.objectContaining({ username: 'dave' }));
  const added = await admin.post(`/api/v1/projects/${project}/members`, { username: 'dave', role: 'guest' });
  expect(added.status).toBe(201);
  expect((await admin.get('/api/v1/users/dave')).data.source).toBe('ldap');
  // A local user with a directory name is never taken over.
  expect((await admin.post('/api/v1/users', { username: 'dave', password: 'local-password-1' })).status).toBe(
    409,
  );
  // LDAP users cannot set a password in Wharf.
  const dave = await api('dave', 'dave-pw');
  const res = await dave.patch('/api/v1/users/me', {
    data: { password: 'new-password-1', currentPassword: 'dave-pw' },
  });
  expect(res.status()).toBe(400);
  await dave.dispose();
});

test('[LDAP]: Administration tests the connection and a user with their project roles', async () => {
  const conn = await admin.post('/api/v1/system/ldap', {});
  expect(conn.data).toMatchObject({ ok: true, step: 'connection' });
  const user = await admin.post('/api/v1/system/ldap', { username: 'bob' });
  expect(user.data.user.groups).toContain(`cn=developers,${GROUPS_DN}`);
  expect(user.data.user.projectRoles.length).toBeGreaterThanOrEqual(1);
  const missing = await admin.post('/api/v1/system/ldap', { username: 'nobody' });
  expect(missing.data).toMatchObject({ ok: false, message: 'no such user in the directory' });
  expect((await fetch(`${wharf.url}/metrics`)).status).toBe(401);
  const metrics = await fetch(`${wharf.url}/metrics`, {
    headers: { Authorization: 'Bearer metrics-token-for-the-ldap-suite' },
  });
  expect(metrics.status).toBe(200);
  // The service account's and the users' binds, timed.
  expect(await metrics.text()).toMatch(/wharf_ldap_bind_duration_seconds_count\{result="ok"\} [1-9]/);
  const settings = await admin.get('/api/v1/system/ldap');
  expect(settings.data).toMatchObject({ enabled: true, bindPasswordSet: true });
  expect(JSON.stringify(settings.data)).not.toContain(SERVICE_PASSWORD);
});

test('[LDAP DOWN]: directory down → clear UI message and token 401, never 500; Wharf recovers', async ({
  browser,
}) => {
  slapd.pause();
  try {
    const token = await fetch(`${wharf.url}/v2/token?service=wharf-registry`, {
      headers: basic('bob', 'bob-pw-not-cached'),
    });
    expect(token.status).toBe(401);
    expect((await token.json()).details).toMatch(/directory \(LDAP\) cannot be reached/);
    const page = await browser.newPage({ baseURL: wharf.url });
    await signInViaUi(page, 'alice', 'alice-pw-fresh');
    await expect(page.locator('#login-error')).toHaveText(
      'Sign-in is unavailable right now: the directory (LDAP) cannot be reached.',
    );
    await page.close();
    // Local users are not affected.
    expect((await admin.get('/api/v1/users/me')).status).toBe(200);
  } finally {
    slapd.resume();
  }
  await waitFor(
    async () =>
      (await fetch(`${wharf.url}/v2/token?service=wharf-registry`, { headers: basic('alice', 'alice-pw') }))
        .status === 200,
    15_000,
    'LDAP sign-in to recover',
  );
});

test('[LDAP]: a project admin adds an LDAP group on the Members tab', async ({ browser }) => {
  const project = `ldap-ui-${Date.now().toString(36)}`;
  await admin.post('/api/v1/projects', { name: project });
  const page = await browser.newPage({ baseURL: wharf.url });
  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/projects/);
  await page.goto(`/projects/${project}/members`);
  await page.getByLabel('LDAP group').fill(`cn=qa,${GROUPS_DN}`);
  await page.getByLabel('Group role').selectOption('maintainer');
  await page.getByRole('button', { name: 'Add group' }).click();
  await expect(page.getByRole('table', { name: 'Members' })).toContainText('qa');
  // Administration's "Test user" shows the role dave now has there through the group.
  await page.goto('/admin/authentication');
  await page.getByLabel('Username', { exact: true }).fill('dave');
  await page.getByRole('button', { name: 'Test user' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'DN' })).toContainText(`${project}: maintainer`);
  await page.close();
  const members = await admin.get(`/api/v1/projects/${project}/members`);
  expect(members.data.items).toContainEqual(
    expect.objectContaining({ kind: 'group', group: `cn=qa,${GROUPS_DN}`, role: 'maintainer' }),
  );
  // dave (in qa) now may delete there.
  const t = await fetch(`${wharf.url}/v2/token?service=wharf-registry&scope=repository:${project}/x:delete`, {
    headers: basic('dave', 'dave-pw'),
  });
  expect(decodeJwt((await t.json()).token).access).toEqual([
    { type: 'repository', name: `${project}/x`, actions: ['delete'] },
  ]);
  // "Check access" names the group the role came from.
  const why = await admin.get(
    `/api/v1/access/explain?subject=dave&scope=${encodeURIComponent(`repository:${project}/x:delete`)}`,
  );
  expect(why.data.results[0]).toMatchObject({ granted: true, code: null });
  expect(why.data.results[0].reasons.map((r: string) => r.toLowerCase())).toEqual([
    'credential: directory (ldap) password',
    `member through directory group cn=qa,${GROUPS_DN} with role maintainer`.toLowerCase(),
    `role maintainer in project ${project} allows delete`,
  ]);
});
