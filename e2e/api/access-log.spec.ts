// Access log and request metrics of a real Wharf (its own, to read its stdout): one JSON line
// per request with route pattern, status, duration, client address and the principal's name,
// and never a password, cookie or token, wherever the client put it.
import { expect, request as pwRequest, test } from '@playwright/test';
import { Api, createProject, uniqueName } from '../fixtures/api';
import { signInViaApi } from '../fixtures/auth';
import { ADMIN_PASSWORD, startWharf, type WharfServer } from '../fixtures/wharf-server';

test.describe.configure({ mode: 'serial' });

const METRICS_TOKEN = 'metrics-bearer-token-for-the-access-log-suite';
let wharf: WharfServer;
let admin: Api;

type AccessLine = {
  level: string;
  msg: string;
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  ip: string;
  user?: string;
};

/** The access line of the request that answered with `res` (by its X-Request-Id). */
async function accessLineOf(res: Response | { headers: () => Record<string, string> }): Promise<AccessLine> {
  const id = res instanceof Response ? res.headers.get('x-request-id') : res.headers()['x-request-id'];
  expect(id).toBeTruthy();
  let line: string | undefined;
  await expect
    .poll(
      () =>
        (line = wharf
          .output()
          .split('\n')
          .find((l) => l.includes(`"requestId":"${id}"`) && l.includes('"msg":"request"'))),
    )
    .toBeTruthy();
  return JSON.parse(line!) as AccessLine;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  wharf = await startWharf({ name: 'access-log', env: { METRICS_TOKEN, LOG_LEVEL: 'info' } });
  admin = await Api.as('admin', ADMIN_PASSWORD, wharf.url);
});

test.afterAll(async () => {
  await admin?.dispose();
  await wharf?.stop();
});

test('[ACCESS LOG]: a password, a session cookie and bearer tokens never reach the log; the user, route and status do', async () => {
  const project = await createProject(admin);
  const querySecret = `query-token-${uniqueName('q')}`;

  // HTTP Basic with the admin's password, and a token in the query string.
  const basic = await fetch(`${wharf.url}/api/v1/projects/${project}?token=${querySecret}`, {
    headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
  });
  expect(basic.status).toBe(200);
  const basicLine = await accessLineOf(basic);
  expect(basicLine).toMatchObject({
    level: 'info',
    method: 'GET',
    route: '/api/v1/projects/[name]',
    status: 200,
    ip: '127.0.0.1',
    user: 'admin',
  });
  expect(basicLine.durationMs).toBeGreaterThan(0);

  // A browser session: the cookie names the user in the log (the session is resolved in the
  // route handler, inside Next.js), the cookie itself is not there.
  const browser = await pwRequest.newContext({ baseURL: wharf.url });
  expect((await signInViaApi(browser, 'admin', ADMIN_PASSWORD)).ok).toBe(true);
  const cookies = (await browser.storageState()).cookies.map((c) => c.value);
  expect(cookies.length).toBeGreaterThan(0);
  const page = await browser.get(`/projects/${project}`);
  expect(page.status()).toBe(200);
  expect(await accessLineOf(page)).toMatchObject({ route: '/projects/[name]', status: 200, user: 'admin' });
  const listed = await browser.get('/api/v1/projects');
  expect(await accessLineOf(listed)).toMatchObject({ route: '/api/v1/projects', user: 'admin' });
  await browser.dispose();

  // A bearer token (the metrics token), and a robot's secret at the token endpoint's fast path.
  const metrics = await fetch(`${wharf.url}/metrics`, {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(metrics.status).toBe(200);
  const metricsLine = await accessLineOf(metrics);
  expect(metricsLine).toMatchObject({ route: '/metrics', status: 200 });
  expect(metricsLine.user).toBeUndefined();
  const robot = await admin.post(`/api/v1/projects/${project}/robots`, {
    name: 'ci',
    actions: ['pull'],
    expiresInDays: 1,
  });
  expect(robot.status).toBe(201);
  const token = await fetch(
    `${wharf.url}/v2/token?service=wharf-registry&scope=repository:${project}/app:pull`,
    {
      headers: {
        Authorization: `Basic ${Buffer.from(`${robot.data.name}:${robot.data.secret}`).toString('base64')}`,
      },
    },
  );
  expect(token.status).toBe(200);
  const issued = ((await token.json()) as { token: string }).token;
  expect(await accessLineOf(token)).toMatchObject({ route: '/v2/token', status: 200, user: robot.data.name });
  // Asked again moments later, a credential is answered from memory (authenticateFromCache):
  // the line still names who it was, for a robot and for a user's password.
  for (const [name, secret] of [
    [robot.data.name as string, robot.data.secret as string],
    ['admin', ADMIN_PASSWORD],
    ['admin', ADMIN_PASSWORD],
  ]) {
    const again = await fetch(
      `${wharf.url}/v2/token?service=wharf-registry&scope=repository:${project}/app:pull`,
      { headers: { Authorization: `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}` } },
    );
    expect(again.status).toBe(200);
    expect(await accessLineOf(again)).toMatchObject({ route: '/v2/token', status: 200, user: name });
  }
  // A refused request is logged too, without a user.
  const refused = await fetch(`${wharf.url}/api/v1/users`, {
    headers: { Cookie: `next-auth.session-token=forged-${querySecret}` },
  });
  expect(refused.status).toBe(401);
  expect(await accessLineOf(refused)).toMatchObject({ route: '/api/v1/users', status: 401 });

  const log = wharf.output();
  for (const secret of [
    ADMIN_PASSWORD,
    Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64'),
    querySecret,
    ...cookies,
    METRICS_TOKEN,
    robot.data.secret as string,
    issued,
  ])
    expect(log).not.toContain(secret);
});

test('[METRICS]: /metrics lists request latency by route and status, registry call latency and LDAP bind latency', async () => {
  const res = await fetch(`${wharf.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  expect(text).toMatch(
    /wharf_http_request_duration_seconds_count\{route="\/api\/v1\/projects\/\[name\]",status="200"\} [1-9]/,
  );
  expect(text).toMatch(/wharf_http_request_duration_seconds_count\{route="\/v2\/token",status="200"\} [1-9]/);
  // Creating the project asked the registry for earlier images.
  expect(text).toMatch(/wharf_registry_request_duration_seconds_count\{method="GET",status="\d{3}"\} [1-9]/);
  // No LDAP here: the series are there, at zero.
  expect(text).toContain('wharf_ldap_bind_duration_seconds_count{result="ok"} 0');
  expect(text).toContain('# TYPE wharf_notification_lag_seconds histogram');
});
