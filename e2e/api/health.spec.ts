import { expect, test } from '@playwright/test';
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
  const { signInViaApi } = await import('../fixtures/auth');
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
});

test('every response carries a request id; errors log it', async ({ request }) => {
  const res = await request.get('/api/v1/projects/no-such-project');
  expect(res.status()).toBe(404);
  expect(res.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});
