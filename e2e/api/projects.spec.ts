import { expect, test } from '@playwright/test';
import { Api, createProject, createUser, uniqueName } from '../fixtures/api';

let admin: Api;
test.beforeAll(async () => {
  admin = await Api.admin();
});

test('POST /api/v1/projects – admin creates a project and becomes its project admin', async () => {
  const name = uniqueName('team');
  const res = await admin.post('/api/v1/projects', { name, public: false, description: 'Team A' });
  expect(res.status).toBe(201);
  expect(res.data).toMatchObject({
    name,
    public: false,
    description: 'Team A',
    role: 'projectAdmin',
    repositoryCount: 0,
    memberCount: 1,
  });
  const dup = await admin.post('/api/v1/projects', { name });
  expect(dup.status).toBe(409);
  expect(dup.data.error).toEqual({ code: 'conflict', message: `project "${name}" already exists` });
});

test('POST /api/v1/projects – hostile names get a clear 400 and create nothing', async () => {
  const cases: Array<[unknown, RegExp]> = [
    ['../etc', /may use a–z, 0–9 and "-"/],
    ['Team-A', /must be lowercase/],
    ['x', /at least 2 characters/],
    ['a'.repeat(65), /at most 64 characters/],
    ['v2', /reserved/],
    ['-lead', /must start and end/],
    ['a/b', /may use/],
    [12, /expected string/i],
  ];
  for (const [name, message] of cases) {
    const res = await admin.post('/api/v1/projects', { name });
    expect(res.status, String(name)).toBe(400);
    expect(res.data.error.code).toBe('validation_failed');
    expect(res.data.error.message).toMatch(message);
  }
  const huge = await admin.post('/api/v1/projects', { name: 'ok-name', description: 'x'.repeat(10_000) });
  expect(huge.status).toBe(400);
  const tooBig = await admin.call('POST', '/api/v1/projects', {
    name: 'big',
    description: 'x'.repeat(100_000),
  });
  expect(tooBig.status).toBe(413);
  const list = await admin.get('/api/v1/projects?q=ok-name');
  expect(list.data.items.map((p: { name: string }) => p.name)).not.toContain('ok-name');
});

