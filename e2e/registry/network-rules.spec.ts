// Network rules and access explanations with the real registry 2.8 and podman (issue 17).
// Every client here runs on 127.0.0.1; "another network" is a rule that does not include it.
import { expect, test } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { signInViaUi } from '../fixtures/auth';
import { Podman, registryHost } from '../fixtures/clients';
import { requestToken } from '../fixtures/token';
import { ADMIN_PASSWORD, waitFor } from '../fixtures/wharf-server';

let admin: Api;

test.beforeAll(async () => {
  admin = await Api.admin();
});

async function pushAs(podman: Podman, ref: string) {
  await podman.makeImage(ref);
  return podman.push(ref);
}

test('[NETWORK]: anonymous pull of a private project works from its anonymous-pull networks only', async () => {
  const project = await createProject(admin, { prefix: 'net-anon' });
  const ref = `${registryHost()}/${project}/app:1`;
  const pusher = new Podman();
  expect((await pusher.login('admin', ADMIN_PASSWORD)).code).toBe(0);
  const pushed = await pushAs(pusher, ref);
  expect(pushed.code, pushed.stderr).toBe(0);

  const anonymous = new Podman();
  expect((await anonymous.pull(ref)).code).not.toBe(0);
  expect(
    (await admin.patch(`/api/v1/projects/${project}`, { anonymousPullCidrs: ['127.0.0.0/8'] })).data,
  ).toMatchObject({ public: false, anonymousPullCidrs: ['127.0.0.0/8'], pushCidrs: [] });
  const pulled = await anonymous.pull(ref);
  expect(pulled.code, pulled.stderr).toBe(0);
  // Pull only: an anonymous client there still gets no push.
  expect((await requestToken({ scopes: [`repository:${project}/app:pull,push`] })).access).toEqual([
    { type: 'repository', name: `${project}/app`, actions: ['pull'] },
  ]);

  await admin.patch(`/api/v1/projects/${project}`, { anonymousPullCidrs: ['10.0.0.0/8'] });
  const again = new Podman();
  const denied = await again.pull(ref);
  expect(denied.code).not.toBe(0);
  expect(denied.stderr).toMatch(/denied|unauthorized|authentication required/i);
});

test('[NETWORK]: push networks stop a developer outside them, the explanation names the rule, and inside they push', async () => {
  const project = await createProject(admin, { prefix: 'net-push' });
  const dev = await createUser(admin, { prefix: 'netdev' });
  await admin.post(`/api/v1/projects/${project}/members`, { username: dev.username, role: 'developer' });
  await admin.patch(`/api/v1/projects/${project}`, { pushCidrs: ['10.0.0.0/8'] });
  const podman = new Podman();
  expect((await podman.login(dev.username, dev.password)).code).toBe(0);
  const ref = `${registryHost()}/${project}/app:1`;
  const denied = await pushAs(podman, ref);
  expect(denied.code).not.toBe(0);

  // The developer asks why, for themself (the caller's own address is used).
  const why = await dev.api.get(
    `/api/v1/access/explain?scope=${encodeURIComponent(`repository:${project}/app:push`)}&ip=127.0.0.1`,
  );
  expect(why.status).toBe(200);
  expect(why.data.results).toEqual([
    expect.objectContaining({
      action: 'push',
      granted: false,
      code: 'push_network',
      reasons: expect.arrayContaining([
        `project ${project} allows push and delete only from 10.0.0.0/8; the client address 127.0.0.1 is not in them`,
      ]),
    }),
  ]);

  await admin.patch(`/api/v1/projects/${project}`, { pushCidrs: ['127.0.0.0/8'] });
  const ok = await pushAs(podman, ref);
  expect(ok.code, ok.stderr).toBe(0);

  // Deleting through the REST API from outside is refused by the same rule, for admins too.
  await waitFor(
    async () => (await admin.get(`/api/v1/repositories/${project}/app/tags/1`)).status === 200,
    15_000,
    'the push to reach Wharf',
  );
  await admin.patch(`/api/v1/projects/${project}`, { pushCidrs: ['10.0.0.0/8'] });
  const rest = await admin.delete(`/api/v1/repositories/${project}/app/tags/1`);
  expect(rest.status).toBe(403);
  expect(rest.data.error.message).toBe(
    `Project ${project} allows push and delete only from 10.0.0.0/8; the client address 127.0.0.1 is not in them.`,
  );
  expect((await admin.get(`/api/v1/repositories/${project}/app/tags/1`)).status).toBe(200);
});

test('[NETWORK]: a robot limited to other networks cannot log in; inside its networks it can', async () => {
  const project = await createProject(admin, { prefix: 'net-robot' });
  const created = await admin.post(`/api/v1/projects/${project}/robots`, {
    name: 'ci',
    actions: ['pull', 'push'],
    allowedCidrs: ['10.0.0.0/8', 'fd00::/8'],
  });
  expect(created.status).toBe(201);
  expect(created.data.allowedCidrs).toEqual(['10.0.0.0/8', 'fd00::/8']);
  const podman = new Podman();
  const refused = await podman.login(created.data.name, created.data.secret);
  expect(refused.code).not.toBe(0);
  const token = await requestToken({ username: created.data.name, password: created.data.secret });
  expect(token.status).toBe(401);
  expect(token.body.details).toMatch(/may not be used from 127\.0\.0\.1/);

  expect(
    (await admin.patch(`/api/v1/robots/${created.data.id}`, { allowedCidrs: ['127.0.0.1'] })).data
      .allowedCidrs,
  ).toEqual(['127.0.0.1/32']);
  expect((await podman.login(created.data.name, created.data.secret)).code).toBe(0);
});

