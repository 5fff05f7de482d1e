// The permission matrix with real clients against the real registry (issue: token service).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { Podman, registryHost, run } from '../fixtures/clients';
import { registryFetch, requestToken } from '../fixtures/token';

type Member = { username: string; password: string };

let admin: Api;
let project: string;
let publicProject: string;
const members: Record<string, Member> = {};
let outsider: Member;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  admin = await Api.admin();
  project = await createProject(admin, { prefix: 'matrix' });
  publicProject = await createProject(admin, { prefix: 'open', public: true });
  for (const role of ['projectAdmin', 'maintainer', 'developer', 'guest'] as const) {
    const u = await createUser(admin, { prefix: role.toLowerCase().slice(0, 6) });
    const res = await admin.post(`/api/v1/projects/${project}/members`, { username: u.username, role });
    expect(res.status).toBe(201);
    members[role] = u;
  }
  outsider = await createUser(admin, { prefix: 'outsider' });
});

async function pushAs(who: Member, repo: string) {
  const podman = new Podman();
  expect((await podman.login(who.username, who.password)).code).toBe(0);
  const ref = `${registryHost()}/${repo}`;
  await podman.makeImage(ref);
  return podman.push(ref);
}

for (const role of ['projectAdmin', 'maintainer', 'developer'] as const) {
  test(`[PUSH]: ${role} pushes with podman, and pulls it back on another machine`, async () => {
    const repo = `${project}/${role.toLowerCase()}-app:v1`;
    const push = await pushAs(members[role]!, repo);
    expect(push.code, push.stderr).toBe(0);
    const other = new Podman();
    await other.login(members[role]!.username, members[role]!.password);
    const pull = await other.pull(`${registryHost()}/${repo}`);
    expect(pull.code, pull.stderr).toBe(0);
  });
}

test('[PUSH]: a guest may not push', async () => {
  const push = await pushAs(members.guest!, `${project}/guest-app:v1`);
  expect(push.code).not.toBe(0);
  expect(push.stderr).toMatch(/denied|unauthorized/);
});

test('[PULL]: a non-member cannot pull a private project; anyone can pull a public one', async () => {
  const pushed = await pushAs(members.developer!, `${project}/secret:v1`);
  expect(pushed.code, pushed.stderr).toBe(0);
  const podman = new Podman();
  await podman.login(outsider.username, outsider.password);
  const denied = await podman.pull(`${registryHost()}/${project}/secret:v1`);
  expect(denied.code).not.toBe(0);
  expect(denied.stderr).toMatch(/denied|unauthorized|not found/i);

  const admins = new Podman();
  await admins.login('admin', process.env.WHARF_ADMIN_PASSWORD ?? 'admin-e2e-Pass1');
  const ref = `${registryHost()}/${publicProject}/hello:v1`;
  await admins.makeImage(ref);
  expect((await admins.push(ref)).code).toBe(0);
  const anonymous = new Podman(); // no login at all
  const pull = await anonymous.pull(ref);
  expect(pull.code, pull.stderr).toBe(0);
});

test('[DELETE]: a maintainer may delete a manifest, a developer may not', async () => {
  const pushed = await pushAs(members.developer!, `${project}/to-delete:v1`);
  expect(pushed.code, pushed.stderr).toBe(0);
  const repo = `${project}/to-delete`;
  const scope = `repository:${repo}:pull,delete`;
  const head = async (token: string) =>
    registryFetch(`/v2/${repo}/manifests/v1`, token, {
      method: 'HEAD',
      headers: {
        Accept:
          'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      },
    });
  const dev = await requestToken({
    username: members.developer!.username,
    password: members.developer!.password,
    scopes: [scope],
  });
  const digest = (await head(dev.body.token)).headers.get('docker-content-digest')!;
  expect(digest).toMatch(/^sha256:/);
  const denied = await registryFetch(`/v2/${repo}/manifests/${digest}`, dev.body.token, { method: 'DELETE' });
  expect(denied.status).toBe(401);
  expect(denied.headers.get('www-authenticate')).toContain('insufficient_scope');

  const maint = await requestToken({
    username: members.maintainer!.username,
    password: members.maintainer!.password,
    scopes: [scope],
  });
  const deleted = await registryFetch(`/v2/${repo}/manifests/${digest}`, maint.body.token, {
    method: 'DELETE',
  });
  expect(deleted.status).toBe(202);
  expect((await head(maint.body.token)).status).toBe(404);
});

test('[CATALOG]: the catalog is for system administrators', async () => {
  const adminToken = await requestToken({
    username: 'admin',
    password: process.env.WHARF_ADMIN_PASSWORD ?? 'admin-e2e-Pass1',
    scopes: ['registry:catalog:*'],
  });
  const ok = await registryFetch('/v2/_catalog', adminToken.body.token);
  expect(ok.status).toBe(200);
  expect(Array.isArray((await ok.json()).repositories)).toBe(true);
  const userToken = await requestToken({
    username: outsider.username,
    password: outsider.password,
    scopes: ['registry:catalog:*'],
  });
  expect((await registryFetch('/v2/_catalog', userToken.body.token)).status).toBe(401);
});

test('[SKOPEO]: skopeo copies a hand-made OCI layout into the registry', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-oci-'));
  const podman = new Podman();
  const ref = `localhost/oci-src:v1`;
  await podman.makeImage(ref);
  const layout = path.join(dir, 'layout');
  const saved = await podman.run(['push', ref, `oci:${layout}:v1`]);
  expect(saved.code, saved.stderr).toBe(0);
  const dev = members.developer!;
  const copy = await run(
    'skopeo',
    [
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${dev.username}:${dev.password}`,
      `oci:${layout}:v1`,
      `docker://${registryHost()}/${project}/from-skopeo:v1`,
    ],
    { timeoutMs: 120_000 },
  );
  expect(copy.code, copy.stderr).toBe(0);
  const inspect = await run('skopeo', [
    'inspect',
    '--tls-verify=false',
    '--creds',
    `${dev.username}:${dev.password}`,
    `docker://${registryHost()}/${project}/from-skopeo:v1`,
  ]);
  expect(inspect.code, inspect.stderr).toBe(0);
  expect(JSON.parse(inspect.stdout).Name).toBe(`${registryHost()}/${project}/from-skopeo`);
  writeFileSync(path.join(dir, 'done'), '');
});

test('[NOTIFY]: pushed repositories reach Wharf through notifications', async () => {
  await expect
    .poll(async () => (await admin.get(`/api/v1/projects/${project}`)).data.repositoryCount, {
      timeout: 15_000,
    })
    .toBeGreaterThanOrEqual(3);
});
