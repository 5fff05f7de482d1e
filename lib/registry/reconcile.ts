// Reconcile: walk the registry's catalog and tags and repair drift in Wharf's records
// (missed notifications, deletes, tags pushed while Wharf was down), OCI included. One
// replica at a time: a PostgreSQL advisory lock held for the run.
import 'server-only';
import { db, pool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { gauge } from '@/lib/metrics';

import { registryClient } from '@/lib/registry/service';

export type ReconcileReport = {
  startedAt: string;
  finishedAt: string;
  repositories: number;
  tagsCreated: number;
  tagsUpdated: number;
  tagsRemoved: number;
  repositoriesHidden: number;
  skipped?: string;
  error?: string;
};

const LOCK_KEY = 0x77686172; // "whar"
const globalForReconcile = globalThis as unknown as {
  wharfReconcile?: { last?: ReconcileReport; timer?: NodeJS.Timeout; running?: boolean };
};
const state = () => (globalForReconcile.wharfReconcile ??= {});

export function lastReconcile(): ReconcileReport | undefined {
  return state().last;
}

gauge(
  'wharf_reconcile_drift',
  'Drift repaired by the last reconcile (tags created + updated + removed)',
  () => {
    const r = state().last;
    return r && !r.skipped ? r.tagsCreated + r.tagsUpdated + r.tagsRemoved : undefined;
  },
);
gauge(
  'wharf_reconcile_last_success_timestamp_seconds',
  'When the last reconcile finished without error',
  () => {
    const r = state().last;
    return r && !r.error && !r.skipped ? Math.floor(Date.parse(r.finishedAt) / 1000) : undefined;
  },
);

/** The digest a tag points at now (HEAD, so no body is transferred). */
async function tagDigest(repository: string, tag: string): Promise<string | null> {
  try {
    return await registryClient().digestOf(repository, tag);
  } catch (err) {
    if ((err as { kind?: string }).kind === 'not_found') return null;
    throw err;
  }
}

async function reconcileRepository(name: string, projectId: number, report: ReconcileReport) {
  const tags = await registryClient().tags(name);
  const repo = await db.repository.upsert({
    where: { name },
    create: { name, projectId },
    update: {},
    select: { id: true },
  });
  const known = new Map(
    (await db.tag.findMany({ where: { repositoryId: repo.id }, select: { name: true, digest: true } })).map(
      (t) => [t.name, t.digest],
    ),
  );
  for (const tag of tags) {
    const digest = await tagDigest(name, tag);
    if (!digest) continue;
    const had = known.get(tag);
    if (had === undefined) {
      await db.tag.create({ data: { repositoryId: repo.id, name: tag, digest } });
      report.tagsCreated += 1;
    } else if (had !== digest) {
      await db.tag.update({
        where: { repositoryId_name: { repositoryId: repo.id, name: tag } },
        data: { digest },
      });
      report.tagsUpdated += 1;
    }
    known.delete(tag);
  }
  if (known.size) {
    const { count } = await db.tag.deleteMany({
      where: { repositoryId: repo.id, name: { in: [...known.keys()] } },
    });
    report.tagsRemoved += count;
  }
  if (tags.length === 0) report.repositoriesHidden += 1;
}

export async function reconcileOnce(): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    repositories: 0,
    tagsCreated: 0,
    tagsUpdated: 0,
    tagsRemoved: 0,
    repositoriesHidden: 0,
  };
  const client = await pool().connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      LOCK_KEY,
    ]);
    if (!rows[0]?.locked) {
      report.skipped = 'another replica is reconciling';
      return report;
    }
    try {
      const names = await registryClient().catalog();
      const projects = new Map(
        (await db.project.findMany({ select: { id: true, name: true } })).map((p) => [p.name, p.id]),
      );
      for (const name of names) {
        const projectId = projects.get(name.split('/')[0]!);
        if (!projectId) continue; // not a Wharf project: nothing to show
        report.repositories += 1;
        await reconcileRepository(name, projectId, report);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } catch (err) {
    report.error = (err as Error).message;
  } finally {
    client.release();
    report.finishedAt = new Date().toISOString();
  }
  return report;
}

/** Runs reconcile now unless a run is in progress in this process; logs and keeps the report. */
export async function runReconcile(): Promise<ReconcileReport | undefined> {
  const s = state();
  if (s.running) return undefined;
  s.running = true;
  try {
    const report = await reconcileOnce();
    s.last = report;
    if (report.error) log.warn('reconcile failed', { error: report.error });
    else if (!report.skipped) log.info('reconcile done', { ...report });
    return report;
  } finally {
    s.running = false;
  }
}

/** On start (after a short delay) and every RECONCILE_INTERVAL. */
export function scheduleReconcile(): void {
  const s = state();
  if (s.timer) return;
  const interval = getEnv().RECONCILE_INTERVAL * 1000;
  setTimeout(() => void runReconcile(), 3000).unref();
  s.timer = setInterval(() => void runReconcile(), interval);
  s.timer.unref();
}