test('POST /api/v1/projects – malformed JSON and wrong content type are 400s', async ({ request }) => {
  const auth = {
    Authorization: `Basic ${Buffer.from(`admin:${process.env.WHARF_ADMIN_PASSWORD ?? 'admin-e2e-Pass1'}`).toString('base64')}`,
  };
  const bad = await request.post('/api/v1/projects', {
    headers: { ...auth, 'Content-Type': 'application/json' },
    data: Buffer.from('{"name": '),
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toEqual({ code: 'bad_request', message: 'body is not valid JSON' });
  const form = await request.post('/api/v1/projects', { headers: auth, form: { name: 'formproj' } });
  expect(form.status()).toBe(400);
});

test('project creation restriction: users may create projects only when the setting allows', async () => {
  const alice = await createUser(admin, { prefix: 'alice' });
  const name = uniqueName('alices');
  expect((await alice.api.post('/api/v1/projects', { name })).status).toBe(403);
  expect((await admin.patch('/api/v1/settings', { projectCreation: 'everyone' })).status).toBe(200);
  try {
    const res = await alice.api.post('/api/v1/projects', { name });
    expect(res.status).toBe(201);
    expect(res.data.role).toBe('projectAdmin');
  } finally {
    await admin.patch('/api/v1/settings', { projectCreation: 'adminOnly' });
  }
  expect((await alice.api.patch('/api/v1/settings', { projectCreation: 'everyone' })).status).toBe(403);
});

test('visibility: private projects are invisible (404) to non-members; public ones readable by anyone', async () => {
  const priv = await createProject(admin, { prefix: 'priv' });
  const pub = await createProject(admin, { prefix: 'pub', public: true });
  const bob = await createUser(admin, { prefix: 'bob' });
  const anon = await Api.as(null);

  expect((await bob.api.get(`/api/v1/projects/${priv}`)).status).toBe(404);
  expect((await anon.get(`/api/v1/projects/${priv}`)).status).toBe(404);
  const pubView = await anon.get(`/api/v1/projects/${pub}`);
  expect(pubView.status).toBe(200);
  expect(pubView.data).toMatchObject({ name: pub, public: true, role: null });

  const bobList = await bob.api.get('/api/v1/projects?pageSize=100&q=p');
  const names = bobList.data.items.map((p: { name: string }) => p.name);
  expect(names).toContain(pub);
  expect(names).not.toContain(priv);
  // Members of a public project are not public.
  expect((await anon.get(`/api/v1/projects/${pub}/members`)).status).toBe(401);
  await anon.dispose();
});

test('members: add, change role, remove; roles decide what a member may do', async () => {
  const project = await createProject(admin);
  const dev = await createUser(admin, { prefix: 'dev' });
  const add = await admin.post(`/api/v1/projects/${project}/members`, {
    username: dev.username,
    role: 'developer',
  });
  expect(add.status).toBe(201);
  expect(add.data).toMatchObject({ kind: 'user', username: dev.username, role: 'developer' });

  // The developer sees the project and its members but may not manage them.
  const view = await dev.api.get(`/api/v1/projects/${project}`);
  expect(view.data).toMatchObject({
    role: 'developer',
    permissions: { push: true, delete: false, 'members.write': false },
  });
  expect((await dev.api.get(`/api/v1/projects/${project}/members`)).data.items).toHaveLength(2);
  const denied = await dev.api.post(`/api/v1/projects/${project}/members`, {
    username: 'admin',
    role: 'guest',
  });
  expect(denied.status).toBe(403);
  expect(denied.data.error.message).toBe('Only project admins can add, change and remove members.');
  expect((await dev.api.patch(`/api/v1/projects/${project}`, { public: true })).status).toBe(403);

  // Duplicates, unknown roles and unknown users are clear 4xx.
  expect(
    (await admin.post(`/api/v1/projects/${project}/members`, { username: dev.username, role: 'guest' }))
      .status,
  ).toBe(409);
  const badRole = await admin.post(`/api/v1/projects/${project}/members`, {
    username: dev.username,
    role: 'owner',
  });
  expect(badRole.status).toBe(400);
  expect(badRole.data.error.message).toMatch(
    /role must be one of guest, developer, maintainer, projectAdmin/,
  );
  expect(
    (await admin.post(`/api/v1/projects/${project}/members`, { username: 'no-such-user', role: 'guest' }))
      .status,
  ).toBe(404);

  const promote = await admin.patch(`/api/v1/projects/${project}/members/${add.data.id}`, {
    role: 'maintainer',
  });
  expect(promote.status).toBe(200);
  expect(promote.data.role).toBe('maintainer');
  expect((await dev.api.get(`/api/v1/projects/${project}`)).data.permissions.delete).toBe(true);

  expect((await admin.delete(`/api/v1/projects/${project}/members/${add.data.id}`)).status).toBe(204);
  expect((await dev.api.get(`/api/v1/projects/${project}`)).status).toBe(404);
  expect((await admin.delete(`/api/v1/projects/${project}/members/${add.data.id}`)).status).toBe(404);
  expect((await admin.delete(`/api/v1/projects/${project}/members/abc`)).status).toBe(400);
});

test('members: a project never loses its last project admin', async () => {
  const project = await createProject(admin);
  const members = await admin.get(`/api/v1/projects/${project}/members`);
  const self = members.data.items[0];
  expect(self).toMatchObject({ username: 'admin', role: 'projectAdmin' });
  const demote = await admin.patch(`/api/v1/projects/${project}/members/${self.id}`, { role: 'guest' });
  expect(demote.status).toBe(409);
  expect(demote.data.error.message).toMatch(/at least one project admin/);
  expect((await admin.delete(`/api/v1/projects/${project}/members/${self.id}`)).status).toBe(409);
  expect((await admin.get(`/api/v1/projects/${project}/members`)).data.items[0].role).toBe('projectAdmin');
});

test('DELETE /api/v1/projects/{name} – project admins delete an empty project', async () => {
  const owner = await createUser(admin, { prefix: 'owner' });
  const project = await createProject(admin);
  const m = await admin.post(`/api/v1/projects/${project}/members`, {
    username: owner.username,
    role: 'projectAdmin',
  });
  expect(m.status).toBe(201);
  expect((await owner.api.delete(`/api/v1/projects/${project}`)).status).toBe(200);
  expect((await admin.get(`/api/v1/projects/${project}`)).status).toBe(404);
});

test('authentication: wrong Basic password → 401 with the envelope; no credentials → 401 on private routes', async () => {
  const wrong = await Api.as('admin', 'not-the-password');
  const res = await wrong.get('/api/v1/users');
  expect(res.status).toBe(401);
  expect(res.data).toEqual({ error: { code: 'unauthorized', message: 'Invalid username or password' } });
  const anon = await Api.as(null);
  expect((await anon.get('/api/v1/users')).status).toBe(401);
  expect((await anon.post('/api/v1/projects', { name: 'anon-proj' })).status).toBe(401);
  await wrong.dispose();
  await anon.dispose();
});

test('GET /api/v1/openapi.json – served and lists the project routes', async () => {
  const anon = await Api.as(null);
  const doc = await anon.get('/api/v1/openapi.json');
  expect(doc.status).toBe(200);
  expect(doc.data.openapi).toBe('3.1.0');
  expect(Object.keys(doc.data.paths)).toContain('/api/v1/projects/{name}/members/{memberId}');
  await anon.dispose();
});
