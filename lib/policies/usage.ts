// Storage usage per project: the sum of the distinct blobs (config and layers, by digest) that
// the project's tagged manifests reference, an index counting its child manifests' blobs.
// Kept in Project.usedBytes and recomputed after registry notifications (lib/registry/ingest.ts),
// reconcile and retention runs: the token endpoint reads the stored number (through the epoch
// cache), never sums per request. A recompute that moves a project across its quota tells every
// replica (an `auth` event), so cached token decisions follow at once.
import 'server-only';
import { pool } from '@/lib/db';
import { bumpEpoch, publish } from '@/lib/cluster/events';
import { log } from '@/lib/log';
import { isOverQuota } from '@/lib/permissions';
import { manifestReferences, RegistryError, type ManifestReferences } from '@/lib/registry/client';
import { eachLimited } from '@/lib/registry/each-limited';
import { registryClient } from '@/lib/registry/service';

/** Pure: the usage of the tagged digests, and the digests whose references are not stored yet. */
export function computeUsage(
  tagged: Iterable<string>,
  contents: ReadonlyMap<string, ManifestReferences>,
): { usedBytes: number; missing: string[] } {
  const blobs = new Map<string, number>();
  const missing = new Set<string>();
  const seen = new Set<string>();
  const visit = (digest: string, depth: number) => {
    if (seen.has(digest)) return;
    seen.add(digest);
    const content = contents.get(digest);
    if (!content) return void missing.add(digest);
    for (const [blob, size] of content.blobs) blobs.set(blob, size);
    // An index lists image manifests; nesting deeper is not something registries serve.
    if (depth < 2) for (const child of content.children) visit(child, depth + 1);
  };
  for (const digest of tagged) visit(digest, 0);
  let usedBytes = 0;
  for (const size of blobs.values()) usedBytes += size;
  return { usedBytes, missing: [...missing] };
}

type ContentRow = { digest: string; blobs: Array<[string, number]>; children: string[] };

async function loadContents(digests: string[], into: Map<string, ManifestReferences>): Promise<string[]> {
  const wanted = digests.filter((d) => !into.has(d));
  if (!wanted.length) return [];
  const { rows } = await pool().query<ContentRow>(
    `SELECT digest, blobs, children FROM "ManifestContent" WHERE digest = ANY($1::text[])`,
    [wanted],
  );
  const children: string[] = [];
  for (const r of rows) {
    into.set(r.digest, { blobs: r.blobs, children: r.children });
    children.push(...r.children);
  }
  return children;
}

/** Stores what a manifest references (immutable by digest, so kept for good). */
export async function storeManifestContent(digest: string, refs: ManifestReferences): Promise<void> {
  await pool().query(
    `INSERT INTO "ManifestContent" (digest, blobs, children) VALUES ($1, $2::jsonb, $3::text[])
     ON CONFLICT (digest) DO NOTHING`,
    [digest, JSON.stringify(refs.blobs), refs.children],
  );
}

/** Reads a manifest (and an index's children) from the registry into ManifestContent. */
async function fetchContent(repository: string, digest: string, into: Map<string, ManifestReferences>) {
  try {
    const m = await registryClient().manifest(repository, digest);
    const refs = manifestReferences(m.body);
    await storeManifestContent(digest, refs);
    into.set(digest, refs);
    for (const child of refs.children) if (!into.has(child)) await fetchContent(repository, child, into);
  } catch (err) {
    // Gone meanwhile (deleted): it counts for nothing. Anything else: counted on the next recompute.
    if (!(RegistryError.is(err) && err.kind === 'not_found')) throw err;
  }
}

export type UsageResult = { projectId: number; usedBytes: number; unknown: number };

