// Tag retention per project: the policy (rules and schedule), dry runs, runs that delete
// through the registry's v2 API (by digest, only digests no kept tag references), their
// records, and the daily schedule. One run per project at a time, and scheduled runs on one
// replica at a time: PostgreSQL advisory locks, as reconcile does.
import 'server-only';
import { db, pool } from '@/lib/db';
import { conflict } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { actorUser, type Actor } from '@/lib/auth/actor';
import { log } from '@/lib/log';
import { LOCKS, withAdvisoryLock } from '@/lib/cluster/leader';
import { requireProjectAccess } from '@/lib/projects/access';
import { RegistryError } from '@/lib/registry/client';
import { registryClient } from '@/lib/registry/service';
import { refreshProjectUsage } from '@/lib/policies/usage';
import {
  retentionPolicySchema,
  selectForDeletion,
  type RetentionPolicy,
  type RetentionSelection,
} from '@/lib/policies/retention-rules';

type Ctx = { actor: Actor; ip: string };
type ProjectRef = { id: number; name: string };

const EMPTY_POLICY: RetentionPolicy = { rules: [], schedule: null };

async function policyOf(projectId: number): Promise<RetentionPolicy & { updatedAt: string | null }> {
  const row = await db.retentionPolicy.findUnique({ where: { projectId } });
  if (!row) return { ...EMPTY_POLICY, updatedAt: null };
  const parsed = retentionPolicySchema.safeParse({ rules: row.rules, schedule: row.schedule });
  return { ...(parsed.success ? parsed.data : EMPTY_POLICY), updatedAt: row.updatedAt.toISOString() };
}

export async function getRetentionPolicy(actor: Actor, name: string) {
  const { project } = await requireProjectAccess(name, actor, 'project.read');
  return policyOf(project.id);
}

export async function putRetentionPolicy({ actor, ip }: Ctx, name: string, policy: RetentionPolicy) {
  const { project } = await requireProjectAccess(name, actor, 'retention.write');
  const by = actorUser(actor)?.username ?? null;
  await db.retentionPolicy.upsert({
    where: { projectId: project.id },
    create: { projectId: project.id, rules: policy.rules, schedule: policy.schedule, updatedBy: by },
    update: { rules: policy.rules, schedule: policy.schedule, updatedBy: by },
  });
  await recordAudit({
    actor: actorUser(actor),
    action: 'retention.update',
    targetType: 'project',
    target: name,
    sourceIp: ip,
    detail: policy,
  });
  return policyOf(project.id);
}

/** What the policy would delete now, from Wharf's records of the project's tags. */
async function select(project: ProjectRef, policy: RetentionPolicy): Promise<RetentionSelection> {
  const tags = await db.tag.findMany({
    where: { repository: { projectId: project.id, deleted: false } },
    select: {
      name: true,
      digest: true,
      pushedAt: true,
      createdAt: true,
      repository: { select: { name: true } },
    },
  });
  return selectForDeletion(
    project.name,
    tags.map((t) => ({
      repository: t.repository.name,
      tag: t.name,
      digest: t.digest,
      // Tags reconcile found have no push time: the time Wharf first saw them stands in.
      pushedAt: t.pushedAt ?? t.createdAt,
    })),
    policy.rules,
    new Date(),
  );
}

const listed = (s: RetentionSelection) => ({
  tags: s.delete.map((t) => ({ ...t, pushedAt: t.pushedAt.toISOString() })),
  keptBySharedDigest: s.sharedDigest.map((t) => ({ ...t, pushedAt: t.pushedAt.toISOString() })),
});

type RunRow = Awaited<ReturnType<typeof db.retentionRun.findFirstOrThrow>>;
const runJson = (r: RunRow) => ({
  id: r.id,
  trigger: r.trigger,
  startedBy: r.startedBy,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  deleted: r.deleted,
  deletedTags: r.deletedTags,
  errors: r.errors,
});

/** Deletes the selection's digests, one repository and digest at a time; returns what went and what failed. */
async function deleteSelection(selection: RetentionSelection) {
  const byDigest = new Map<string, { repository: string; digest: string; tags: string[] }>();
  for (const t of selection.delete) {
    const key = `${t.repository}@${t.digest}`;
    const entry = byDigest.get(key) ?? { repository: t.repository, digest: t.digest, tags: [] };
    entry.tags.push(t.tag);
    byDigest.set(key, entry);
  }
  const deleted: Array<{ repository: string; tag: string; digest: string }> = [];
  const errors: string[] = [];
  for (const { repository, digest, tags } of byDigest.values()) {
    // A tag pushed onto this digest since the selection would go with it: skip the digest.
    const now = await db.tag.findMany({
      where: { repository: { name: repository }, digest },
      select: { name: true },
    });
    const added = now.map((t) => t.name).filter((n) => !tags.includes(n));
    if (added.length) {
      errors.push(`${repository}@${digest}: kept, tag ${added[0]} was pushed onto it meanwhile`);
      continue;
    }
    try {
      await registryClient().deleteManifest(repository, digest);
    } catch (err) {
      if (!(RegistryError.is(err) && err.kind === 'not_found')) {
        errors.push(`${repository}@${digest}: ${(err as Error).message}`);
        if (RegistryError.is(err) && (err.kind === 'delete_disabled' || err.kind === 'unreachable')) break;
        continue;
      }
    }
    await db.tag.deleteMany({ where: { repository: { name: repository }, digest } });
    for (const tag of tags) deleted.push({ repository, tag, digest });
  }
  return { deleted, errors };
}

