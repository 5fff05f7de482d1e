// Listing and reading projects, filtered to what the actor may see.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { highestRole, type ProjectRole } from '@/lib/permissions';
import type { Actor } from '@/lib/auth/actor';
import type { Page, Paging } from '@/lib/schemas';
import { actorMemberFilter, requireProjectAccess, type ProjectAccess } from '@/lib/projects/access';
import { storageFields } from '@/lib/policies/quota';

export type ProjectSummary = {
  name: string;
  public: boolean;
  description: string;
  role: ProjectRole | null;
  repositoryCount: number;
  memberCount: number;
  createdAt: string;
  /** Storage quota in bytes (null: unlimited), usage, and whether pushes stop. */
  quotaBytes: number | null;
  usedBytes: number;
  quotaReached: boolean;
};

export function visibleProjectsWhere(actor: Actor): Prisma.ProjectWhereInput {
  if (actor.kind === 'user' && actor.user.isAdmin) return {};
  const filter = actorMemberFilter(actor);
  return filter ? { OR: [{ isPublic: true }, { members: { some: filter } }] } : { isPublic: true };
}

export async function listProjects(
  actor: Actor,
  { q, page, pageSize }: Paging,
): Promise<Page<ProjectSummary>> {
  const where: Prisma.ProjectWhereInput = {
    AND: [visibleProjectsWhere(actor), q ? { name: { contains: q.toLowerCase() } } : {}],
  };
  const filter = actorMemberFilter(actor);
  const [total, rows] = await Promise.all([
    db.project.count({ where }),
    db.project.findMany({
      where,
      orderBy: { name: 'asc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        name: true,
        isPublic: true,
        description: true,
        createdAt: true,
        quotaBytes: true,
        usedBytes: true,
        members: filter ? { where: filter, select: { role: true } } : false,
        _count: projectCountsSelect,
      },
    }),
  ]);
  return {
    total,
    page,
    pageSize,
    items: rows.map((p) => ({
      name: p.name,
      public: p.isPublic,
      description: p.description,
      role: highestRole(((p as { members?: Array<{ role: ProjectRole }> }).members ?? []).map((m) => m.role)),
      repositoryCount: p._count.repositories,
      memberCount: p._count.members,
      createdAt: p.createdAt.toISOString(),
      ...storageFields({
        quotaBytes: p.quotaBytes === null ? null : Number(p.quotaBytes),
        usedBytes: Number(p.usedBytes),
      }),
    })),
  };
}

/** The counts a project page shows: members, and repositories not deleted. */
export const projectCountsSelect = {
  select: { members: true, repositories: { where: { deleted: false } } },
} as const;

/** A project as one user sees it: the row, their role, counts and what they may do. */
export function toProjectDetail(access: ProjectAccess, counts: { members: number; repositories: number }) {
  return {
    name: access.project.name,
    public: access.project.isPublic,
    description: access.project.description,
    anonymousPullCidrs: access.project.anonymousPullCidrs,
    pushCidrs: access.project.pushCidrs,
    role: access.role,
    repositoryCount: counts.repositories,
    memberCount: counts.members,
    createdAt: access.project.createdAt.toISOString(),
    updatedAt: access.project.updatedAt.toISOString(),
    ...storageFields(access.project),
    permissions: Object.fromEntries(
      (
        [
          'push',
          'delete',
          'members.read',
          'members.write',
          'project.write',
          'project.delete',
          'robots.read',
          'robots.write',
          'retention.write',
          'activity.read',
          'webhooks.read',
          'webhooks.write',
        ] as const
      ).map((a) => [a, access.can(a)]),
    ),
  };
}

export async function getProject(name: string, actor: Actor) {
  const access = await requireProjectAccess(name, actor, 'project.read');
  const { _count } = await db.project.findUniqueOrThrow({
    where: { id: access.project.id },
    select: { _count: projectCountsSelect },
  });
  return toProjectDetail(access, _count);
}

/** A project as one user sees it (getProject's answer, and the answer of its changes). */
export type ProjectDetail = ReturnType<typeof toProjectDetail>;
