// Same-site CSRF (issue: an auto-submitting form on another port of the same host rotated a
// robot secret with the victim's session cookie): cookie-authenticated changes must come
// from Wharf's own origin; HTTP Basic clients are unaffected.
import { expect, request as pwRequest, test, type APIRequestContext } from '@playwright/test';
import { Api, createProject } from '../fixtures/api';
import { signInViaApi } from '../fixtures/auth';
import { requestToken } from '../fixtures/token';
import { ADMIN_PASSWORD, freePort } from '../fixtures/wharf-server';

const REFUSED = { error: { code: 'forbidden', message: 'cross-origin request refused' } };

let admin: Api;
let browser: APIRequestContext; // carries the admin's session cookie, as a browser would
let otherOrigin: string;
let robot: { id: number; name: string; secret: string };

test.beforeAll(async () => {
  admin = await Api.admin();
  browser = await pwRequest.newContext({ baseURL: process.env.WHARF_E2E_URL });
  expect((await signInViaApi(browser, 'admin', ADMIN_PASSWORD)).ok).toBe(true);
  otherOrigin = `http://127.0.0.1:${await freePort()}`;
  const project = await createProject(admin, { prefix: 'csrf' });
  const created = await admin.post(`/api/v1/projects/${project}/robots`, { name: 'ci', actions: ['pull'] });
  expect(created.status).toBe(201);
  robot = created.data;
});
test.afterAll(async () => {
  await browser.dispose();
  await admin.dispose();
});

const secretWorks = async (secret: string) =>
  (await requestToken({ username: robot.name, password: secret })).status === 200;

test('[CSRF]: a cookie-authenticated POST from another origin is refused and changes nothing', async () => {
  const rotate = `/api/v1/robots/${robot.id}/rotate`;
  const attempts: Array<{ headers: Record<string, string>; data?: string }> = [
    { headers: { Origin: otherOrigin } },
    // What an auto-submitting HTML form on the other port sends.
    {
      headers: {
        Origin: otherOrigin,
        'Sec-Fetch-Site': 'same-site',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      data: 'x=1',
    },
    // Neither Origin nor Sec-Fetch-Site: not provably Wharf's own page.
    { headers: {} },
    { headers: { 'Sec-Fetch-Site': 'same-site' } },
    { headers: { Origin: 'null' } },
  ];
  for (const attempt of attempts) {
    const res = await browser.post(rotate, attempt);
    expect(res.status(), JSON.stringify(attempt.headers)).toBe(403);
    expect(await res.json()).toEqual(REFUSED);
  }
  const reconcile = await browser.post('/api/v1/system/reconcile', {
    headers: { Origin: otherOrigin, 'Content-Type': 'application/x-www-form-urlencoded' },
    data: '',
  });
  expect(reconcile.status()).toBe(403);
  expect(await secretWorks(robot.secret)).toBe(true); // not rotated

  // Reading is unaffected.
  expect((await browser.get('/api/v1/users/me', { headers: { Origin: otherOrigin } })).status()).toBe(200);
});

test('[CSRF]: the same request from Wharf’s own origin works; Basic clients need no Origin', async () => {
  const rotate = `/api/v1/robots/${robot.id}/rotate`;
  const own = await browser.post(rotate, { headers: { Origin: process.env.WHARF_E2E_URL! } });
  expect(own.status()).toBe(200);
  const { secret } = (await own.json()) as { secret: string };
  expect(await secretWorks(robot.secret)).toBe(false);
  expect(await secretWorks(secret)).toBe(true);

  const viaFetchMetadata = await browser.post(rotate, { headers: { 'Sec-Fetch-Site': 'same-origin' } });
  expect(viaFetchMetadata.status()).toBe(200);

  const basic = await admin.post(rotate, {});
  expect(basic.status).toBe(200);
  robot.secret = basic.data.secret;
  expect(await secretWorks(robot.secret)).toBe(true);

  // A browser that cached Basic credentials would send them to a cross-site form too.
  const basicCrossSite = await pwRequest.newContext({
    baseURL: process.env.WHARF_E2E_URL,
    extraHTTPHeaders: {
      Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`,
      Origin: otherOrigin,
    },
  });
  expect((await basicCrossSite.post(rotate)).status()).toBe(403);
  await basicCrossSite.dispose();
});
