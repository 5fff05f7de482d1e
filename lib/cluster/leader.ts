// Jobs that must run on one replica at a time (retention, webhook deliveries) take a
// PostgreSQL session advisory lock: it is released when the job ends, or by the server when
// the connection of a replica that died goes away, so another replica takes over.
import 'server-only';
import type pg from 'pg';

/** Advisory lock keys (32-bit), one per job. */
export const LOCKS = {
  reconcile: 0x77686172, // "whar"
  auditRetention: 0x77686174,
  webhookWorker: 0x77686f6b,
  /** The daily tag-retention schedule. */
  retentionSchedule: 0x72657473, // "rets"
  /** One project's retention run: with the project id as the second key. */
  retentionRun: 0x72657465, // "rete"
} as const;

/**
 * Runs `fn` while holding the lock (one key, or two: a job and the row it works on) on a
 * connection from `pool`; resolves `{ skipped: true }` when another replica holds it.
 */
export async function withAdvisoryLock<T>(
  pool: pg.Pool,
  key: number | readonly [number, number],
  fn: () => Promise<T>,
): Promise<{ skipped: true } | { skipped: false; value: T }> {
  const keys = typeof key === 'number' ? [key] : [...key];
  const args = keys.map((_, i) => `$${i + 1}`).join(', ');
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(${args}) AS locked`,
      keys,
    );
    if (!rows[0]?.locked) return { skipped: true };
    try {
      return { skipped: false, value: await fn() };
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${args})`, keys);
    }
  } finally {
    client.release();
  }
}