test('[NETWORK]: explanations for a guest asking for push, a read-only token and anonymous pull of a public project', async () => {
  const project = await createProject(admin, { prefix: 'net-why' });
  const open = await createProject(admin, { prefix: 'net-pub', public: true });
  const guest = await createUser(admin, { prefix: 'netguest' });
  await admin.post(`/api/v1/projects/${project}/members`, { username: guest.username, role: 'guest' });
  const ask = (api: Api, params: Record<string, string>) =>
    api.get(`/api/v1/access/explain?${new URLSearchParams(params)}`);

  const asGuest = await ask(admin, { subject: guest.username, scope: `repository:${project}/app:push,pull` });
  expect(asGuest.status).toBe(200);
  expect(asGuest.data.subject).toEqual({ kind: 'user', name: guest.username, credential: 'password' });
  const [push, pull] = asGuest.data.results;
  expect(push).toMatchObject({ action: 'push', granted: false, code: 'role' });
  expect(push.reasons).toEqual([
    'credential: password',
    'direct member with role guest',
    `role guest in project ${project} does not allow push`,
  ]);
  expect(pull).toMatchObject({ action: 'pull', granted: true });

  // A read-only token of an administrator: pull, no push.
  const tokenRes = await admin.post('/api/v1/users/me/tokens', { name: 'ro-why', readOnly: true });
  expect(tokenRes.status).toBe(201);
  const viaToken = await ask(admin, {
    subject: 'admin',
    token: 'ro-why',
    scope: `repository:${project}/app:push`,
  });
  expect(viaToken.data.results[0]).toMatchObject({ granted: false, code: 'read_only' });
  expect(viaToken.data.results[0].reasons[0]).toBe('credential: personal access token ro-why (read-only)');

  const anonymous = await Api.as(null);
  const anon = await ask(anonymous, { subject: 'anonymous', scope: `repository:${open}/app:pull,push` });
  expect(anon.status).toBe(200);
  expect(anon.data.results.map((r: { action: string; granted: boolean }) => [r.action, r.granted])).toEqual([
    ['pull', true],
    ['push', false],
  ]);
  expect(anon.data.results[0].reasons.at(-1)).toBe(`project ${open} is public: anyone may pull`);
  // A private project is not revealed to someone who may not see it.
  const hidden = await ask(anonymous, { subject: 'anonymous', scope: `repository:${project}/app:pull` });
  expect(hidden.data.results[0]).toMatchObject({ granted: false, code: 'no_project' });
  // Someone else's access is for admins and project admins only.
  expect((await ask(guest.api, { subject: 'admin', scope: `repository:${project}/app:pull` })).status).toBe(
    403,
  );
});

test('[NETWORK]: bad CIDRs and addresses are 400s naming the field', async () => {
  const project = await createProject(admin, { prefix: 'net-bad' });
  for (const [field, value] of [
    ['anonymousPullCidrs', '300.1.1.1/8'],
    ['pushCidrs', '10.0.0.0/33'],
    ['pushCidrs', 'text'],
  ] as const) {
    const res = await admin.patch(`/api/v1/projects/${project}`, { [field]: ['127.0.0.0/8', value] });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toContain(`${field}.1`);
    expect(res.data.error.message).toContain(`"${value}" is not a CIDR`);
  }
  const robot = await admin.post(`/api/v1/projects/${project}/robots`, {
    name: 'bad',
    actions: ['pull'],
    allowedCidrs: ['fd00::/129'],
  });
  expect(robot.status).toBe(400);
  expect(robot.data.error.message).toMatch(/^allowedCidrs\.0: /);
  const settings = await admin.call('PATCH', '/api/v1/settings', { defaultPushCidrs: ['10.0.0.1/8'] });
  expect(settings.status).toBe(400);
  const ip = await admin.get(`/api/v1/access/explain?scope=repository:${project}/a:pull&ip=999.1.1.1`);
  expect(ip.status).toBe(400);
  expect(ip.data.error.message).toMatch(/^ip: /);
  // The project is unchanged.
  expect((await admin.get(`/api/v1/projects/${project}`)).data).toMatchObject({
    anonymousPullCidrs: [],
    pushCidrs: [],
  });
});

test('[NETWORK]: new projects get the administrators’ default network rules', async () => {
  try {
    expect(
      (await admin.call('PATCH', '/api/v1/settings', { defaultPushCidrs: ['192.168.0.0/16'] })).status,
    ).toBe(200);
    const project = await createProject(admin, { prefix: 'net-default' });
    expect((await admin.get(`/api/v1/projects/${project}`)).data.pushCidrs).toEqual(['192.168.0.0/16']);
  } finally {
    await admin.call('PATCH', '/api/v1/settings', { defaultPushCidrs: [] });
  }
});

test('[NETWORK]: a project admin checks a member’s access on the Members tab', async ({ browser }) => {
  const project = await createProject(admin, { prefix: 'net-ui' });
  const guest = await createUser(admin, { prefix: 'netuig' });
  await admin.post(`/api/v1/projects/${project}/members`, { username: guest.username, role: 'guest' });
  const page = await browser.newPage({ baseURL: process.env.WHARF_E2E_URL });
  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/projects/);
  await page.goto(`/projects/${project}/members`);
  await page.getByLabel('Check for').fill(guest.username);
  await page.getByLabel('Repository').fill(`${project}/app`);
  await page.getByLabel('Action').selectOption('push');
  await page.getByRole('button', { name: 'Check access' }).click();
  const result = page.getByRole('region', { name: 'Access check result' });
  await expect(result).toContainText('Denied');
  await expect(result).toContainText(`role guest in project ${project} does not allow push`);
  await page.close();
});
