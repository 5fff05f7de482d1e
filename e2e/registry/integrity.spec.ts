// Registry integrity against a Wharf and a real registry 2.8 of its own (its storage folder is
// the test's, so repositories can vanish behind Wharf's back and the registry can be stopped):
// reconcile both ways, project names reused without their old images, robot names that cannot
// collide, pages that stay small for co-tagged digests, dropped notifications, the pull host
// learned from notifications (already in the webhooks of the first push), and the directory
// named in an LDAP outage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request, test, type Page } from '@playwright/test';
import pg from 'pg';
import { startRegistry, type RunningRegistry } from '../../scripts/registry/start-registry';
import { Api, uniqueName } from '../fixtures/api';
import { Podman } from '../fixtures/clients';
import { ADMIN_PASSWORD, freePort, startWharf, type WharfServer } from '../fixtures/wharf-server';
import { accessOf } from '../fixtures/token';
import { startReceiver } from '../fixtures/webhook-receiver';

const SECRET = 'integrity-notify-secret-0123456789';
const MANIFEST_ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

let wharf: WharfServer;
let registry: RunningRegistry;
let registryPort: number;
let storageDir: string;
let admin: Api;

test.describe.configure({ mode: 'serial' });

async function apiAs(username: string, password: string): Promise<Api> {
  const ctx = await request.newContext({
    baseURL: wharf.url,
    extraHTTPHeaders: {
      Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      Origin: wharf.url,
    },
  });
  return new Api(ctx, username);
}

async function newUser(prefix: string) {
  const username = uniqueName(prefix);
  const password = `pw-${username}-Secret1`;
  const res = await admin.post('/api/v1/users', { username, password });
  expect(res.status, JSON.stringify(res.data)).toBe(201);
  return { username, password, api: await apiAs(username, password) };
}

/** A short project name unique to this run (letters and digits: "-" is for the robot test). */
const shortName = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

function startTestRegistry() {
  return startRegistry({
    realm: `${wharf.url}/v2/token`,
    rootCertBundle: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
    port: registryPort,
    storageDir,
    notifications: { url: `${wharf.url}/api/registry/events`, secret: SECRET },
  });
}

async function reconcile() {
  // A reconcile requested by Wharf itself may be running: try again shortly.
  for (let i = 0; ; i++) {
    const res = await admin.post('/api/v1/system/reconcile', {});
    if (res.status !== 409 || i > 20) return res;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Wharf's lines about reconciles and dropped notifications: what ran besides the test's own. */
const reconcileLog = () =>
  wharf
    .output()
    .split('\n')
    .filter((line) => /reconcile|notification dropped/.test(line))
    .slice(-20)
    .join('\n');

async function pushImage(podman: Podman, ref: string) {
  await podman.makeImage(ref);
  const pushed = await podman.push(ref);
  expect(pushed.code, pushed.stderr).toBe(0);
}

const tagNames = async (api: Api, repository: string) => {
  const res = await api.get(`/api/v1/repositories/${repository}/tags?pageSize=100&sort=name`);
  return res.status === 200 ? res.data.items.map((t: { name: string }) => t.name) : res.status;
};

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${wharf.url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/projects/);
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  registryPort = await freePort();
  const ldapPort = await freePort(); // nothing listens: the directory is down
  wharf = await startWharf({
    name: 'integrity',
    env: {
      REGISTRY_URL: `http://127.0.0.1:${registryPort}`,
      REGISTRY_NOTIFY_SECRET: SECRET,
      RECONCILE_INTERVAL: '24h',
      LDAP_URL: `ldap://127.0.0.1:${ldapPort}`,
      LDAP_BASE_DN: 'dc=example,dc=com',
      LDAP_TIMEOUT: '2s',
    },
  });
  storageDir = mkdtempSync(path.join(tmpdir(), 'wharf-integrity-storage-'));
  registry = await startTestRegistry();
  admin = await apiAs('admin', ADMIN_PASSWORD);
});

