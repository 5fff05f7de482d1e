// Repositories and tags as users see them: from the database (kept current by
// notifications and reconcile), with manifest details fetched for the visible page only.
import 'server-only';
import { db, pool } from '@/lib/db';
import { notFound } from '@/lib/errors';
import type { Actor } from '@/lib/auth/actor';
import { requireProjectAccess } from '@/lib/projects/access';
import { manifestDetails, type ManifestDetails } from '@/lib/registry/metadata';
import type { TagListQuery } from '@/lib/registry/schemas';
import type { Page, Paging } from '@/lib/schemas';

export type RepositorySummary = {
  name: string;
  tagCount: number;
  lastPushAt: string | null;
  lastPullAt: string | null;
};

export async function listRepositories(
  projectName: string,
  actor: Actor,
  { q, page, pageSize }: Paging,
): Promise<Page<RepositorySummary>> {
  const { project } = await requireProjectAccess(projectName, actor, 'pull');
  // Repositories with no tags left are hidden.
  const where = {
    projectId: project.id,
    deleted: false,
    tags: { some: {} },
    ...(q ? { name: { contains: q.toLowerCase() } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.repository.count({ where }),
    db.repository.findMany({
      where,
      orderBy: [{ lastPushAt: { sort: 'desc', nulls: 'last' } }, { name: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { name: true, lastPushAt: true, lastPullAt: true, _count: { select: { tags: true } } },
    }),
  ]);
  return {
    total,
    page,
    pageSize,
    items: rows.map((r) => ({
      name: r.name,
      tagCount: r._count.tags,
      lastPushAt: r.lastPushAt?.toISOString() ?? null,
      lastPullAt: r.lastPullAt?.toISOString() ?? null,
    })),
  };
}

export type TagView = {
  name: string;
  digest: string;
  size: number | null;
  mediaType: string | null;
  platforms: ManifestDetails['platforms'];
  created: string | null;
  pushedAt: string | null;
  pushedBy: string | null;
  /**
   * How many tags of this repository have this digest, this one included (deleting one deletes
   * them all), and the first few of their names; the full list is GET …/tags/{tag}.
   */
  sameDigestCount: number;
  sameDigestSample: string[];
};

/** Names per row in `sameDigestSample`: a page stays O(page size) however many tags share a digest. */
export const SAME_DIGEST_SAMPLE = 5;

const ORDER: Record<TagListQuery['sort'], string> = {
  name: 't.name ASC',
  '-name': 't.name DESC',
  pushed: 't."pushedAt" ASC NULLS FIRST, t.name ASC',
  '-pushed': 't."pushedAt" DESC NULLS LAST, t.name ASC',
  created: 'm.created ASC NULLS FIRST, t.name ASC',
  '-created': 'm.created DESC NULLS LAST, t.name ASC',
};

export async function getRepositoryOrThrow(name: string, actor: Actor) {
  const access = await requireProjectAccess(name.split('/')[0]!, actor, 'pull');
  const repo = await db.repository.findUnique({
    where: { name },
    select: { id: true, name: true, deleted: true, lastPushAt: true },
  });
  if (!repo || repo.deleted || repo.name.split('/')[0] !== access.project.name)
    throw notFound(`repository "${name}"`);
  return { repo, access };
}

/** One page of tags, sorted and searched across all tags on the server (fast for thousands). */
export async function listTags(repository: string, actor: Actor, { q, page, pageSize, sort }: TagListQuery) {
  const { repo, access } = await getRepositoryOrThrow(repository, actor);
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await pool().query<{
    name: string;
    digest: string;
    pushedAt: Date | null;
    pushedBy: string | null;
    total: string;
  }>(
    `SELECT t.name, t.digest, t."pushedAt", t."pushedBy", count(*) OVER () AS total
       FROM "Tag" t LEFT JOIN "Manifest" m ON m.digest = t.digest
      WHERE t."repositoryId" = $1 AND t.name ILIKE $2
      ORDER BY ${ORDER[sort]}
      LIMIT $3 OFFSET $4`,
    [repo.id, like, pageSize, (page - 1) * pageSize],
  );
  const digests = rows.map((r) => r.digest);
  const [{ details, registryError }, { rows: shared }] = await Promise.all([
    manifestDetails(repository, digests),
    pool().query<{ digest: string; count: string; sample: string[] }>(
      `SELECT digest, count(*) AS count, (array_agg(name ORDER BY name))[1:$3] AS sample
         FROM "Tag" WHERE "repositoryId" = $1 AND digest = ANY($2::text[]) GROUP BY digest`,
      [repo.id, [...new Set(digests)], SAME_DIGEST_SAMPLE],
    ),
  ]);
  const byDigest = new Map(shared.map((s) => [s.digest, s]));
  const items: TagView[] = rows.map((r) => {
    const d = details.get(r.digest);
    return {
      name: r.name,
      digest: r.digest,
      size: d?.size ?? null,
      mediaType: d?.mediaType ?? null,
      platforms: d?.platforms ?? [],
      created: d?.created ?? null,
      pushedAt: r.pushedAt?.toISOString() ?? null,
      pushedBy: r.pushedBy,
      sameDigestCount: Number(byDigest.get(r.digest)?.count ?? 1),
      sameDigestSample: byDigest.get(r.digest)?.sample ?? [r.name],
    };
  });
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (!rows[0] && page > 1)
    total = await db.tag.count({
      where: { repositoryId: repo.id, name: { contains: q, mode: 'insensitive' } },
    });
  return {
    repository: repo.name,
    total,
    page,
    pageSize,
    sort,
    items,
    canDelete: access.can('delete'),
    ...(registryError ? { registryUnavailable: registryError } : {}),
  };
}

/** One tag and every tag that shares its digest (what deleting it removes). */
export async function getTag(repository: string, tag: string, actor: Actor) {
  const { repo, access } = await getRepositoryOrThrow(repository, actor);
  const row = await db.tag.findUnique({
    where: { repositoryId_name: { repositoryId: repo.id, name: tag } },
    select: { name: true, digest: true, pushedAt: true, pushedBy: true },
  });
  if (!row) throw notFound(`tag "${tag}" in ${repository}`);
  const same = await db.tag.findMany({
    where: { repositoryId: repo.id, digest: row.digest },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  return {
    repository: repo.name,
    name: row.name,
    digest: row.digest,
    pushedAt: row.pushedAt?.toISOString() ?? null,
    pushedBy: row.pushedBy,
    /** Every tag with this digest, this one included: a delete removes them all. */
    sameDigest: same.map((t) => t.name),
    canDelete: access.can('delete'),
  };
}
