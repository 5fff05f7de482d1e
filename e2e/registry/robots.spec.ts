// Robot accounts and personal access tokens with real clients (issue: robots and tokens).
import { expect, test } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { DockerCli, Podman, registryHost } from '../fixtures/clients';
import { requestToken } from '../fixtures/token';

let admin: Api;
let projectA: string;
let projectB: string;

test.beforeAll(async () => {
  admin = await Api.admin();
  projectA = await createProject(admin, { prefix: 'robo-a' });
  projectB = await createProject(admin, { prefix: 'robo-b' });
});

async function pushWith(username: string, secret: string, repo: string) {
  const podman = new Podman();
  const login = await podman.login(username, secret);
  if (login.code !== 0) return login;
  const ref = `${registryHost()}/${repo}`;
  await podman.makeImage(ref);
  return podman.push(ref);
}

test('[ROBOT]: a project robot pushes to its project only; names are shell-safe', async () => {
  const res = await admin.post(`/api/v1/projects/${projectA}/robots`, {
    name: 'ci',
    actions: ['pull', 'push'],
    expiresInDays: 7,
  });
  expect(res.status).toBe(201);
  expect(res.data.name).toBe(`robot-${projectA}.ci`);
  expect(res.data.name).not.toContain('$');
  expect(res.data.secret).toMatch(/^wharf_rb_/);
  expect(res.data.permissions).toEqual([{ project: projectA, actions: ['pull', 'push'] }]);
  const ok = await pushWith(res.data.name, res.data.secret, `${projectA}/from-robot:v1`);
  expect(ok.code, ok.stderr).toBe(0);
  const denied = await pushWith(res.data.name, res.data.secret, `${projectB}/from-robot:v1`);
  expect(denied.code).not.toBe(0);
  // The secret is shown once: listing never returns it.
  const list = await admin.get(`/api/v1/projects/${projectA}/robots`);
  expect(list.data.items[0]).not.toHaveProperty('secret');
  expect(list.data.items[0].lastUsedAt).not.toBeNull();
});

test('[ROBOT]: rotated-out, disabled and expired-policy secrets stop working; robots cannot use the UI or REST API', async () => {
  const created = await admin.post(`/api/v1/projects/${projectA}/robots`, {
    name: 'rotating',
    actions: ['pull'],
  });
  const { name, secret, id } = created.data;
  expect((await requestToken({ username: name, password: secret })).status).toBe(200);
  const rotated = await admin.post(`/api/v1/robots/${id}/rotate`, {});
  expect(rotated.status).toBe(200);
  expect(rotated.data.secret).not.toBe(secret);
  expect((await requestToken({ username: name, password: secret })).status).toBe(401);
  expect((await requestToken({ username: name, password: rotated.data.secret })).status).toBe(200);
  expect((await admin.patch(`/api/v1/robots/${id}`, { disabled: true })).data.disabled).toBe(true);
  expect((await requestToken({ username: name, password: rotated.data.secret })).status).toBe(401);

  expect((await admin.patch(`/api/v1/robots/${id}`, { disabled: false })).data.disabled).toBe(false);
  const asRobot = await Api.as(name, rotated.data.secret);
  expect((await asRobot.get('/api/v1/projects')).status).toBe(401); // robots are for the registry only
  await asRobot.dispose();

  // Expiry policy: never only if allowed, and a cap on days.
  expect(
    (
      await admin.post(`/api/v1/projects/${projectA}/robots`, {
        name: 'forever',
        actions: ['pull'],
        expiresInDays: null,
      })
    ).status,
  ).toBe(400);
  expect(
    (
      await admin.post(`/api/v1/projects/${projectA}/robots`, {
        name: 'too-long',
        actions: ['pull'],
        expiresInDays: 5000,
      })
    ).status,
  ).toBe(400);
  const bad = await admin.post(`/api/v1/projects/${projectA}/robots`, {
    name: 'Bad$Name',
    actions: ['pull'],
  });
  expect(bad.status).toBe(400);
  expect(
    (await admin.post(`/api/v1/projects/${projectA}/robots`, { name: 'ci2', actions: ['fly'] })).status,
  ).toBe(400);
});

