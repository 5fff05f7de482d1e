import { expect, test } from '@playwright/test';
import { Agent, get } from 'node:http';
import { signInViaApi } from '../fixtures/auth';
import { requestToken } from '../fixtures/token';

test('GET /api/health – database up', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe('ok');
  expect(body.components.database.status).toBe('up');
  expect(typeof body.components.database.latencyMs).toBe('number');
});

test('POST /api/auth/callback/credentials – throttles a username after repeated failures', async ({
  request,
}) => {
  const name = `ghost-${Date.now()}`;
  for (let i = 0; i < 10; i++) expect((await signInViaApi(request, name, `wrong-${i}`)).ok).toBe(false);
  const locked = await signInViaApi(request, name, 'wrong-again');
  expect(locked.error).toMatch(/Too many failed sign-ins\. Try again in \d+ s\./);
});

test('GET /metrics – token requests, latency and login failures in Prometheus format', async ({
  request,
}) => {
  await requestToken({});
  await requestToken({ username: 'admin', password: 'wrong-for-metrics' });
  const res = await request.get('/metrics');
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toMatch(/wharf_token_requests_total\{result="ok"\} [1-9]/);
  expect(text).toMatch(/wharf_token_requests_total\{result="unauthorized"\} [1-9]/);
  expect(text).toMatch(/wharf_token_request_duration_seconds_count [1-9]/);
  expect(text).toMatch(/wharf_login_failures_total\{audience="registry"\} [1-9]/);
  // prom-client's process metrics, and Wharf's own series even where nothing happened yet.
  expect(text).toContain('# TYPE process_resident_memory_bytes gauge');
  expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  expect(text).toMatch(/wharf_access_denied_total\{reason="not_in_project"\} \d+/);
});

test('every response carries a request id; errors log it', async ({ request }) => {
  const res = await request.get('/api/v1/projects/no-such-project');
  expect(res.status()).toBe(404);
  expect(res.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('an idle keep-alive connection outlives Node’s 5 s default, so a client or proxy reusing it gets no reset', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const req = get(new URL('/api/health', process.env.WHARF_E2E_URL), { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      });
      req.on('error', reject);
    });
  try {
    expect(await once()).toEqual({ status: 200, reused: false });
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await once()).toEqual({ status: 200, reused: true });
  } finally {
    agent.destroy();
  }
});