/** Recomputes one project's usage and stores it; tells every replica when the quota state flips. */
export async function refreshProjectUsage(projectId: number): Promise<UsageResult> {
  const { rows: tagged } = await pool().query<{ digest: string; repository: string }>(
    `SELECT DISTINCT ON (t.digest) t.digest, r.name AS repository
       FROM "Tag" t JOIN "Repository" r ON r.id = t."repositoryId"
      WHERE r."projectId" = $1 AND NOT r.deleted`,
    [projectId],
  );
  const digests = tagged.map((t) => t.digest);
  const contents = new Map<string, ManifestReferences>();
  const children = await loadContents(digests, contents);
  await loadContents(children, contents);
  let result = computeUsage(digests, contents);
  if (result.missing.length) {
    const repositoryOf = new Map(tagged.map((t) => [t.digest, t.repository]));
    const failed: string[] = [];
    // Children of stored indexes have no tag of their own: read them through any tagged parent.
    for (const [digest, c] of contents)
      for (const child of c.children)
        if (!repositoryOf.has(child)) repositoryOf.set(child, repositoryOf.get(digest)!);
    await eachLimited(result.missing, 4, async (digest) => {
      const repository = repositoryOf.get(digest);
      if (!repository) return;
      await fetchContent(repository, digest, contents).catch((err) => failed.push((err as Error).message));
    });
    if (failed.length)
      log.warn('storage usage: some manifests could not be read from the registry; counted later', {
        projectId,
        failed: failed.length,
        error: failed[0],
      });
    result = computeUsage(digests, contents);
  }
  const { rows } = await pool().query<{ old: string; quota: string | null }>(
    `UPDATE "Project" p SET "usedBytes" = $2, "usageAt" = (now() AT TIME ZONE 'UTC')
       FROM (SELECT id, "usedBytes" AS old FROM "Project" WHERE id = $1 FOR UPDATE) o
      WHERE p.id = o.id
      RETURNING o.old, p."quotaBytes" AS quota`,
    [projectId, result.usedBytes],
  );
  const row = rows[0];
  if (row && row.quota !== null) {
    const quotaBytes = Number(row.quota);
    const before = isOverQuota({ quotaBytes, usedBytes: Number(row.old) });
    const after = isOverQuota({ quotaBytes, usedBytes: result.usedBytes });
    if (before !== after) {
      // Cached token decisions read the quota state: drop them here now, everywhere on commit.
      bumpEpoch();
      await publish(pool(), 'auth', 'quota');
      log.info(after ? 'project reached its storage quota' : 'project is under its storage quota again', {
        projectId,
        usedBytes: result.usedBytes,
        quotaBytes,
      });
    }
  }
  return { projectId, usedBytes: result.usedBytes, unknown: result.missing.length };
}

/** Recomputes the usage of every project (after a reconcile). */
export async function refreshAllUsage(): Promise<void> {
  const { rows } = await pool().query<{ id: number }>(`SELECT id FROM "Project" ORDER BY id`);
  for (const { id } of rows) await refreshProjectUsage(id);
}

const globalForUsage = globalThis as unknown as {
  wharfUsage?: { pending: Set<string>; timer?: NodeJS.Timeout; running?: Promise<void> };
};
const state = () => (globalForUsage.wharfUsage ??= { pending: new Set() });

/** Usage recompute shortly, once for a burst of notifications, for the named projects. */
export function requestUsageRefresh(projectNames: Iterable<string>, delayMs = 300): void {
  const s = state();
  for (const name of projectNames) s.pending.add(name);
  if (!s.pending.size || s.timer) return;
  s.timer = setTimeout(() => void runPending(), delayMs);
  s.timer.unref();
}

async function runPending(): Promise<void> {
  const s = state();
  await s.running;
  s.timer = undefined;
  const names = [...s.pending];
  s.pending.clear();
  s.running = (async () => {
    try {
      const { rows } = await pool().query<{ id: number }>(
        `SELECT id FROM "Project" WHERE name = ANY($1::text[])`,
        [names],
      );
      for (const { id } of rows) await refreshProjectUsage(id);
    } catch (err) {
      log.warn('storage usage could not be recomputed; retrying', { error: (err as Error).message });
      requestUsageRefresh(names, 5000);
    }
  })();
  await s.running;
}

/** Resolves once the requested recomputes are done (tests, benchmarks). */
export async function drainUsageRefresh(): Promise<void> {
  const s = state();
  if (s.timer) {
    clearTimeout(s.timer);
    await runPending();
  }
  await s.running;
}
