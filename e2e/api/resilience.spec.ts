// A second Wharf whose database goes away: health says 503, pages say so, nothing leaks.
import { expect, test } from '@playwright/test';
import { signInViaApi } from '../fixtures/auth';
import { ADMIN_PASSWORD, startWharf, waitFor, type WharfServer } from '../fixtures/wharf-server';

let wharf: WharfServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  wharf = await startWharf({ name: 'resilience' });
});

test.afterAll(async () => {
  const code = await wharf?.stop();
  expect(code).toBe(0);
});

test('[DB DOWN]: /api/health answers 503 and sign-in says the database is unreachable', async ({
  playwright,
}) => {
  const request = await playwright.request.newContext({ baseURL: wharf.url });
  expect((await request.get('/api/health')).status()).toBe(200);

  process.kill(wharf.postgresPid(), 'SIGINT'); // fast shutdown, as if the server went away
  await waitFor(
    async () => (await request.get('/api/health')).status() === 503,
    20_000,
    'health to report 503',
  );
  const health = await (await request.get('/api/health')).json();
  expect(health.components.database).toMatchObject({ status: 'down', error: 'database unreachable' });

  const signIn = await signInViaApi(request, 'admin', ADMIN_PASSWORD);
  expect(signIn.ok).toBe(false);
  expect(signIn.error).toBe('Sign-in is unavailable right now: the database cannot be reached.');

  const login = await request.get('/login');
  expect(login.status()).toBe(200);
  const html = await login.text();
  expect(html).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
  await request.dispose();
});
