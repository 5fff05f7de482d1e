// First-start and start-up work inside the server process.
import 'server-only';
import { ensureFirstAdmin } from '@/lib/users/bootstrap';
import { getSigningKey } from '@/lib/tokens/signing';
import { log } from '@/lib/log';
import { scheduleReconcile } from '@/lib/registry/reconcile';
import { scheduleRetention as scheduleTagRetention } from '@/lib/policies/retention';
import { start as startClusterEvents } from '@/lib/cluster/events';
import { scheduleRetention as scheduleAuditRetention } from '@/lib/audit/retention';
import { startWebhookWorker } from '@/lib/webhooks/worker';

export async function bootstrap(): Promise<void> {
  // Hear the other replicas (cache invalidation, sign-in locks); retried until the database answers.
  void startClusterEvents();
  try {
    // Generates the key on first start and writes the certificate the registry trusts.
    const key = await getSigningKey();
    log.info('token signing key ready', {
      alg: key.alg,
      kid: key.kid,
      certificateValidUntil: key.notAfter.toISOString(),
    });
  } catch (err) {
    log.error('token signing key unavailable: docker logins will fail until this is fixed', { err });
  }
  try {
    await ensureFirstAdmin();
  } catch (err) {
    // Wharf still serves pages (and /api/health says why) when the database is down.
    log.error('start-up bootstrap failed', { err });
  }
  scheduleReconcile();
  // One replica at a time each (advisory locks): tag retention and audit retention daily,
  // webhook deliveries.
  scheduleTagRetention();
  scheduleAuditRetention();
  startWebhookWorker();
}
