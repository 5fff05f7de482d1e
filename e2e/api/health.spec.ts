import { expect, test } from '@playwright/test';

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