test.afterAll(async () => {
  await registry?.stop();
  const code = await wharf?.stop();
  if (code !== 0 && wharf) console.error(`Wharf exited with ${code}\n${wharf.output().slice(-4000)}`);
  if (storageDir) rmSync(storageDir, { recursive: true, force: true });
});

test('[PULL HOST]: the webhooks of the first push this Wharf sees already name the registry host it learns from it', async () => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    const project = shortName('first');
    expect((await admin.post('/api/v1/projects', { name: project })).status).toBe(201);
    const hook = await admin.post(`/api/v1/projects/${project}/webhooks`, {
      url: `${receiver.url}/harbor`,
      events: ['push'],
      format: 'harbor',
    });
    expect(hook.status, JSON.stringify(hook.data)).toBe(201);
    const podman = new Podman();
    expect((await podman.login('admin', ADMIN_PASSWORD, registry.host)).code).toBe(0);
    await pushImage(podman, `${registry.host}/${project}/app:1`);
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body.event_data.resources[0].resource_url).toBe(`${registry.host}/${project}/app:1`);
  } finally {
    await receiver.close();
  }
});

test('[RECONCILE]: a repository removed in the registry storage leaves Wharf; with the registry down nothing is removed', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const project = shortName('rec');
  expect((await admin.post('/api/v1/projects', { name: project, public: true })).status).toBe(201);
  const podman = new Podman();
  expect((await podman.login('admin', ADMIN_PASSWORD, registry.host)).code).toBe(0);
  await pushImage(podman, `${registry.host}/${project}/gone:1`);
  await pushImage(podman, `${registry.host}/${project}/kept:1`);
  await expect
    .poll(async () => (await admin.get(`/api/v1/projects/${project}/repositories`)).data.total, {
      timeout: 30_000,
    })
    .toBe(2);
  // Every push event stored (the tag is the last a push writes): a repository row written after
  // the reconcile starts is never removed by it, so a late write would hide what is measured.
  for (const repository of [`${project}/gone`, `${project}/kept`])
    await expect.poll(() => tagNames(admin, repository), { timeout: 30_000 }).toEqual(['1']);

  rmSync(path.join(storageDir, 'docker', 'registry', 'v2', 'repositories', project, 'gone'), {
    recursive: true,
  });
  const report = await reconcile();
  expect(report.status, JSON.stringify(report.data)).toBe(200);
  expect(report.data.repositoriesRemoved, reconcileLog()).toBe(1);
  expect(report.data.incomplete).toBeUndefined();
  expect(await tagNames(admin, `${project}/gone`)).toBe(404);
  expect(await tagNames(admin, `${project}/kept`)).toEqual(['1']);
  const repos = await admin.get(`/api/v1/projects/${project}/repositories`);
  expect(repos.data.items.map((r: { name: string }) => r.name)).toEqual([`${project}/kept`]);
  // The UI (anonymously: the project is public) lists only what is left.
  await page.goto(`${wharf.url}/projects/${project}`);
  await expect(page.getByRole('link', { name: 'kept', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'gone', exact: true })).toHaveCount(0);
  expect((await page.goto(`${wharf.url}/repositories/${project}/gone`))?.status()).toBe(404);

  // Registry down: the reconcile fails and removes nothing, even what is gone from storage.
  rmSync(path.join(storageDir, 'docker', 'registry', 'v2', 'repositories', project, 'kept'), {
    recursive: true,
  });
  await registry.stop();
  try {
    const failed = await reconcile();
    expect(failed.status).toBe(503);
    expect(await tagNames(admin, `${project}/kept`)).toEqual(['1']);
  } finally {
    registry = await startTestRegistry();
  }
  // Back up: now it goes.
  const after = await reconcile();
  expect(after.data.repositoriesRemoved, reconcileLog()).toBe(1);
  expect(await tagNames(admin, `${project}/kept`)).toBe(404);
});

