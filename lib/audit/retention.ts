// Retention: audit events older than AUDIT_RETENTION_DAYS are deleted once a day, in batches
// (short transactions, no long lock on a busy table), on one replica at a time (advisory
// lock). Finished webhook deliveries are kept for DELIVERY_LOG_DAYS.
import 'server-only';
import { pool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { LOCKS, withAdvisoryLock } from '@/lib/cluster/leader';

const BATCH = 5000;
const DAY_MS = 86_400_000;
export const DELIVERY_LOG_DAYS = 30;

export type RetentionReport = { auditDeleted: number; deliveriesDeleted: number; skipped?: string };

async function deleteInBatches(sql: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool().query(sql, params);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return total;
  }
}

/** Deletes what is past retention now (one replica at a time). */
export async function runRetention(now = new Date()): Promise<RetentionReport> {
  const days = getEnv().AUDIT_RETENTION_DAYS;
  const result = await withAdvisoryLock(pool(), LOCKS.auditRetention, async () => {
    const auditDeleted = days
      ? await deleteInBatches(
          `DELETE FROM "AuditEvent" WHERE id IN (SELECT id FROM "AuditEvent" WHERE at < $1 LIMIT ${BATCH})`,
          [new Date(now.getTime() - days * DAY_MS)],
        )
      : 0;
    const deliveriesDeleted = await deleteInBatches(
      `DELETE FROM "WebhookDelivery" WHERE id IN (SELECT id FROM "WebhookDelivery"
        WHERE status <> 'pending' AND "createdAt" < $1 LIMIT ${BATCH})`,
      [new Date(now.getTime() - DELIVERY_LOG_DAYS * DAY_MS)],
    );
    return { auditDeleted, deliveriesDeleted };
  });
  if (result.skipped)
    return { auditDeleted: 0, deliveriesDeleted: 0, skipped: 'another replica is running it' };
  if (result.value.auditDeleted || result.value.deliveriesDeleted)
    log.info('audit retention done', { ...result.value, retentionDays: days });
  return result.value;
}

const g = globalThis as unknown as { wharfRetention?: NodeJS.Timeout };

/** Shortly after start, then daily. */
export function scheduleRetention(): void {
  if (g.wharfRetention) return;
  const run = () =>
    void runRetention().catch((err) => log.warn('audit retention failed', { error: (err as Error).message }));
  setTimeout(run, 5_000).unref();
  g.wharfRetention = setInterval(run, DAY_MS);
  g.wharfRetention.unref();
}
