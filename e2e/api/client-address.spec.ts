// The client address (throttling keys, audit log, docker logins) never comes from a header a
// client can set: Wharf's own hand-off header is ignored when a client sends it, and with
// TRUST_PROXY=true (one hop, as the suite's Wharf runs) only the rightmost X-Forwarded-For
// entry counts, the one the trusted proxy added.
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { Api, createUser, uniqueName } from '../fixtures/api';
import { ADMIN_PASSWORD } from '../fixtures/wharf-server';

const SPOOF = { 'x-wharf-client-ip': '6.6.6.6', 'x-wharf-client-ip-mac': 'forged' };
const basicAdmin = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

let admin: Api;
test.beforeAll(async () => {
  admin = await Api.admin();
});
test.afterAll(async () => {
  await admin.dispose();
});

/** A docker login (refresh token) made with these headers; returns the address Wharf recorded. */
async function dockerLoginAddress(headers: Record<string, string>): Promise<string> {
  const user = await createUser(admin, { prefix: 'addr' });
  const res = await fetch(new URL('/v2/token', process.env.WHARF_E2E_URL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      grant_type: 'password',
      username: user.username,
      password: user.password,
      access_type: 'offline',
      service: 'wharf-registry',
    }),
  });
  expect(res.status).toBe(200);
  const logins = await user.api.get('/api/v1/users/me/docker-logins');
  await user.api.dispose();
  return logins.data.items[0].sourceIp;
}

/** Creates a project through a route handler with these headers; returns the audit log's address. */
async function auditedAddress(headers: Record<string, string>): Promise<string> {
  const name = uniqueName('addr');
  const res = await fetch(new URL('/api/v1/projects', process.env.WHARF_E2E_URL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: basicAdmin, ...headers },
    body: JSON.stringify({ name, public: false }),
  });
  expect(res.status).toBe(201);
  const db = new pg.Client({ connectionString: process.env.WHARF_E2E_DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT "sourceIp" FROM "AuditEvent" WHERE "targetType" = 'project' AND target = $1 ORDER BY id DESC LIMIT 1`,
      [name],
    );
    return rows[0].sourceIp;
  } finally {
    await db.end();
  }
}

test('[ADDRESS]: token endpoint – a client-sent x-wharf-client-ip is ignored; the rightmost X-Forwarded-For entry counts', async () => {
  expect(await dockerLoginAddress(SPOOF)).toBe('127.0.0.1');
  expect(await dockerLoginAddress({ ...SPOOF, 'X-Forwarded-For': '6.6.6.6, 10.1.2.3' })).toBe('10.1.2.3');
  // Not an address: the socket's, never the garbage.
  expect(await dockerLoginAddress({ 'X-Forwarded-For': '6.6.6.6, not-an-ip' })).toBe('127.0.0.1');
});

test('[ADDRESS]: route handlers – a client-sent x-wharf-client-ip is ignored; the rightmost X-Forwarded-For entry counts', async () => {
  expect(await auditedAddress(SPOOF)).toBe('127.0.0.1');
  expect(await auditedAddress({ ...SPOOF, 'X-Forwarded-For': '6.6.6.6, 10.1.2.3' })).toBe('10.1.2.3');
  expect(await auditedAddress({ 'X-Forwarded-For': '203.0.113.9' })).toBe('203.0.113.9');
});