test('[PROJECT REUSE]: a deleted project takes its images along; a name with images left is refused unless an admin adopts them', async () => {
  test.setTimeout(240_000);
  const project = shortName('tmpp');
  const owner = await newUser('owner');
  const other = await newUser('other');
  expect((await admin.patch('/api/v1/settings', { projectCreation: 'everyone' })).status).toBe(200);
  expect((await owner.api.post('/api/v1/projects', { name: project })).status).toBe(201);
  const ownerPodman = new Podman();
  expect((await ownerPodman.login(owner.username, owner.password, registry.host)).code).toBe(0);
  await pushImage(ownerPodman, `${registry.host}/${project}/secret-app:1`);
  await expect.poll(() => tagNames(owner.api, `${project}/secret-app`), { timeout: 30_000 }).toEqual(['1']);

  // An admin force-deletes it: the registry deletes its manifests.
  const deleted = await admin.delete(`/api/v1/projects/${project}?force=true`);
  expect(deleted.status, JSON.stringify(deleted.data)).toBe(200);
  expect(deleted.data.manifestsDeleted).toBeGreaterThanOrEqual(1);

  // Another user takes the name: nothing old is listed or pullable.
  expect((await other.api.post('/api/v1/projects', { name: project })).status).toBe(201);
  expect((await other.api.get(`/api/v1/projects/${project}/repositories`)).data.total).toBe(0);
  await reconcile();
  expect((await other.api.get(`/api/v1/projects/${project}/repositories`)).data.total).toBe(0);
  expect(await tagNames(other.api, `${project}/secret-app`)).not.toEqual(['1']);
  const otherPodman = new Podman();
  expect((await otherPodman.login(other.username, other.password, registry.host)).code).toBe(0);
  const pull = await otherPodman.pull(`${registry.host}/${project}/secret-app:1`);
  expect(pull.code).not.toBe(0);

  // Images left behind (a project row removed outside Wharf's delete): the name is refused...
  const left = shortName('left');
  expect((await owner.api.post('/api/v1/projects', { name: left })).status).toBe(201);
  await pushImage(ownerPodman, `${registry.host}/${left}/app:1`);
  await expect.poll(() => tagNames(owner.api, `${left}/app`), { timeout: 30_000 }).toEqual(['1']);
  const db = new pg.Client({ connectionString: wharf.databaseUrl() });
  await db.connect();
  try {
    await db.query('DELETE FROM "Project" WHERE name = $1', [left]);
  } finally {
    await db.end();
  }
  const refused = await other.api.post('/api/v1/projects', { name: left });
  expect(refused.status).toBe(409);
  expect(refused.data.error.message).toMatch(/still holds images under .* earlier project/);
  expect(refused.data.error.message).not.toContain(`${left}/app`); // not named to non-admins
  expect((await other.api.post('/api/v1/projects', { name: left, adopt: true })).status).toBe(403);
  const adminRefused = await admin.post('/api/v1/projects', { name: left });
  expect(adminRefused.status).toBe(409);
  expect(adminRefused.data.error.message).toContain(`${left}/app`);
  expect(adminRefused.data.error.message).toContain('"adopt": true');
  // ...and an admin may adopt them explicitly.
  const adopted = await admin.post('/api/v1/projects', { name: left, adopt: true });
  expect(adopted.status).toBe(201);
  expect(adopted.data.adopted).toEqual([`${left}/app`]);
  await expect.poll(() => tagNames(admin, `${left}/app`), { timeout: 30_000 }).toEqual(['1']);
});