test('[ROBOT]: a system robot gets its actions in several projects; project admins manage only their robots', async () => {
  const sys = await admin.post('/api/v1/robots', {
    name: `sys-${Date.now().toString(36)}`,
    permissions: [
      { project: projectA, actions: ['pull'] },
      { project: projectB, actions: ['pull', 'push'] },
    ],
  });
  expect(sys.status).toBe(201);
  const t = await requestToken({
    username: sys.data.name,
    password: sys.data.secret,
    scopes: [`repository:${projectA}/x:pull,push`, `repository:${projectB}/x:pull,push`],
  });
  expect(t.access).toEqual([
    { type: 'repository', name: `${projectA}/x`, actions: ['pull'] },
    { type: 'repository', name: `${projectB}/x`, actions: ['pull', 'push'] },
  ]);
  const owner = await createUser(admin, { prefix: 'robowner' });
  await admin.post(`/api/v1/projects/${projectB}/members`, {
    username: owner.username,
    role: 'projectAdmin',
  });
  expect(
    (
      await owner.api.post('/api/v1/robots', {
        name: 'nope',
        permissions: [{ project: projectB, actions: ['pull'] }],
      })
    ).status,
  ).toBe(403);
  expect((await owner.api.delete(`/api/v1/robots/${sys.data.id}`)).status).toBe(403);
  const mine = await owner.api.post(`/api/v1/projects/${projectB}/robots`, {
    name: 'deploy',
    actions: ['pull'],
  });
  expect(mine.status).toBe(201);
  expect((await owner.api.delete(`/api/v1/robots/${mine.data.id}`)).status).toBe(204);
  const dev = await createUser(admin, { prefix: 'robdev' });
  await admin.post(`/api/v1/projects/${projectB}/members`, { username: dev.username, role: 'developer' });
  expect(
    (await dev.api.post(`/api/v1/projects/${projectB}/robots`, { name: 'x', actions: ['pull'] })).status,
  ).toBe(403);
});

test('[ROBOT]: wrong secrets are throttled per address without locking the robot out elsewhere', async () => {
  const created = await admin.post(`/api/v1/projects/${projectA}/robots`, {
    name: 'throttled',
    actions: ['pull'],
  });
  const { name, secret } = created.data;
  const attacker = { 'X-Forwarded-For': '203.0.113.7' };
  for (let i = 0; i < 10; i++) {
    expect(
      (await requestToken({ username: name, password: `wharf_rb_wrong${i}`, headers: attacker })).status,
    ).toBe(401);
  }
  const locked = await requestToken({ username: name, password: secret, headers: attacker });
  expect(locked.status).toBe(429);
  expect(locked.body.details).toMatch(/Too many failed sign-ins/);
  // The CI job elsewhere keeps working with the right secret.
  expect(
    (await requestToken({ username: name, password: secret, headers: { 'X-Forwarded-For': '198.51.100.9' } }))
      .status,
  ).toBe(200);
});

test('[TOKEN]: personal access tokens: docker login, read-only cannot push, revoked stops working', async () => {
  const user = await createUser(admin, { prefix: 'patuser' });
  await admin.post(`/api/v1/projects/${projectA}/members`, { username: user.username, role: 'developer' });
  const rw = await user.api.post('/api/v1/users/me/tokens', { name: 'ci', expiresInDays: 30 });
  expect(rw.status).toBe(201);
  expect(rw.data.token).toMatch(/^wharf_pat_/);
  const ro = await user.api.post('/api/v1/users/me/tokens', { name: 'read', readOnly: true });
  expect((await user.api.post('/api/v1/users/me/tokens', { name: 'ci' })).status).toBe(409);

  const docker = new DockerCli();
  expect((await docker.login(user.username, rw.data.token)).stdout).toContain('Login Succeeded');
  const pushed = await pushWith(user.username, rw.data.token, `${projectA}/pat:v1`);
  expect(pushed.code, pushed.stderr).toBe(0);
  const roPush = await pushWith(user.username, ro.data.token, `${projectA}/pat:v2`);
  expect(roPush.code).not.toBe(0);
  const roToken = await requestToken({
    username: user.username,
    password: ro.data.token,
    scopes: [`repository:${projectA}/pat:pull,push`],
  });
  expect(roToken.access).toEqual([{ type: 'repository', name: `${projectA}/pat`, actions: ['pull'] }]);

  // A token works only with its own user's name, and not for the UI sign-in.
  expect((await requestToken({ username: 'admin', password: rw.data.token })).status).toBe(401);
  // Read-only tokens may read the REST API but not change anything.
  const roApi = await Api.as(user.username, ro.data.token);
  expect((await roApi.get('/api/v1/users/me')).status).toBe(200);
  expect((await roApi.post('/api/v1/users/me/tokens', { name: 'sneaky' })).status).toBe(403);
  await roApi.dispose();

  const list = await user.api.get('/api/v1/users/me/tokens');
  expect(list.data.items.map((t: { name: string }) => t.name).sort()).toEqual(['ci', 'read']);
  expect(list.data.items.find((t: { name: string }) => t.name === 'ci').lastUsedAt).not.toBeNull();
  expect((await user.api.delete(`/api/v1/users/me/tokens/${rw.data.id}`)).status).toBe(204);
  expect((await requestToken({ username: user.username, password: rw.data.token })).status).toBe(401);
});
