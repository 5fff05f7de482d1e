// Webhook deliveries are queued in PostgreSQL: a receiver that answers 500 twice and then 200
// gets the event at the third attempt even though Wharf restarts in between, with the same
// event id, delivery id and a valid signature each time. Audit retention (AUDIT_RETENTION_DAYS)
// removes a backdated event at start and keeps the recent ones.
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { hasValidSignature, startReceiver } from '../fixtures/webhook-receiver';
import { ADMIN_PASSWORD, startWharf, waitFor, type WharfServer } from '../fixtures/wharf-server';

const basic = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

async function call(wharf: WharfServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${wharf.url}${path}`, {
    method,
    headers: { Authorization: basic, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, data: res.status === 204 ? null : await res.json() };
}

test('[WEBHOOKS]: 500, 500, then 200 across a Wharf restart: delivered at the third attempt, nothing lost; retention removes only old events', async () => {
  test.setTimeout(240_000);
  const receiver = await startReceiver([500, 500]);
  const env = { AUDIT_RETENTION_DAYS: '30' };
  let wharf = await startWharf({ name: 'hook-restart', env });
  try {
    expect((await call(wharf, 'POST', '/api/v1/projects', { name: 'restart-hooks' })).status).toBe(201);
    expect(
      (await call(wharf, 'POST', '/api/v1/users', { username: 'hook-member', password: 'hook-Member-pw1' }))
        .status,
    ).toBe(201);
    const hook = await call(wharf, 'POST', '/api/v1/projects/restart-hooks/webhooks', {
      url: `${receiver.url}/member`,
      events: ['member'],
    });
    expect(hook.status, JSON.stringify(hook.data)).toBe(201);

    const db = new pg.Client({ connectionString: wharf.databaseUrl() });
    await db.connect();
    await db.query(
      `INSERT INTO "AuditEvent" ("actorName", action, "targetType", target, at) VALUES
         ('old-actor', 'test.backdated', 'user', 'retention-old', now() - interval '40 days'),
         ('recent-actor', 'test.backdated', 'user', 'retention-recent', now() - interval '10 days')`,
    );
    await db.end();

    const added = await call(wharf, 'POST', '/api/v1/projects/restart-hooks/members', {
      username: 'hook-member',
      role: 'guest',
    });
    expect(added.status).toBe(201);
    await waitFor(async () => receiver.received.length >= 1, 15_000, 'the first attempt');
    expect(receiver.received[0]!.status).toBe(500);

    // Restart before the retry is due (2 s later): the queue is in the database.
    expect(await wharf.stop()).toBe(0);
    wharf = await startWharf({ name: 'hook-restart', env, keepData: true });

    await waitFor(
      async () => receiver.received.some((r) => r.status === 200),
      30_000,
      'the successful attempt',
    );
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const secret: string = hook.data.secret;
    const ids = new Set(receiver.received.map((r) => JSON.parse(r.body).id));
    const deliveries = new Set(receiver.received.map((r) => r.headers['x-wharf-delivery']));
    expect(ids.size).toBe(1);
    expect(deliveries.size).toBe(1);
    expect(receiver.received.every((r) => hasValidSignature(r, secret))).toBe(true);
    expect(JSON.parse(receiver.received[2]!.body)).toMatchObject({
      type: 'member',
      project: 'restart-hooks',
      actor: { name: 'admin' },
      detail: { member: 'hook-member', role: 'guest', change: 'add' },
    });
    await expect
      .poll(
        async () =>
          (await call(wharf, 'GET', `/api/v1/projects/restart-hooks/webhooks/${hook.data.id}/deliveries`))
            .data.items[0],
      )
      .toMatchObject({ status: 'delivered', attempts: 3, responseCode: 200 });

    // Retention ran at start: the 40-day-old event is gone, the 10-day-old one and today's stay.
    await expect
      .poll(async () =>
        (await call(wharf, 'GET', '/api/v1/audit?action=test.backdated')).data.items.map(
          (e: { target: string }) => e.target,
        ),
      )
      .toEqual(['retention-recent']);
    const today = await call(wharf, 'GET', '/api/v1/audit?project=restart-hooks&action=member.add');
    expect(today.data.total).toBe(1);
  } finally {
    await wharf.stop();
    await receiver.close();
  }
});