/** Holds the project's run lock for `fn`; 409 when a run holds it. */
async function withRunLock<T>(project: ProjectRef, fn: () => Promise<T>): Promise<T> {
  const run = await withAdvisoryLock(pool(), [LOCKS.retentionRun, project.id], fn);
  if (run.skipped)
    throw conflict(`a retention run of project ${project.name} is in progress; try again shortly`);
  return run.value;
}

/** A real run: selects, deletes, records the run and recomputes the project's usage. */
async function runRetention(project: ProjectRef, trigger: 'manual' | 'schedule', startedBy: string | null) {
  return withRunLock(project, async () => {
    const policy = await policyOf(project.id);
    const run = await db.retentionRun.create({ data: { projectId: project.id, trigger, startedBy } });
    let outcome: Awaited<ReturnType<typeof deleteSelection>>;
    try {
      outcome = await deleteSelection(await select(project, policy));
    } catch (err) {
      outcome = { deleted: [], errors: [(err as Error).message] };
    }
    const finished = await db.retentionRun.update({
      where: { id: run.id },
      data: {
        finishedAt: new Date(),
        deleted: outcome.deleted.length,
        deletedTags: outcome.deleted,
        errors: outcome.errors,
      },
    });
    await refreshProjectUsage(project.id).catch((err) =>
      log.warn('storage usage not recomputed after a retention run', { error: (err as Error).message }),
    );
    log.info('retention run done', {
      project: project.name,
      trigger,
      deleted: outcome.deleted.length,
      errors: outcome.errors.length,
    });
    return runJson(finished);
  });
}

/** POST …/retention/runs: the dry run's list, or a real run's record. */
export async function startRetentionRun({ actor, ip }: Ctx, name: string, { dryRun }: { dryRun: boolean }) {
  const { project } = await requireProjectAccess(name, actor, 'retention.write');
  if (dryRun) return { dryRun: true, ...listed(await select(project, await policyOf(project.id))) };
  const user = actorUser(actor);
  const run = await runRetention(project, 'manual', user?.username ?? null);
  await recordAudit({
    actor: user,
    action: 'retention.run',
    targetType: 'project',
    target: name,
    sourceIp: ip,
    detail: { runId: run.id, deleted: run.deleted, errors: run.errors },
  });
  return { dryRun: false, ...run };
}

export async function listRetentionRuns(actor: Actor, name: string) {
  const { project } = await requireProjectAccess(name, actor, 'project.read');
  const runs = await db.retentionRun.findMany({
    where: { projectId: project.id },
    orderBy: { startedAt: 'desc' },
    take: 50,
  });
  return { items: runs.map(runJson) };
}

/** Runs every daily policy whose last scheduled run is a day old, on the replica holding the lock. */
export async function runDueRetention(): Promise<number> {
  const run = await withAdvisoryLock(pool(), LOCKS.retentionSchedule, async () => {
    const { rows: due } = await pool().query<{ id: number; name: string }>(
      `SELECT p.id, p.name FROM "RetentionPolicy" rp JOIN "Project" p ON p.id = rp."projectId"
        WHERE rp.schedule = 'daily'
          AND NOT EXISTS (SELECT 1 FROM "RetentionRun" r WHERE r."projectId" = p.id AND r.trigger = 'schedule'
                            AND r."startedAt" > (now() AT TIME ZONE 'UTC') - interval '1 day')`,
    );
    let ran = 0;
    for (const project of due) {
      try {
        await runRetention(project, 'schedule', null);
        ran += 1;
      } catch (err) {
        log.warn('scheduled retention run failed', { project: project.name, error: (err as Error).message });
      }
    }
    return ran;
  });
  return run.skipped ? 0 : run.value;
}

const globalForRetention = globalThis as unknown as { wharfRetentionTimer?: NodeJS.Timeout };

/** Checks for due scheduled runs a minute after start and every hour. */
export function scheduleRetention(): void {
  if (globalForRetention.wharfRetentionTimer) return;
  const check = () =>
    void runDueRetention().catch((err) =>
      log.warn('retention schedule check failed', { error: (err as Error).message }),
    );
  setTimeout(check, 60_000).unref();
  globalForRetention.wharfRetentionTimer = setInterval(check, 3_600_000);
  globalForRetention.wharfRetentionTimer.unref();
}