test('[ROBOTS]: robot c-ci in ab and robot ci in ab-c both exist and both push with podman', async () => {
  test.setTimeout(240_000);
  const ab = shortName('ab');
  const abc = `${ab}-c`;
  const robots: Array<{ project: string; name: string; secret: string }> = [];
  for (const [project, short] of [
    [ab, 'c-ci'],
    [abc, 'ci'],
  ] as const) {
    expect((await admin.post('/api/v1/projects', { name: project })).status).toBe(201);
    const res = await admin.post(`/api/v1/projects/${project}/robots`, {
      name: short,
      actions: ['pull', 'push'],
    });
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    expect(res.data.name).not.toContain('$');
    robots.push({ project, name: res.data.name, secret: res.data.secret });
  }
  expect(robots.map((r) => r.name)).toEqual([`robot-${ab}.c-ci`, `robot-${abc}.ci`]);
  for (const robot of robots) {
    const podman = new Podman();
    const login = await podman.login(robot.name, robot.secret, registry.host);
    expect(login.code, login.stderr).toBe(0);
    await pushImage(podman, `${registry.host}/${robot.project}/app:1`);
    // Each robot stays in its own project.
    const otherProject = robots.find((r) => r !== robot)!.project;
    await podman.makeImage(`${registry.host}/${otherProject}/intruder:1`);
    expect((await podman.push(`${registry.host}/${otherProject}/intruder:1`)).code).not.toBe(0);
  }
});

test('[BARE NAME]: no push to a repository named like its project (the UI and API show <project>/<name> only)', async () => {
  const project = shortName('bare');
  expect((await admin.post('/api/v1/projects', { name: project })).status).toBe(201);
  const podman = new Podman();
  expect((await podman.login('admin', ADMIN_PASSWORD, registry.host)).code).toBe(0);
  await podman.makeImage(`${registry.host}/${project}:1`);
  const pushed = await podman.push(`${registry.host}/${project}:1`);
  expect(pushed.code).not.toBe(0);
  const token = await fetch(
    `${wharf.url}/v2/token?service=wharf-registry&scope=repository:${project}:pull,push`,
    { headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } },
  );
  const { token: jwt } = (await token.json()) as { token: string };
  expect(accessOf(jwt).flatMap((a) => a.actions)).not.toContain('push');
});

