// The header's global search: projects and repositories the actor may see.
import 'server-only';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { visibleProjectsWhere } from '@/lib/projects/queries';

export async function globalSearch(actor: Actor, q: string, limit = 8) {
  const term = q.trim().toLowerCase();
  if (!term) return { projects: [], repositories: [] };
  const visible = visibleProjectsWhere(actor);
  const [projects, repositories] = await Promise.all([
    db.project.findMany({
      where: { AND: [visible, { name: { contains: term } }] },
      select: { name: true, isPublic: true },
      orderBy: { name: 'asc' },
      take: limit,
    }),
    db.repository.findMany({
      where: { deleted: false, tags: { some: {} }, name: { contains: term }, project: visible },
      select: { name: true, lastPushAt: true },
      orderBy: { name: 'asc' },
      take: limit,
    }),
  ]);
  return {
    projects: projects.map((p) => ({ name: p.name, public: p.isPublic })),
    repositories: repositories.map((r) => ({
      name: r.name,
      lastPushAt: r.lastPushAt?.toISOString() ?? null,
    })),
  };
}
