import { expect, test } from '@playwright/test';
import { Api, createProject, createUser, uniqueName } from '../fixtures/api';

let admin: Api;
test.beforeAll(async () => {
  admin = await Api.admin();
});

test('POST /api/v1/users – admins create users; bad input is a clear 400; duplicates 409', async () => {
  const username = uniqueName('Carol'); // stored lower-case: names are case-insensitive
  const res = await admin.post('/api/v1/users', {
    username,
    password: 'long-enough-1',
    email: 'carol@example.test',
  });
  expect(res.status).toBe(201);
  expect(res.data).toMatchObject({
    username: username.toLowerCase(),
    email: 'carol@example.test',
    admin: false,
    disabled: false,
    source: 'local',
  });
  expect(res.data).not.toHaveProperty('passwordHash');
  expect(
    (await admin.post('/api/v1/users', { username: username.toUpperCase(), password: 'long-enough-1' }))
      .status,
  ).toBe(409);
  const short = await admin.post('/api/v1/users', { username: 'shorty', password: 'short' });
  expect(short.status).toBe(400);
  expect(short.data.error.message).toBe('password: password must be at least 8 characters');
  expect(
    (await admin.post('/api/v1/users', { username: '../../etc', password: 'long-enough-1' })).status,
  ).toBe(400);
  expect(
    (await admin.post('/api/v1/users', { username: 'x'.repeat(10_000), password: 'long-enough-1' })).status,
  ).toBe(400);
  expect(
    (await admin.post('/api/v1/users', { username: 'ok-user', password: 'long-enough-1', role: 'root' }))
      .status,
  ).toBe(400);
});

test('users: non-admins cannot manage users but can search names for the member typeahead', async () => {
  const dan = await createUser(admin, { prefix: 'dan' });
  expect(
    (await dan.api.post('/api/v1/users', { username: uniqueName('x'), password: 'long-enough-1' })).status,
  ).toBe(403);
  expect((await dan.api.get('/api/v1/users')).status).toBe(400);
  const search = await dan.api.get(`/api/v1/users?q=${dan.username.slice(0, 12)}`);
  expect(search.status).toBe(200);
  expect(search.data.items[0]).toEqual({ username: dan.username, displayName: null });
  expect((await dan.api.get('/api/v1/users/admin')).status).toBe(404);
  expect((await dan.api.get('/api/v1/users/me')).data.username).toBe(dan.username);
});

test('PATCH /api/v1/users/{name} – disable stops sign-in at once; enable restores it', async () => {
  const eve = await createUser(admin, { prefix: 'eve' });
  expect((await eve.api.get('/api/v1/users/me')).status).toBe(200);
  expect((await admin.patch(`/api/v1/users/${eve.username}`, { disabled: true })).data.disabled).toBe(true);
  expect((await eve.api.get('/api/v1/users/me')).status).toBe(401);
  expect((await admin.patch(`/api/v1/users/${eve.username}`, { disabled: false })).data.disabled).toBe(false);
  expect((await eve.api.get('/api/v1/users/me')).status).toBe(200);
});

test('PATCH /api/v1/users/me – own password change needs the current password', async () => {
  const fay = await createUser(admin, { prefix: 'fay' });
  const wrong = await fay.api.patch('/api/v1/users/me', {
    password: 'new-password-1',
    currentPassword: 'nope',
  });
  expect(wrong.status).toBe(400);
  expect(wrong.data.error.message).toBe('the current password is not correct');
  expect((await fay.api.patch('/api/v1/users/me', { admin: true })).status).toBe(403);
  expect(
    (await fay.api.patch('/api/v1/users/me', { password: 'new-password-1', currentPassword: fay.password }))
      .status,
  ).toBe(200);
  expect((await fay.api.get('/api/v1/users/me')).status).toBe(401); // old password no longer works
  const again = await Api.as(fay.username, 'new-password-1');
  expect((await again.get('/api/v1/users/me')).status).toBe(200);
  await again.dispose();
});

test('admins: reset a password, make admin; the last active admin cannot be demoted, disabled or deleted', async () => {
  const gus = await createUser(admin, { prefix: 'gus' });
  expect((await admin.patch(`/api/v1/users/${gus.username}`, { password: 'reset-password-1' })).status).toBe(
    200,
  );
  const reset = await Api.as(gus.username, 'reset-password-1');
  expect((await admin.patch(`/api/v1/users/${gus.username}`, { admin: true })).data.admin).toBe(true);
  expect((await reset.get('/api/v1/users')).status).toBe(200);
  // gus (admin) may demote the bootstrap admin while another admin remains...
  expect((await admin.patch(`/api/v1/users/${gus.username}`, { admin: false })).status).toBe(200);
  await reset.dispose();
  // ...but with only one active admin left, it is refused.
  const list = await admin.get('/api/v1/users?pageSize=100');
  const activeAdmins = list.data.items.filter(
    (u: { admin: boolean; disabled: boolean }) => u.admin && !u.disabled,
  );
  if (activeAdmins.length === 1) {
    const res = await admin.patch('/api/v1/users/admin', { admin: false });
    expect(res.status).toBe(409);
    expect(res.data.error.message).toBe('cannot demote the last active system administrator');
  }
  expect((await admin.delete('/api/v1/users/admin')).status).toBe(409);
});

test('DELETE /api/v1/users/{name} – refused for the only project admin of a project; works otherwise', async () => {
  const hal = await createUser(admin, { prefix: 'hal' });
  const project = await createProject(admin);
  const admins = (await admin.get(`/api/v1/projects/${project}/members`)).data.items;
  await admin.post(`/api/v1/projects/${project}/members`, { username: hal.username, role: 'projectAdmin' });
  await admin.delete(`/api/v1/projects/${project}/members/${admins[0].id}`);
  const refused = await admin.delete(`/api/v1/users/${hal.username}`);
  expect(refused.status).toBe(409);
  expect(refused.data.error.message).toContain(`only project admin of ${project}`);
  await admin.post(`/api/v1/projects/${project}/members`, { username: 'admin', role: 'projectAdmin' });
  expect((await admin.delete(`/api/v1/users/${hal.username}`)).status).toBe(204);
  expect((await admin.get(`/api/v1/users/${hal.username}`)).status).toBe(404);
});
