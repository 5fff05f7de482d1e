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

/** The user columns a member row shows. */
export const memberUserSelect = { username: true, displayName: true, email: true } as const;

type MemberRow = {
  id: number;
  userId: number | null;
  groupDn: string | null;
  groupName: string | null;
  groupSource: 'LDAP' | 'OIDC' | null;
  role: string;
  createdAt: Date;
};

/** One member as the list shows it (and the mutations answer). */
export function toMemberView(
  m: MemberRow,
  user: { username: string; displayName: string | null; email: string | null } | null,
): MemberView {
  return {
    id: m.id,
    kind: m.userId ? 'user' : 'group',
    username: user?.username ?? null,
    displayName: user?.displayName ?? null,
    email: user?.email ?? null,
    group: m.groupDn,
    groupName: m.groupName,
    groupSource: m.groupSource === 'OIDC' ? 'oidc' : m.groupSource === 'LDAP' ? 'ldap' : null,
    role: m.role,
    createdAt: m.createdAt.toISOString(),
  };
}

export async function listMembers(projectName: string, actor: Actor): Promise<MemberView[]> {
  const { project } = await requireProjectAccess(projectName, actor, 'members.read');
  const rows = await db.member.findMany({
    where: { projectId: project.id },
    include: { user: { select: memberUserSelect } },
    orderBy: [{ role: 'desc' }, { id: 'asc' }],
  });
  return rows.map((m) => toMemberView(m, m.user));
}
