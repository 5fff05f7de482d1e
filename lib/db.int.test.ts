// Integration, on a real (embedded) PostgreSQL: a connection the server drops while Wharf holds
// it checked out (a job under an advisory lock, between two queries) fails that job, not the
// process. pg-pool listens to idle clients only; without lib/db.ts's listener the 'error' of
// a checked-out client was an uncaught exception (seen when the embedded database was killed
// during a reconcile).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/lib/testing/database';

let database: TestDatabase | undefined;
let admin: pg.Client;

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  const { pool } = await import('@/lib/db');
  await pool().end();
  await database?.stop();
});

/** Ends a backend from the outside, as a database restart or a killed server does. */
const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('a connection dropped while checked out', () => {
  it('fails its holder and leaves the pool working', async () => {
    const { pool } = await import('@/lib/db');
    const client = await pool().connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await terminate(rows[0]!.pid);
    await settle(); // the client is idle in its holder's hands when the server drops it
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release();
    expect((await pool().query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });

  it('under an advisory lock: the job fails with an error, the lock goes with the session', async () => {
    const [{ pool }, { withAdvisoryLock }] = await Promise.all([
      import('@/lib/db'),
      import('@/lib/cluster/leader'),
    ]);
    const job = withAdvisoryLock(pool(), 4242, async () => {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted`,
      );
      await terminate(rows[0]!.pid);
      await settle();
      return 'done';
    });
    await expect(job).rejects.toThrow();
    const again = await withAdvisoryLock(pool(), 4242, async () => 'again');
    expect(again).toEqual({ skipped: false, value: 'again' });
  });
});
