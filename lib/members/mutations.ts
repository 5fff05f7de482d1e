// Adding, changing and removing project members. A project never loses its last project
// admin: the check runs inside the transaction with the project row locked.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { conflict, notFound } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { auditActor, type Actor } from '@/lib/auth/actor';
import type { ProjectRole } from '@/lib/permissions';
import { requireProjectAccess, type ProjectAccess } from '@/lib/projects/access';
import { memberUserSelect, toMemberView, type MemberView } from '@/lib/members/queries';
import { findOrCreateUser } from '@/lib/users/directory';
import { normalizeDn } from '@/lib/ldap';
import type { AddMemberInput } from '@/lib/members/schemas';
import { enqueueWebhookEvent } from '@/lib/webhooks/enqueue';

type Ctx = { actor: Actor; ip: string };

/** The audit row and the project's `member` webhooks for one change. */
async function recordMemberChange(
  { actor, ip }: Ctx,
  project: ProjectAccess['project'],
  change: 'add' | 'update' | 'remove',
  detail: { member: string | null; role?: ProjectRole },
) {
  const who = auditActor(actor);
  await recordAudit({
    ...who,
    action: `member.${change}`,
    targetType: 'project',
    target: project.name,
    sourceIp: ip,
    detail,
  });
  await enqueueWebhookEvent(project, {
    type: 'member',
    actor: who.actor ? { name: who.actor.username, kind: 'user' } : null,
    detail: { ...detail, change },
  });
}
type Tx = Prisma.TransactionClient;

const LAST_ADMIN = 'a project must keep at least one project admin; make someone else project admin first';

async function lockProject(tx: Tx, projectId: number) {
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR UPDATE`;
}

async function adminCount(tx: Tx, projectId: number) {
  return tx.member.count({ where: { projectId, role: 'projectAdmin' } });
}

/** Adds a user or a group; answers the new member as the member list shows it. */
export async function addMember(
  { actor, ip }: Ctx,
  projectName: string,
  input: AddMemberInput,
): Promise<MemberView> {
  const { project } = await requireProjectAccess(projectName, actor, 'members.write');
  let member: MemberView;
  if (input.username) {
    const user = await findOrCreateUser(input.username.toLowerCase());
    if (!user) throw notFound(`user "${input.username}"`);
    try {
      const row = await db.member.create({
        data: { projectId: project.id, userId: user.id, role: input.role },
      });
      member = toMemberView(row, user);
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002')
        throw conflict(`${user.username} is already a member of ${projectName}; change their role instead`);
      throw err;
    }
  } else {
    // LDAP groups are lower-cased DNs; OIDC group names are kept as the provider spells them.
    const oidc = input.source === 'oidc';
    const key = oidc ? input.group! : normalizeDn(input.group!);
    try {
      const row = await db.member.create({
        data: {
          projectId: project.id,
          groupDn: key,
          groupSource: oidc ? 'OIDC' : 'LDAP',
          groupName: oidc ? key.slice(0, 256) : (key.split(',')[0]?.replace(/^cn=/, '') ?? key),
          role: input.role,
        },
      });
      member = toMemberView(row, null);
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002')
        throw conflict(`${oidc ? 'OIDC' : 'LDAP'} group ${key} is already a member of ${projectName}`);
      throw err;
    }
  }
  await recordMemberChange({ actor, ip }, project, 'add', {
    member: member.username ?? member.group,
    role: input.role,
  });
  return member;
}

async function findMember(tx: Tx, projectId: number, memberId: number) {
  const member = await tx.member.findFirst({
    where: { id: memberId, projectId },
    include: { user: { select: memberUserSelect } },
  });
  if (!member) throw notFound(`member ${memberId}`);
  return member;
}

/** Changes a member's role; answers the member as the member list shows it. */
export async function updateMemberRole(
  { actor, ip }: Ctx,
  projectName: string,
  memberId: number,
  role: ProjectRole,
): Promise<MemberView> {
  const { project } = await requireProjectAccess(projectName, actor, 'members.write');
  const member = await db.$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const m = await findMember(tx, project.id, memberId);
    if (m.role === 'projectAdmin' && role !== 'projectAdmin' && (await adminCount(tx, project.id)) <= 1)
      throw conflict(LAST_ADMIN);
    return tx.member.update({
      where: { id: m.id },
      data: { role },
      include: { user: { select: memberUserSelect } },
    });
  });
  await recordMemberChange({ actor, ip }, project, 'update', {
    member: member.user?.username ?? member.groupDn,
    role,
  });
  return toMemberView(member, member.user);
}

export async function removeMember({ actor, ip }: Ctx, projectName: string, memberId: number) {
  const { project } = await requireProjectAccess(projectName, actor, 'members.write');
  const removed = await db.$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const m = await findMember(tx, project.id, memberId);
    if (m.role === 'projectAdmin' && (await adminCount(tx, project.id)) <= 1) throw conflict(LAST_ADMIN);
    await tx.member.delete({ where: { id: m.id } });
    return m;
  });
  await recordMemberChange({ actor, ip }, project, 'remove', {
    member: removed.user?.username ?? removed.groupDn,
  });
}
