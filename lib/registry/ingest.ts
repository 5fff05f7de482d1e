// The registry's notifications, written in batches. The registry posts one event per request
// and waits for each answer (distribution docs/notifications.md, endpoints), so the request only parses and queues (no
// database round trip) and one writer applies whatever has queued meanwhile in a single
// transaction: the audit rows (deduplicated by event id), repositories and tags with a few
// set-based statements. While the database cannot be written, new deliveries get a 503 and
// the registry sends them again; what was queued stays queued and is retried. Events queued in
// a process that dies are repaired by the reconcile that runs at every start.
import 'server-only';
import type { PoolClient } from 'pg';
import { describeDbError, pool } from '@/lib/db';
import { log } from '@/lib/log';
import { gauge, observe } from '@/lib/metrics';
import { rememberRegistryHost } from '@/lib/registry/public-host';
import { requestReconcile } from '@/lib/registry/reconcile';
import { requestUsageRefresh } from '@/lib/policies/usage';
import { getSettings } from '@/lib/settings';
import { isManifestType, PORTAL_SUBJECT, type RegistryEvent } from '@/lib/registry/events';
import { isInProject, projectOf } from '@/lib/tokens/grants';
import { queueRegistryWebhooks } from '@/lib/webhooks/enqueue';
import type { WharfEvent } from '@/lib/webhooks/payload';
import { nudgeWebhookWorker } from '@/lib/webhooks/worker';

/** Events applied per transaction. */
const BATCH = 2000;
/** Queued events beyond which deliveries are refused (503) until the writer catches up. */
const MAX_QUEUED = 50_000;
/**
 * How long the first event of a batch waits for company: the registry sends one event per
 * request, a few milliseconds apart, so this turns a burst into a few large transactions.
 */
const GATHER_MS = 100;
const RETRY_MS = 1000;

type IngestState = {
  queue: RegistryEvent[];
  timer?: NodeJS.Timeout;
  flushing: boolean;
  /** The last write failed (database down): refuse new deliveries until one succeeds. */
  failing: boolean;
  idle: Array<() => void>;
};
const globalForIngest = globalThis as unknown as { wharfIngest?: IngestState };
const state = (): IngestState =>
  (globalForIngest.wharfIngest ??= { queue: [], flushing: false, failing: false, idle: [] });

gauge('wharf_notification_queue', 'Registry events received and not yet written', () => state().queue.length);

/** Whether new deliveries can be taken now (else the route answers 503 and the registry retries). */
export function canQueueEvents(): boolean {
  const s = state();
  return !s.failing && s.queue.length < MAX_QUEUED;
}

export function queueEvents(events: RegistryEvent[]): void {
  if (!events.length) return;
  const s = state();
  s.queue.push(...events);
  schedule(GATHER_MS);
}

/** Resolves once every event queued so far is written (tests, shutdown). */
export function drainEvents(): Promise<void> {
  const s = state();
  if (!s.queue.length && !s.flushing) return Promise.resolve();
  return new Promise((resolve) => s.idle.push(resolve));
}

function schedule(delayMs: number) {
  const s = state();
  if (s.timer || s.flushing) return;
  s.timer = setTimeout(() => void flush(), delayMs);
}

/** Writes one batch; what queued meanwhile waits for the next (at once when a full batch waits). */
async function flush(): Promise<void> {
  const s = state();
  s.timer = undefined;
  s.flushing = true;
  try {
    const batch = s.queue.slice(0, BATCH);
    await writeBatchOrEach(batch);
    s.queue.splice(0, batch.length);
    if (s.failing) log.info('registry events are written again', { queued: s.queue.length });
    s.failing = false;
  } catch (err) {
    if (!s.failing)
      log.warn('registry events could not be written; retrying', {
        queued: s.queue.length,
        error: (err as Error).message,
      });
    s.failing = true;
  } finally {
    s.flushing = false;
    if (s.queue.length) schedule(s.failing ? RETRY_MS : s.queue.length >= BATCH ? 0 : GATHER_MS);
    else s.idle.splice(0).forEach((resolve) => resolve());
  }
}

const isDatabaseDown = (err: unknown) => describeDbError(err) !== 'database error';

/**
 * Writes a batch; when a statement fails for the events' content rather than because the
 * database is down, writes them one by one and drops (with a warning and a reconcile) any
 * that cannot be stored, so that one bad event never blocks the ones behind it.
 */
