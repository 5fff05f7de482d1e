// Reconcile: walk the registry's catalog and tags and repair drift in Wharf's records
// (missed notifications, deletes, tags pushed while Wharf was down), OCI included. One
// replica at a time: a PostgreSQL advisory lock held for the run.
import 'server-only';
import { db, pool } from '@/lib/db';
import { requireAdminActor, type Actor } from '@/lib/auth/actor';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { gauge } from '@/lib/metrics';
import { LOCKS, withAdvisoryLock } from '@/lib/cluster/leader';

import { RegistryError } from '@/lib/registry/client';
import { eachLimited } from '@/lib/registry/each-limited';
import { refreshAllUsage } from '@/lib/policies/usage';
import { registryClient } from '@/lib/registry/service';
import { isInProject, projectOf } from '@/lib/tokens/grants';

export type ReconcileReport = {
  startedAt: string;
  finishedAt: string;
  repositories: number;
  tagsCreated: number;
  tagsUpdated: number;
  tagsRemoved: number;
  repositoriesHidden: number;
  /** Repositories gone from the registry (their records and tags were removed). */
  repositoriesRemoved: number;
  /** Set when some read failed: then nothing was removed. */
  incomplete?: string;
  skipped?: string;
  error?: string;
};

const globalForReconcile = globalThis as unknown as {
  wharfReconcile?: {
    last?: ReconcileReport;
    timer?: NodeJS.Timeout;
    running?: boolean;
    soon?: NodeJS.Timeout;
  };
};
const state = () => (globalForReconcile.wharfReconcile ??= {});

export function lastReconcile(): ReconcileReport | undefined {
  return state().last;
}

