// The credential module through its HTTP edges: sessions end on the server, a token never
// mints credentials, refresh tokens never outrank their source, repeated scopes, throttling
// keyed by the normalized name, robots that are not counted as failures on the REST API.
import { expect, request, test } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { signInViaApi } from '../fixtures/auth';
import { postToken, requestToken } from '../fixtures/token';

let admin: Api;
test.beforeAll(async () => {
  admin = await Api.admin();
});

/** A project the user is project admin of (created by the admin: project creation may be restricted). */
async function ownProject(username: string): Promise<string> {
  const project = await createProject(admin);
  const added = await admin.post(`/api/v1/projects/${project}/members`, { username, role: 'projectAdmin' });
  expect(added.status).toBe(201);
  return project;
}

/** A browser-like client: cookie jar, signed in through next-auth's endpoints. */
async function browserSession(username: string, password: string, headers: Record<string, string> = {}) {
  const ctx = await request.newContext({ baseURL: process.env.WHARF_E2E_URL, extraHTTPHeaders: headers });
  const signIn = await signInViaApi(ctx, username, password);
  expect(signIn, 'sign-in').toEqual({ ok: true, error: undefined });
  return ctx;
}

const me = async (cookie: string) =>
  (await fetch(new URL('/api/v1/users/me', process.env.WHARF_E2E_URL), { headers: { cookie } })).status;