async function writeBatchOrEach(batch: RegistryEvent[]): Promise<void> {
  try {
    return await writeBatch(batch);
  } catch (err) {
    if (isDatabaseDown(err)) throw err;
  }
  for (const e of batch) {
    try {
      await writeBatch([e]); // events written before a failure are skipped again by their id
    } catch (err) {
      if (isDatabaseDown(err)) throw err;
      log.warn('registry event dropped: it cannot be stored; a reconcile will repair it', {
        id: e.id,
        action: e.action,
        repository: e.target.repository,
        error: (err as Error).message,
      });
      requestReconcile('a registry event could not be stored');
    }
  }
}

const eventTime = (e: RegistryEvent): Date => {
  const t = e.timestamp ? new Date(e.timestamp) : new Date();
  return Number.isNaN(t.getTime()) ? new Date() : t;
};
const clip = (s: string | undefined | null, n: number) => (s == null ? null : s.slice(0, n));

const targetOf = (e: RegistryEvent) =>
  `${e.target.repository ?? ''}${e.target.tag ? ':' + e.target.tag : e.target.digest ? '@' + e.target.digest : ''}`;

/** user, robot, registry (Wharf's own service account, or no account) or anonymous. */
function actorKindOf(e: RegistryEvent): string {
  const name = e.actor?.name;
  if (!name) return e.action === 'pull' ? 'anonymous' : 'registry';
  if (name === PORTAL_SUBJECT) return 'registry';
  return name.startsWith('robot-') || name.startsWith('robot$') ? 'robot' : 'user';
}

/** Pulls of the same target by the same actor within this window share one audit row. */
const PULL_FOLD_MS = 60_000;

type AuditRowInput = { e: RegistryEvent; count: number };

/**
 * Folds a batch's pulls: consecutive pulls of one target by one actor within a minute of the
 * first become one row with a count (a CI farm pulling in a loop is one row a minute).
 */
function foldPulls(pulls: RegistryEvent[]): AuditRowInput[] {
  const open = new Map<string, AuditRowInput>();
  const out: AuditRowInput[] = [];
  for (const e of pulls) {
    const key = `${e.actor?.name ?? ''}\n${targetOf(e)}`;
    const row = open.get(key);
    if (row && eventTime(e).getTime() - eventTime(row.e).getTime() < PULL_FOLD_MS) row.count += 1;
    else {
      const fresh = { e, count: 1 };
      open.set(key, fresh);
      out.push(fresh);
    }
  }
  return out;
}

/**
 * Adds folded pulls to the row of the same actor and target written within the minute before,
 * if there is one; returns the rows that found none (to be inserted).
 */
async function addToRecentPulls(client: PoolClient, rows: AuditRowInput[]): Promise<AuditRowInput[]> {
  if (!rows.length) return rows;
  const { rows: merged } = await client.query<{ n: string }>(
    `WITH g AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS g(a, t, at, c, n)
     ), m AS (
       SELECT DISTINCT ON (g.n) g.n, g.c, e.id
         FROM g JOIN "AuditEvent" e
           ON e."actorName" = g.a AND e.action = 'registry.pull' AND e.target = g.t
          AND e.at > (g.at::timestamptz AT TIME ZONE 'UTC') - interval '1 minute'
          AND e.at <= (g.at::timestamptz AT TIME ZONE 'UTC')
        ORDER BY g.n, e.at DESC
     )
     UPDATE "AuditEvent" e SET count = e.count + m.c FROM m WHERE e.id = m.id RETURNING m.n::text AS n`,
    [
      rows.map((r) => clip(r.e.actor?.name ?? 'anonymous', 128)),
      rows.map((r) => clip(targetOf(r.e), 512)),
      rows.map((r) => eventTime(r.e).toISOString()),
      rows.map((r) => r.count),
    ],
  );
  const done = new Set(merged.map((m) => Number(m.n) - 1));
  return rows.filter((_, i) => !done.has(i));
}

/**
 * Stores the audit rows; returns the events seen for the first time, in order, and which of
 * them started a new audit row (a pull folded into an earlier row did not: no webhook for it).
 */
