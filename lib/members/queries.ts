// Reading a project's members.
import 'server-only';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { requireProjectAccess } from '@/lib/projects/access';

export type MemberView = {
  id: number;
  kind: 'user' | 'group';
  username: string | null;
  displayName: string | null;
  email: string | null;
  group: string | null;
  groupName: string | null;
  /** Where a group comes from: ldap or oidc (null for a user). */
  groupSource: 'ldap' | 'oidc' | null;
  role: string;
  createdAt: string;
};

export async function listMembers(projectName: string, actor: Actor): Promise<MemberView[]> {
  const { project } = await requireProjectAccess(projectName, actor, 'members.read');
  const rows = await db.member.findMany({
    where: { projectId: project.id },
    include: { user: { select: { username: true, displayName: true, email: true } } },
    orderBy: [{ role: 'desc' }, { id: 'asc' }],
  });
  return rows.map((m) => ({
    id: m.id,
    kind: m.userId ? 'user' : 'group',
    username: m.user?.username ?? null,
    displayName: m.user?.displayName ?? null,
    email: m.user?.email ?? null,
    group: m.groupDn,
    groupName: m.groupName,
    groupSource: m.groupSource === 'OIDC' ? 'oidc' : m.groupSource === 'LDAP' ? 'ldap' : null,
    role: m.role,
    createdAt: m.createdAt.toISOString(),
  }));
}
