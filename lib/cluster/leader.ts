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
} as const;

/**
 * Runs `fn` while holding the lock on a connection from `pool`; resolves `{ skipped: true }`
 * when another replica holds it.
 */
export async function withAdvisoryLock<T>(
  pool: pg.Pool,
  key: number,
  fn: () => Promise<T>,
): Promise<{ skipped: true } | { skipped: false; value: T }> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      key,
    ]);
    if (!rows[0]?.locked) return { skipped: true };
    try {
      return { skipped: false, value: await fn() };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}
