// A second Wharf whose external database goes away: health says 503, pages say so, nothing
// leaks. (An embedded database that dies is restarted by Wharf: embedded-registry.spec.ts.)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startEmbeddedPostgres, type EmbeddedDb } from '../../scripts/embedded-postgres';
import { signInViaApi } from '../fixtures/auth';
import {
  ADMIN_PASSWORD,
  freePort,
  ROOT,
  startWharf,
  waitFor,
  type WharfServer,
} from '../fixtures/wharf-server';

let wharf: WharfServer;
let database: EmbeddedDb;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The test's own PostgreSQL, which Wharf knows only by DATABASE_URL.
  const dir = path.join(ROOT, 'e2e', '.tmp', `resilience-db-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  database = await startEmbeddedPostgres({
    dir,
    port: await freePort(),
    password: 'resilience-db-password',
  });
  wharf = await startWharf({ name: 'resilience', env: { DATABASE_URL: database.url } });
});

test.afterAll(async () => {
  const code = await wharf?.stop();
  await database?.stop();
  expect(code).toBe(0);
});

test('[DB DOWN]: /api/health answers 503 and sign-in says the database is unreachable', async ({
  playwright,
}) => {
  const request = await playwright.request.newContext({ baseURL: wharf.url });
  expect((await request.get('/api/health')).status()).toBe(200);

  await database.stop(); // as if the database server went away
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