gauge(
  'wharf_reconcile_drift',
  'Drift repaired by the last reconcile (tags created + updated + removed, repositories removed)',
  () => {
    const r = state().last;
    return r && !r.skipped
      ? r.tagsCreated + r.tagsUpdated + r.tagsRemoved + r.repositoriesRemoved
      : undefined;
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

async function tagDigest(repository: string, tag: string): Promise<string | null> {
  try {
    return await registryClient().digestOf(repository, tag);
  } catch (err) {
    if (RegistryError.is(err) && err.kind === 'not_found') return null;
    throw err;
  }
}

/** What one run found to remove; applied only when the whole registry was read. */
type Removals = { tags: Array<{ repositoryId: number; names: string[] }> };

/**
 * Adds and updates the tags of one repository at once; returns false when its tags could
 * not all be read (then none of its tags are removed).
 */
async function reconcileRepository(
  name: string,
  projectId: number,
  report: ReconcileReport,
  removals: Removals,
): Promise<boolean> {
  let tags: string[];
  try {
    tags = await registryClient().tags(name);
  } catch (err) {
    // Gone between the catalog and its tag list: nothing of it is left to show.
    if (RegistryError.is(err) && err.kind === 'not_found') tags = [];
    else throw err;
  }
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
  let complete = true;
  await eachLimited(tags, 8, async (tag) => {
    let digest: string | null;
    try {
      digest = await tagDigest(name, tag);
    } catch {
      complete = false;
      known.delete(tag);
      return;
    }
    if (!digest) return; // untagged meanwhile: left to the removal below
    const had = known.get(tag);
    known.delete(tag);
    if (had === undefined) {
      await db.tag.createMany({ data: [{ repositoryId: repo.id, name: tag, digest }], skipDuplicates: true });
      report.tagsCreated += 1;
    } else if (had !== digest) {
      await db.tag.updateMany({ where: { repositoryId: repo.id, name: tag }, data: { digest } });
      report.tagsUpdated += 1;
    }
  });
  if (known.size && complete) removals.tags.push({ repositoryId: repo.id, names: [...known.keys()] });
  if (tags.length === 0) report.repositoriesHidden += 1;
  return complete;
}

export async function reconcileOnce(): Promise<ReconcileReport> {
  const started = new Date();
  const report: ReconcileReport = {
    startedAt: started.toISOString(),
    finishedAt: '',
    repositories: 0,
    tagsCreated: 0,
    tagsUpdated: 0,
    tagsRemoved: 0,
    repositoriesHidden: 0,
    repositoriesRemoved: 0,
  };
  try {
    const run = await withAdvisoryLock(pool(), LOCKS.reconcile, async () => {
      await reconcileAll(started, report);
      // Usage follows the repaired tags (and counts manifests no notification told about).
      await refreshAllUsage();
    });
    if (run.skipped) report.skipped = 'another replica is reconciling';
  } catch (err) {
    report.error = (err as Error).message;
  } finally {
    report.finishedAt = new Date().toISOString();
  }
  return report;
}

/**
 * Both ways: adds and updates what the registry has, then removes what it no longer has, but
 * only after reading its catalog and every tag list completely (a registry that is down, or
 * one failed read, removes nothing). Rows written after the run started (notifications
 * meanwhile) are never removed.
 */
async function reconcileAll(started: Date, report: ReconcileReport) {
  const names = await registryClient().catalog(); // throws when the registry is down: nothing changes
  const projects = new Map(
    (await db.project.findMany({ select: { id: true, name: true } })).map((p) => [p.name, p.id]),
  );
  const removals: Removals = { tags: [] };
  const seen = new Set<string>();
  const failures: string[] = [];
  for (const name of names) {
    // Only repositories inside a project (`<project>/<name>`) are Wharf's to show.
    const projectId = isInProject(name) ? projects.get(projectOf(name)) : undefined;
    if (!projectId) continue; // not a Wharf project: nothing to show
    seen.add(name);
    report.repositories += 1;
    try {
      if (!(await reconcileRepository(name, projectId, report, removals))) failures.push(name);
    } catch (err) {
      failures.push(name);
      log.warn('reconcile could not read a repository', { repository: name, error: (err as Error).message });
    }
  }
  if (failures.length) {
    report.incomplete = `could not read ${failures.length} repositor${failures.length === 1 ? 'y' : 'ies'} completely (${failures.slice(0, 3).join(', ')}); nothing was removed`;
    return;
  }
  for (const { repositoryId, names: gone } of removals.tags) {
    const { count } = await db.tag.deleteMany({
      where: { repositoryId, name: { in: gone }, updatedAt: { lt: started } },
    });
    report.tagsRemoved += count;
  }
  const stale = (await db.repository.findMany({ select: { id: true, name: true, updatedAt: true } })).filter(
    (r) => !seen.has(r.name) && r.updatedAt < started,
  );
  for (let i = 0; i < stale.length; i += 500) {
    const { count } = await db.repository.deleteMany({
      where: { id: { in: stale.slice(i, i + 500).map((r) => r.id) }, updatedAt: { lt: started } },
    });
    report.repositoriesRemoved += count;
  }
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

/** Administration → "Reconcile now" (system administrators): the report, or why there is none. */
export async function reconcileNow(actor: Actor): Promise<ReconcileReport> {
  requireAdminActor(actor);
  const report = await runReconcile();
  if (!report) throw new AppError('conflict', 'a reconcile is already running; try again shortly');
  if (report.error) throw new AppError('unavailable', `reconcile failed: ${report.error}`);
  return report;
}

/**
 * Runs a reconcile shortly (once for several requests in a row): after Wharf knowingly missed
 * registry events, or took over a registry's repositories.
 */
export function requestReconcile(reason: string, delayMs = 5_000): void {
  const s = state();
  if (s.soon) return;
  log.info('reconcile requested', { reason, inSeconds: delayMs / 1000 });
  s.soon = setTimeout(() => {
    s.soon = undefined;
    // A run already in progress may have read the registry before the reason: run again after it.
    void runReconcile().then((report) => report === undefined && requestReconcile(reason, delayMs));
  }, delayMs);
  s.soon.unref();
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