async function cookieOf(ctx: Awaited<ReturnType<typeof browserSession>>): Promise<string> {
  const state = await ctx.storageState();
  return state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

test('[SESSION]: sign-out ends the session on the server; a copied cookie stops working', async () => {
  const user = await createUser(admin, { prefix: 'signout' });
  const ctx = await browserSession(user.username, user.password);
  const copied = await cookieOf(ctx);
  expect(await me(copied)).toBe(200);
  const { csrfToken } = (await (await ctx.get('/api/auth/csrf')).json()) as { csrfToken: string };
  expect((await ctx.post('/api/auth/signout', { form: { csrfToken, json: 'true' } })).ok()).toBe(true);
  expect(await me(copied)).toBe(401);
  // The session id never reaches the browser's JavaScript.
  const other = await browserSession(user.username, user.password);
  expect(JSON.stringify(await (await other.get('/api/auth/session')).json())).not.toContain('wharf_ss_');
  await other.dispose();
  await ctx.dispose();
});

test('[SESSION]: a reset or disable ends sessions made in the same second, and docker logins', async () => {
  const user = await createUser(admin, { prefix: 'samesec' });
  const ctx = await browserSession(user.username, user.password);
  const cookie = await cookieOf(ctx);
  const login = await requestToken({
    username: user.username,
    password: user.password,
    extra: { offline_token: 'true', client_id: 'e2e' },
  });
  const refresh = login.body.refresh_token as string;
  // Straight after sign-in (well within one second): an admin resets the password.
  expect(
    (await admin.patch(`/api/v1/users/${user.username}`, { password: 'a-brand-new-Secret9' })).status,
  ).toBe(200);
  expect(await me(cookie)).toBe(401);
  expect((await postToken({ grant_type: 'refresh_token', refresh_token: refresh })).status).toBe(401);

  const again = await browserSession(user.username, 'a-brand-new-Secret9');
  const cookie2 = await cookieOf(again);
  expect(await me(cookie2)).toBe(200);
  expect((await admin.patch(`/api/v1/users/${user.username}`, { disabled: true })).status).toBe(200);
  expect((await admin.patch(`/api/v1/users/${user.username}`, { disabled: false })).status).toBe(200);
  expect(await me(cookie2)).toBe(401); // enabling again does not bring old sessions back
  await again.dispose();
  await ctx.dispose();
});

test('[TOKEN]: a personal access token cannot mint or change credentials', async () => {
  const user = await createUser(admin, { prefix: 'nomint' });
  const project = await ownProject(user.username);
  const pat = await user.api.post('/api/v1/users/me/tokens', { name: 'rw', expiresInDays: 7 });
  expect(pat.status).toBe(201);
  const viaToken = await Api.as(user.username, pat.data.token);
  const refused = [
    await viaToken.post('/api/v1/users/me/tokens', { name: 'forever' }),
    await viaToken.delete(`/api/v1/users/me/tokens/${pat.data.id}`),
    await viaToken.patch('/api/v1/users/me', { password: 'another-Secret9', currentPassword: user.password }),
    await viaToken.post(`/api/v1/projects/${project}/robots`, {
      name: 'ci',
      actions: ['pull'],
      expiresInDays: 7,
    }),
  ];
  for (const res of refused) {
    expect(res.status).toBe(403);
    expect(res.data.error.message).toContain('not a token');
  }
  // A read-write token still does ordinary work.
  expect((await viaToken.patch(`/api/v1/projects/${project}`, { description: 'by token' })).status).toBe(200);
  // With the password (HTTP Basic) the same calls work.
  expect((await user.api.post('/api/v1/users/me/tokens', { name: 'second' })).status).toBe(201);
  await viaToken.dispose();
});

test('[TOKEN]: docker login with a read-only token gives a read-only identity token that dies with the token', async () => {
  const user = await createUser(admin, { prefix: 'rologin', admin: true });
  const project = await createProject(admin);
  const ro = await user.api.post('/api/v1/users/me/tokens', {
    name: 'pull-only',
    readOnly: true,
    expiresInDays: 3,
  });
  const login = await requestToken({
    username: user.username,
    password: ro.data.token,
    extra: { offline_token: 'true', client_id: 'docker' },
  });
  expect(login.status).toBe(200);
  const refresh = login.body.refresh_token as string;
  const scopes = `repository:${project}/app:pull,push,delete registry:catalog:*`;
  const granted = await postToken({ grant_type: 'refresh_token', refresh_token: refresh, scope: scopes });
  expect(granted.status).toBe(200);
  expect(granted.body.scope).toBe(`repository:${project}/app:pull`);

  const logins = await user.api.get('/api/v1/users/me/docker-logins');
  const entry = logins.data.items.find((l: { clientId: string }) => l.clientId === 'docker');
  expect(entry).toMatchObject({ method: 'token', tokenName: 'pull-only', readOnly: true });
  expect(new Date(entry.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 3 * 86400_000 + 60_000);
  expect(entry.lastUsedAt).not.toBeNull();

  expect((await user.api.delete(`/api/v1/users/me/tokens/${ro.data.id}`)).status).toBe(204);
  expect(
    (await postToken({ grant_type: 'refresh_token', refresh_token: refresh, scope: scopes })).status,
  ).toBe(401);
  expect(
    (await user.api.get('/api/v1/users/me/docker-logins')).data.items.some(
      (l: { clientId: string }) => l.clientId === 'docker',
    ),
  ).toBe(false);
});

test('POST /v2/token – every repeated scope field is granted (cross-repository mounts)', async () => {
  const user = await createUser(admin, { prefix: 'scopes' });
  const project = await ownProject(user.username);
  const login = await requestToken({
    username: user.username,
    password: user.password,
    extra: { offline_token: 'true' },
  });
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
  body.append('service', 'wharf-registry');
  body.append('scope', `repository:${project}/a:pull,push`);
  body.append('scope', `repository:${project}/b:pull`);
  const res = await fetch(new URL('/v2/token', process.env.WHARF_E2E_URL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { scope: string }).scope.split(' ').sort()).toEqual([
    `repository:${project}/a:pull,push`,
    `repository:${project}/b:pull`,
  ]);
});

test('[THROTTLE]: Unicode spellings of a name share one lock; a name that does not normalize is refused', async () => {
  const user = await createUser(admin, { prefix: 'uni' });
  const fullWidth = [...user.username]
    .map((c) => (/[a-z0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
    .join('');
  const ip = { 'X-Forwarded-For': `10.91.${Math.floor(Math.random() * 250)}.7` };
  // The variant is the same account: the right password works with it.
  expect((await requestToken({ username: fullWidth, password: user.password, headers: ip })).status).toBe(
    200,
  );
  for (let i = 0; i < 10; i++) {
    const variant = i % 2 ? fullWidth : user.username.toUpperCase();
    expect((await requestToken({ username: variant, password: 'wrong', headers: ip })).status).toBe(401);
  }
  const locked = await requestToken({ username: user.username, password: user.password, headers: ip });
  expect(locked.status).toBe(429);
  expect((await requestToken({ username: 'al\u200bice', password: 'x', headers: ip })).body.details).toBe(
    'incorrect username or password',
  );
});

test('[THROTTLE]: a robot secret on the REST API is refused without locking the robot out of the registry', async () => {
  const owner = await createUser(admin, { prefix: 'robowner' });
  const project = await ownProject(owner.username);
  const robot = await owner.api.post(`/api/v1/projects/${project}/robots`, {
    name: 'ci',
    actions: ['pull'],
    expiresInDays: 7,
  });
  expect(robot.status).toBe(201);
  const asRobot = await Api.as(robot.data.name, robot.data.secret);
  for (let i = 0; i < 12; i++) {
    const res = await asRobot.get('/api/v1/users/me');
    expect(res.status).toBe(401);
    expect(res.data.error.message).toContain('Robot accounts work only with');
  }
  await asRobot.dispose();
  expect((await requestToken({ username: robot.data.name, password: robot.data.secret })).status).toBe(200);
});

test('[THROTTLE]: the current-password check of a password change is throttled like a sign-in', async () => {
  const user = await createUser(admin, { prefix: 'curpw' });
  const ctx = await browserSession(user.username, user.password, {
    'X-Forwarded-For': `10.92.${Math.floor(Math.random() * 250)}.9`,
  });
  const origin = process.env.WHARF_E2E_URL!;
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    const res = await ctx.patch('/api/v1/users/me', {
      data: { password: 'next-Secret-99', currentPassword: `guess-${i}` },
      headers: { Origin: origin },
    });
    statuses.push(res.status());
  }
  expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
  expect(statuses[10]).toBe(429);
  await ctx.dispose();
});
