import { expect, test } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { ADMIN_PASSWORD } from '../fixtures/wharf-server';
import { postToken, requestToken } from '../fixtures/token';

let admin: Api;
test.beforeAll(async () => {
  admin = await Api.admin();
});

test('GET /v2/token – answers the fields every client parses', async () => {
  const { status, body } = await requestToken({ username: 'admin', password: ADMIN_PASSWORD });
  expect(status).toBe(200);
  expect(body.token).toBe(body.access_token);
  expect(body.expires_in).toBe(900);
  expect(body.issued_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(body).not.toHaveProperty('refresh_token');
});

test('GET /v2/token – repeated and space-separated scopes are intersected with the permission table', async () => {
  const project = await createProject(admin);
  const dev = await createUser(admin, { prefix: 'tokdev' });
  await admin.post(`/api/v1/projects/${project}/members`, { username: dev.username, role: 'developer' });
  const { status, access } = await requestToken({
    username: dev.username,
    password: dev.password,
    scopes: [
      `repository:${project}/app:pull,push,delete`,
      `repository:${project}/app:pull repository:nowhere/x:pull`,
      'registry:catalog:*',
    ],
  });
  expect(status).toBe(200); // a denied scope is never an error
  expect(access).toEqual([{ type: 'repository', name: `${project}/app`, actions: ['pull', 'push'] }]);
});

test('GET /v2/token – anonymous gets public pull only, and an empty token for private', async () => {
  const pub = await createProject(admin, { public: true });
  const priv = await createProject(admin);
  const a = await requestToken({
    scopes: [`repository:${pub}/app:pull,push`, `repository:${priv}/app:pull`],
  });
  expect(a.status).toBe(200);
  expect(a.access).toEqual([{ type: 'repository', name: `${pub}/app`, actions: ['pull'] }]);
});

test('GET /v2/token – bad input: malformed scope, unknown service, wrong password, disabled user', async () => {
  const malformed = await requestToken({
    username: 'admin',
    password: ADMIN_PASSWORD,
    scopes: ['repository:team/UPPER:pull'],
  });
  expect(malformed.status).toBe(400);
  expect(malformed.body.details).toMatch(/invalid repository name/);
  const noActions = await requestToken({ scopes: ['repository-only'] });
  expect(noActions.status).toBe(400);
  const service = await requestToken({
    username: 'admin',
    password: ADMIN_PASSWORD,
    service: 'someone-else',
  });
  expect(service.status).toBe(400);
  expect(service.body.details).toBe('unknown service "someone-else"');
  const wrong = await requestToken({ username: 'admin', password: 'not-it' });
  expect(wrong.status).toBe(401);
  expect(wrong.body).toMatchObject({
    details: 'incorrect username or password',
    errors: [{ code: 'UNAUTHORIZED' }],
  });
  const user = await createUser(admin, { prefix: 'tokoff' });
  await admin.patch(`/api/v1/users/${user.username}`, { disabled: true });
  expect((await requestToken({ username: user.username, password: user.password })).status).toBe(401);
});

test('POST /v2/token – password and refresh grants; revoked, unknown and unsupported are 4xx', async () => {
  const user = await createUser(admin, { prefix: 'oauth' });
  const pw = await postToken({
    grant_type: 'password',
    username: user.username,
    password: user.password,
    access_type: 'offline',
    client_id: 'containerd-client',
  });
  expect(pw.status).toBe(200);
  expect(pw.body.access_token).toBeTruthy();
  expect(pw.body.refresh_token).toMatch(/^wharf_rt_/);
  const refreshed = await postToken({
    grant_type: 'refresh_token',
    refresh_token: pw.body.refresh_token,
    client_id: 'containers/image',
    scope: 'repository:nowhere/app:pull',
  });
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.refresh_token).toBe(pw.body.refresh_token);
  expect(refreshed.body.scope).toBe('');

  expect((await postToken({ grant_type: 'refresh_token', refresh_token: 'wharf_rt_unknown' })).status).toBe(
    401,
  );
  expect(
    (await postToken({ grant_type: 'password', username: user.username, password: 'wrong' })).status,
  ).toBe(401);
  expect((await postToken({ grant_type: 'client_credentials' })).body.error).toBe('unsupported_grant_type');
  expect((await postToken({})).status).toBe(400);

  // Changing the password revokes the refresh tokens issued before.
  const me = await Api.as(user.username, user.password);
  expect(
    (await me.patch('/api/v1/users/me', { password: 'changed-password-1', currentPassword: user.password }))
      .status,
  ).toBe(200);
  const revoked = await postToken({ grant_type: 'refresh_token', refresh_token: pw.body.refresh_token });
  expect(revoked.status).toBe(401);
  expect(revoked.body.error).toBe('invalid_grant');
  await me.dispose();
});