async function storeAudit(
  client: PoolClient,
  events: RegistryEvent[],
): Promise<{ fresh: RegistryEvent[]; newRows: Set<string> }> {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const pulls = unique.filter((e) => e.action === 'pull');
  const toInsert: AuditRowInput[] = [
    ...unique.filter((e) => e.action !== 'pull').map((e) => ({ e, count: 1 })),
    ...(await addToRecentPulls(client, foldPulls(pulls))),
  ];
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "AuditEvent" ("actorName", "actorKind", action, "targetType", target, project, repository,
                               "sourceIp", "registryEventId", at, detail, count)
     SELECT a, k, ac, 'repository', t, p, r, ip, id, (at::timestamptz AT TIME ZONE 'UTC'), d, c
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::text[], $10::jsonb[], $11::int[])
            AS x(a, k, ac, t, p, r, ip, id, at, d, c)
     ON CONFLICT ("registryEventId") DO NOTHING
     RETURNING "registryEventId" AS id`,
    [
      toInsert.map(({ e }) => clip(e.actor?.name ?? 'anonymous', 128)),
      toInsert.map(({ e }) => actorKindOf(e)),
      toInsert.map(({ e }) => clip(`registry.${e.action}`, 64)),
      toInsert.map(({ e }) => clip(targetOf(e), 512)),
      toInsert.map(({ e }) =>
        e.target.repository && isInProject(e.target.repository)
          ? clip(projectOf(e.target.repository), 64)
          : null,
      ),
      toInsert.map(({ e }) => clip(e.target.repository, 255)),
      toInsert.map(({ e }) => clip(e.request?.addr?.replace(/:\d+$/, ''), 64)),
      toInsert.map(({ e }) => e.id),
      toInsert.map(({ e }) => eventTime(e).toISOString()),
      toInsert.map(({ e }) =>
        JSON.stringify({
          mediaType: e.target.mediaType ?? null,
          digest: e.target.digest ?? null,
          userAgent: e.request?.useragent?.slice(0, 200) ?? null,
        }),
      ),
      toInsert.map((r) => r.count),
    ],
  );
  const newRows = new Set(rows.map((r) => r.id));
  const pullIds = new Set(pulls.map((e) => e.id));
  // Folded pulls count as seen (they update "last pulled"); a duplicate delivery of an event does not.
  return { fresh: unique.filter((e) => newRows.has(e.id) || pullIds.has(e.id)), newRows };
}

/** The webhook events (push, delete, pull) of freshly stored registry events. */
function webhookEventsOf(fresh: RegistryEvent[], newRows: Set<string>): WharfEvent[] {
  const out: WharfEvent[] = [];
  for (const e of fresh) {
    const { repository, tag, digest, mediaType } = e.target;
    if (!repository || !isInProject(repository)) continue;
    // Manifests only (a delete may not name its media type; a blob's is application/octet-stream).
    if (e.action === 'delete' ? mediaType === 'application/octet-stream' : !isManifestType(mediaType))
      continue;
    const type =
      e.action === 'push' && tag
        ? 'push'
        : e.action === 'delete'
          ? 'delete'
          : e.action === 'pull'
            ? 'pull'
            : null;
    if (!type || (type === 'pull' && !newRows.has(e.id))) continue;
    out.push({
      id: e.id,
      type,
      time: eventTime(e).toISOString(),
      project: projectOf(repository),
      repository,
      tag: tag ?? null,
      digest: digest ?? null,
      mediaType: mediaType ?? null,
      actor: e.actor?.name ? { name: e.actor.name, kind: actorKindOf(e) } : null,
    });
  }
  return out;
}

type Push = { repository: string; tag: string; digest: string; at: string; by: string | null };

/** Upserts the repositories (in existing projects) and their tags; last push of a tag wins. */
async function applyPushes(client: PoolClient, pushes: Map<string, Push>) {
  if (!pushes.size) return;
  const list = [...pushes.values()];
  const lastPush = new Map<string, string>();
  for (const p of list) if ((lastPush.get(p.repository) ?? '') < p.at) lastPush.set(p.repository, p.at);
  // Repositories of existing projects only: pushes are granted in existing projects alone.
  await client.query(
    `INSERT INTO "Repository" ("projectId", name, "lastPushAt", "createdAt", "updatedAt")
     SELECT p.id, r.name, (r.at::timestamptz AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
       FROM unnest($1::text[], $2::text[], $3::text[]) AS r(name, project, at)
       JOIN "Project" p ON p.name = r.project
     ON CONFLICT (name) DO UPDATE
        SET deleted = false, "updatedAt" = EXCLUDED."updatedAt",
            "lastPushAt" = GREATEST("Repository"."lastPushAt", EXCLUDED."lastPushAt")`,
    [[...lastPush.keys()], [...lastPush.keys()].map(projectOf), [...lastPush.values()]],
  );
  await client.query(
    `INSERT INTO "Tag" ("repositoryId", name, digest, "pushedAt", "pushedBy", "createdAt", "updatedAt")
     SELECT r.id, t.tag, t.digest, (t.at::timestamptz AT TIME ZONE 'UTC'), t.by, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(repository, tag, digest, at, by)
       JOIN "Repository" r ON r.name = t.repository
     ON CONFLICT ("repositoryId", name) DO UPDATE
        SET digest = EXCLUDED.digest, "pushedAt" = EXCLUDED."pushedAt", "pushedBy" = EXCLUDED."pushedBy",
            "updatedAt" = EXCLUDED."updatedAt"`,
    [
      list.map((p) => p.repository),
      list.map((p) => p.tag),
      list.map((p) => p.digest),
      list.map((p) => p.at),
      list.map((p) => p.by),
    ],
  );
  pushes.clear();
}

async function applyDelete(client: PoolClient, e: RegistryEvent) {
  const { repository, tag, digest } = e.target;
  if (!tag && !digest) return;
  await client.query(
    `DELETE FROM "Tag" WHERE "repositoryId" = (SELECT id FROM "Repository" WHERE name = $1)
        AND ${tag ? 'name' : 'digest'} = $2`,
    [repository, tag ?? digest],
  );
}

async function applyPulls(client: PoolClient, pulls: Map<string, string>) {
  if (!pulls.size) return;
  // At most one write a minute per repository: pulls are frequent.
  await client.query(
    `UPDATE "Repository" r SET "lastPullAt" = (p.at::timestamptz AT TIME ZONE 'UTC')
       FROM unnest($1::text[], $2::text[]) AS p(name, at)
      WHERE r.name = p.name
        AND (r."lastPullAt" IS NULL OR r."lastPullAt" < (p.at::timestamptz AT TIME ZONE 'UTC') - interval '1 minute')`,
    [[...pulls.keys()], [...pulls.values()]],
  );
}

/** Whether an event changes what Wharf shows or records (the rest is not even audited). */
function isInteresting(e: RegistryEvent, ignorePulls: boolean): boolean {
  const { mediaType } = e.target;
  // Wharf's own reads (reconcile, image details) are not users' pulls: not even audited.
  if (e.action === 'pull')
    return !ignorePulls && isManifestType(mediaType) && e.actor?.name !== PORTAL_SUBJECT;
  return !(mediaType === 'application/octet-stream' && e.action !== 'delete');
}

async function writeBatch(batch: RegistryEvent[]): Promise<void> {
  const { ignorePullEvents } = await getSettings();
  const interesting = batch.filter((e) => isInteresting(e, ignorePullEvents));
  const client = await pool().connect();
  let learnedHost: { host: string; at: Date; by: string | null } | null = null;
  /** Projects whose tags changed: their storage usage is recomputed after the commit. */
  const usageChanged = new Set<string>();
  try {
    await client.query('BEGIN');
    const { fresh, newRows } = interesting.length
      ? await storeAudit(client, interesting)
      : { fresh: [], newRows: new Set<string>() };
    // Queued in the same transaction: a stored event always has its deliveries.
    const queuedDeliveries = await queueRegistryWebhooks(client, webhookEventsOf(fresh, newRows));
    const pushes = new Map<string, Push>();
    const pulls = new Map<string, string>();
    for (const e of fresh) {
      const { repository, tag, digest, mediaType } = e.target;
      if (!repository || !isInProject(repository)) continue;
      const at = eventTime(e).toISOString();
      if (e.action === 'delete' || (e.action === 'push' && tag && isManifestType(mediaType)))
        usageChanged.add(projectOf(repository));
      if (e.action === 'push' && tag && digest && isManifestType(mediaType)) {
        pushes.set(`${repository}\n${tag}`, { repository, tag, digest, at, by: clip(e.actor?.name, 128) });
        if (e.request?.host)
          learnedHost = { host: e.request.host, at: eventTime(e), by: e.actor?.name ?? null };
      } else if (e.action === 'delete') {
        // In order: a push queued before this delete lands first.
        await applyPushes(client, pushes);
        await applyDelete(client, e);
      } else if (e.action === 'pull') {
        if ((pulls.get(repository) ?? '') < at) pulls.set(repository, at);
      }
    }
    await applyPushes(client, pushes);
    await applyPulls(client, pulls);
    // Before the commit makes the deliveries visible: a webhook of the push that teaches the
    // host (the first one) names that host, not the fallback (the worker reads it per delivery).
    if (learnedHost) await rememberRegistryHost(learnedHost).catch(() => undefined);
    await client.query('COMMIT');
    if (queuedDeliveries) nudgeWebhookWorker();
    const now = Date.now();
    for (const e of fresh)
      observe(
        'wharf_notification_lag_seconds',
        'Time from a registry event to its processing',
        Math.max(0, (now - eventTime(e).getTime()) / 1000),
        [0.1, 0.5, 1, 5, 30, 120, 600],
      );
    log.debug('registry events written', { received: batch.length, applied: fresh.length });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  requestUsageRefresh(usageChanged);
}
