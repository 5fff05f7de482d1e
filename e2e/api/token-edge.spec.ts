// Both entry points of /v2/token share one HTTP edge (lib/tokens/http-edge.ts): Wharf's own
// server answers it outside Next.js; a second Wharf with the fast path off answers it through
// the Next.js route (app/v2/token/route.ts), as a plain `next start` would. The same requests
// must get the same statuses and body shapes from both.
import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, startWharf, type WharfServer } from '../fixtures/wharf-server';

let viaNext: WharfServer;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  viaNext = await startWharf({
    name: 'token-next',
    env: { WHARF_TOKEN_FAST_PATH: 'off', LOG_LEVEL: 'debug' },
  });
  // A fresh instance on a loaded machine once answered its very first token request 503
  // (the log is attached on failure): compare once it serves tokens.
  await expect
    .poll(async () => (await fetch(`${viaNext.url}/v2/token?service=wharf-registry`)).status, {
      timeout: 30_000,
    })
    .toBe(200);
});
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach('wharf-via-next.log', { body: viaNext.output().slice(-6000) });
});
test.afterAll(async () => {
  await viaNext?.stop();
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const form = 'application/x-www-form-urlencoded';

const REQUESTS: Array<{ name: string; init: RequestInit; query?: string }> = [
  { name: 'GET with Basic', init: { headers: { Authorization: basic('admin', ADMIN_PASSWORD) } } },
  {
    name: 'POST password grant',
    init: {
      method: 'POST',
      headers: { 'Content-Type': form },
      body: new URLSearchParams({
        grant_type: 'password',
        username: 'admin',
        password: ADMIN_PASSWORD,
        service: 'wharf-registry',
        scope: 'repository:nowhere/app:pull',
      }).toString(),
    },
  },
  {
    name: 'POST with a wrong content type',
    init: {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"grant_type":"password"}',
    },
  },
  {
    name: 'POST 100 KiB',
    init: {
      method: 'POST',
      headers: { 'Content-Type': form },
      body: `grant_type=password&x=${'a'.repeat(100 * 1024)}`,
    },
  },
  { name: 'GET with a malformed Authorization', init: { headers: { Authorization: 'Bearer not-basic' } } },
  { name: 'anonymous GET', init: {}, query: '&scope=repository:nowhere/app:pull' },
  { name: 'PUT', init: { method: 'PUT', headers: { 'Content-Type': form }, body: 'a=1' } },
];

/** Status, the response's content type, Allow/Retry-After, and the body's shape (keys, error codes). */
async function shapeOf(base: string, { init, query }: (typeof REQUESTS)[number]) {
  const res = await fetch(`${base}/v2/token?service=wharf-registry${query ?? ''}`, init);
  const body = (await res.json()) as Record<string, unknown>;
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    cacheControl: res.headers.get('cache-control'),
    allow: res.headers.get('allow'),
    keys: Object.keys(body).sort(),
    codes: Array.isArray(body.errors) ? body.errors.map((e: { code: string }) => e.code) : [],
    error: typeof body.error === 'string' ? body.error : null,
  };
}

test('/v2/token – Wharf’s server and the Next.js route answer the same requests alike', async () => {
  const expected: Record<string, number> = {
    'GET with Basic': 200,
    'POST password grant': 200,
    'POST with a wrong content type': 400,
    'POST 100 KiB': 413,
    'GET with a malformed Authorization': 401,
    'anonymous GET': 200,
    PUT: 405,
  };
  for (const request of REQUESTS) {
    const server = await shapeOf(process.env.WHARF_E2E_URL!, request);
    const next = await shapeOf(viaNext.url, request);
    expect(next, request.name).toEqual(server);
    expect(server.status, request.name).toBe(expected[request.name]);
    expect(server.contentType, request.name).toMatch(/^application\/json/);
  }
  // The second Wharf really served them through the Next.js route (the edge logs its entry point).
  await expect.poll(() => viaNext.output()).toContain('"entry":"next"');
  expect(viaNext.output()).not.toContain('"entry":"server"');
  expect(viaNext.output()).not.toContain(ADMIN_PASSWORD);
});