test('[TAGS]: 300 tags of one digest: a page of 100 is small, and the delete dialog names every tag that goes', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const project = shortName('many');
  const repository = `${project}/app`;
  expect((await admin.post('/api/v1/projects', { name: project })).status).toBe(201);
  const podman = new Podman();
  expect((await podman.login('admin', ADMIN_PASSWORD, registry.host)).code).toBe(0);
  const first = `${registry.host}/${repository}:t000`;
  await podman.makeImage(first);
  expect((await podman.run(['push', '--tls-verify=false', '--format', 'oci', first])).code).toBe(0);
  // 299 more tags of the same manifest, PUT straight to the registry.
  const tokenRes = await fetch(
    `${wharf.url}/v2/token?service=wharf-registry&scope=repository:${repository}:pull,push`,
    { headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } },
  );
  const auth = { Authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
  const manifest = await fetch(`${registry.url}/v2/${repository}/manifests/t000`, {
    headers: { ...auth, Accept: MANIFEST_ACCEPT },
  });
  const type = manifest.headers.get('content-type')!;
  const body = await manifest.text();
  const names = Array.from({ length: 299 }, (_, i) => `t${String(i + 1).padStart(3, '0')}`);
  for (let i = 0; i < names.length; i += 8)
    await Promise.all(
      names.slice(i, i + 8).map(async (tag) => {
        const res = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
          method: 'PUT',
          headers: { ...auth, 'Content-Type': type },
          body,
        });
        expect(res.status).toBe(201);
      }),
    );
  await expect
    .poll(async () => (await admin.get(`/api/v1/repositories/${repository}/tags?pageSize=1`)).data.total, {
      timeout: 60_000,
    })
    .toBe(300);

  const res = await fetch(`${wharf.url}/api/v1/repositories/${repository}/tags?pageSize=100`, {
    headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
  });
  const text = await res.text();
  expect(text.length).toBeLessThan(100 * 1024);
  const pageOfTags = JSON.parse(text) as {
    items: Array<{ name: string; sameDigestCount: number; sameDigestSample: string[] }>;
  };
  expect(pageOfTags.items).toHaveLength(100);
  for (const item of pageOfTags.items) {
    expect(item.sameDigestCount).toBe(300);
    expect(item.sameDigestSample.length).toBeLessThanOrEqual(5);
  }
  const one = await admin.get(`/api/v1/repositories/${repository}/tags/t123`);
  expect(one.data.sameDigest).toHaveLength(300);

  await signIn(page, 'admin', ADMIN_PASSWORD);
  const response = await page.goto(`${wharf.url}/repositories/${repository}?sort=name`);
  expect((await response!.text()).length).toBeLessThan(1024 * 1024);
  await page.getByRole('button', { name: 'Delete tag t000', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Delete 300 tags' })).toBeEnabled();
  const listed = (await dialog.getByTestId('same-digest').textContent())!.split(', ');
  expect(listed.sort()).toEqual(names);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('[NOTIFY]: notifications over 1,000 events or 4 MB are not lost silently: a warning with the count and a reconcile', async () => {
  const post = (events: unknown[]) =>
    fetch(`${wharf.url}/api/registry/events`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${SECRET}`,
        'Content-Type': 'application/vnd.docker.distribution.events.v1+json',
      },
      body: JSON.stringify({ events }),
    });
  const event = (i: number, padding = '') => ({
    id: `bulk-${Date.now()}-${i}`,
    action: 'push',
    target: { repository: 'x/y', tag: `t${i}`, digest: 'sha256:00', mediaType: 'application/octet-stream' },
    request: { useragent: padding },
  });
  const lastReconcile = async () =>
    (await admin.get('/api/health')).data.components.reconcile?.finishedAt ?? '';
  for (const [events, warning] of [
    [
      Array.from({ length: 1001 }, (_, i) => event(i)),
      /registry notification dropped: over 1000 events.*"events":1001/,
    ],
    [
      Array.from({ length: 10 }, (_, i) => event(i, 'x'.repeat(512 * 1024))),
      /registry notification dropped: body over 4194304 bytes.*"events":10/,
    ],
  ] as const) {
    const before = await lastReconcile();
    const res = await post(events);
    expect(res.status).toBe(202); // acknowledged: a 4xx would block the registry's queue
    expect(await res.json()).toMatchObject({ dropped: events.length });
    expect(wharf.output()).toMatch(warning);
    await expect.poll(lastReconcile, { timeout: 30_000 }).not.toBe(before);
  }
});

test('[NOTIFY]: an event that cannot be stored is dropped with a warning; the events behind it are written', async () => {
  const project = shortName('poison');
  expect((await admin.post('/api/v1/projects', { name: project })).status).toBe(201);
  const push = (n: number, tag: string) => ({
    id: `poison-${Date.now()}-${n}`,
    action: 'push',
    target: {
      repository: `${project}/app`,
      tag,
      digest: 'sha256:abc',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    },
  });
  const res = await fetch(`${wharf.url}/api/registry/events`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${SECRET}`,
      'Content-Type': 'application/vnd.docker.distribution.events.v1+json',
    },
    // PostgreSQL cannot store a NUL character.
    body: JSON.stringify({ events: [push(1, 'bad\u0000tag'), push(2, 'good')] }),
  });
  expect(res.status).toBe(202);
  await expect.poll(() => tagNames(admin, `${project}/app`), { timeout: 15_000 }).toEqual(['good']);
  expect(wharf.output()).toMatch(/registry event dropped: it cannot be stored/);
});

test('[PULL HOST]: without REGISTRY_PUBLIC_HOST the pull host is learned from push notifications and shown on System', async ({
  page,
}) => {
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.goto(`${wharf.url}/admin/system`);
  await expect(page.getByTestId('system-info')).toContainText(
    `${registry.host} — learned from the registry's push notifications`,
  );
});

test('[LDAP DOWN]: adding a directory user while the directory is down says the directory cannot be reached', async () => {
  const project = shortName('ldap');
  expect((await admin.post('/api/v1/projects', { name: project })).status).toBe(201);
  const res = await admin.post(`/api/v1/projects/${project}/members`, {
    username: 'someone-in-ldap',
    role: 'developer',
  });
  expect(res.status).toBe(503);
  expect(res.data.error.message).toMatch(/directory \(LDAP\) cannot be reached/);
  expect(res.data.error.message).not.toMatch(/database/i);
});
