// The delivery worker: one replica at a time (it holds a PostgreSQL advisory lock on a
// connection of its own; when that replica dies the server drops the lock and another replica
// takes over within seconds). Every second, and at once when this process queues something,
// it takes the oldest pending delivery of each webhook that is due and sends it, several
// webhooks in parallel but each webhook's deliveries strictly in order: a delivery that fails
// holds back the ones behind it until it succeeds or is given up. Failed attempts are retried
// with exponential backoff (2 s, 4 s, 8 s … 15 min) for RETRY_WINDOW_SECONDS after queuing.
// An attempt cut short by a crash is simply sent again after the restart (at least once).
import 'server-only';
import pg from 'pg';
import { db, pool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { inc } from '@/lib/metrics';
import { LOCKS } from '@/lib/cluster/leader';
import { registryPublicHost } from '@/lib/registry/public-host';
import { getSettings } from '@/lib/settings';
import {
  renderPayload,
  retryDelaySeconds,
  RETRY_WINDOW_SECONDS,
  signBody,
  type WharfEvent,
} from '@/lib/webhooks/payload';
import type { WebhookFormat } from '@/lib/webhooks/types';
import { postWebhook } from '@/lib/webhooks/send';
import type { TargetPolicy } from '@/lib/webhooks/targets';

const TICK_MS = 1000;
const LEADER_RETRY_MS = 5000;
const PARALLEL = 8;

type State = {
  timer?: NodeJS.Timeout;
  leader: pg.Client | null;
  lastLeaderTry: number;
  busy: boolean;
  again: boolean;
};
const g = globalThis as unknown as { wharfWebhooks?: State };
const state = (): State =>
  (g.wharfWebhooks ??= { leader: null, lastLeaderTry: 0, busy: false, again: false });

export async function targetPolicy(): Promise<TargetPolicy> {
  return {
    allowPrivate: getEnv().WEBHOOK_ALLOW_PRIVATE,
    networks: (await getSettings()).webhookAllowedNetworks,
  };
}

/** Holds the worker's advisory lock on a connection of its own (true while this replica is the worker). */
async function ensureLeader(): Promise<boolean> {
  const s = state();
  if (s.leader) return true;
  if (Date.now() - s.lastLeaderTry < LEADER_RETRY_MS) return false;
  s.lastLeaderTry = Date.now();
  const client = new pg.Client({ connectionString: getEnv().DATABASE_URL, connectionTimeoutMillis: 3000 });
  const lost = () => {
    if (s.leader !== client) return;
    s.leader = null;
    client.end().catch(() => undefined);
  };
  client.on('error', lost);
  client.on('end', lost);
  try {
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      LOCKS.webhookWorker,
    ]);
    if (!rows[0]?.locked) {
      await client.end();
      return false;
    }
  } catch {
    await client.end().catch(() => undefined);
    return false;
  }
  s.leader = client;
  log.info('webhook deliveries are sent by this replica');
  return true;
}

type Due = { id: string };

/** The oldest pending delivery of each webhook, if it is due. */
async function dueHeads(): Promise<Due[]> {
  const { rows } = await pool().query<{ id: string; due: boolean }>(
    `SELECT DISTINCT ON ("webhookId") id::text AS id, "nextAttemptAt" <= (now() AT TIME ZONE 'UTC') AS due
       FROM "WebhookDelivery" WHERE status = 'pending'
      ORDER BY "webhookId", id`,
  );
  return rows.filter((r) => r.due);
}

/** One attempt of one delivery; true when the delivery is finished (delivered or given up). */
export async function attemptDelivery(id: bigint, policy: TargetPolicy): Promise<boolean> {
  const d = await db.webhookDelivery.findUnique({ where: { id }, include: { webhook: true } });
  if (!d || d.status !== 'pending') return true;
  const { url, secret, format, authHeader, verifyTls } = d.webhook;
  const { body, contentType } = renderPayload(d.event as unknown as WharfEvent, format as WebhookFormat, {
    wharfUrl: getEnv().WHARF_URL,
    registryHost: (await registryPublicHost()).host,
  });
  const result = await postWebhook({
    url,
    body,
    verifyTls,
    policy,
    headers: {
      'Content-Type': contentType,
      'User-Agent': 'Wharf-Webhook/1',
      'X-Wharf-Event': d.eventType,
      'X-Wharf-Delivery': d.id.toString(),
      'X-Wharf-Signature': signBody(body, secret),
      ...(authHeader ? { Authorization: authHeader } : {}),
    },
  });
  const now = new Date();
  const attempts = d.attempts + 1;
  const ok = 'status' in result && result.status >= 200 && result.status < 300;
  const next = new Date(now.getTime() + retryDelaySeconds(attempts) * 1000);
  const givenUp = !ok && next.getTime() > d.createdAt.getTime() + RETRY_WINDOW_SECONDS * 1000;
  await db.webhookDelivery.update({
    where: { id },
    data: {
      attempts,
      lastAttemptAt: now,
      durationMs: result.durationMs,
      responseCode: 'status' in result ? result.status : null,
      error: 'error' in result ? result.error.slice(0, 512) : ok ? null : `answered ${result.status}`,
      status: ok ? 'delivered' : givenUp ? 'failed' : 'pending',
      nextAttemptAt: ok || givenUp ? now : next,
    },
  });
  inc('wharf_webhook_attempts_total', 'Webhook delivery attempts by result', {
    result: ok ? 'delivered' : givenUp ? 'failed' : 'retry',
  });
  if (givenUp)
    log.warn('webhook delivery given up', { delivery: d.id.toString(), webhook: d.webhookId, attempts });
  return ok || givenUp;
}

async function runDue(): Promise<boolean> {
  const heads = await dueHeads();
  if (!heads.length) return false;
  const policy = await targetPolicy();
  let progressed = false;
  for (let i = 0; i < heads.length; i += PARALLEL) {
    const results = await Promise.all(
      heads.slice(i, i + PARALLEL).map((h) =>
        attemptDelivery(BigInt(h.id), policy).catch((err) => {
          log.warn('webhook delivery attempt failed', { delivery: h.id, error: (err as Error).message });
          return false;
        }),
      ),
    );
    progressed ||= results.some(Boolean);
  }
  return progressed;
}

async function tick(): Promise<void> {
  const s = state();
  if (s.busy) {
    s.again = true;
    return;
  }
  s.busy = true;
  try {
    if (!(await ensureLeader())) return;
    // A finished head lets the next delivery of that webhook go at once.
    do s.again = false;
    while ((await runDue()) || s.again);
  } catch (err) {
    log.warn('webhook worker: database error; retrying', { error: (err as Error).message });
  } finally {
    s.busy = false;
  }
}

/** Something was queued in this process: look now rather than at the next tick. */
export function nudgeWebhookWorker(): void {
  const s = state();
  if (s.timer) setImmediate(() => void tick());
}

export function startWebhookWorker(): void {
  const s = state();
  if (s.timer) return;
  s.timer = setInterval(() => void tick(), TICK_MS);
  s.timer.unref();
}
