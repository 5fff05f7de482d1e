// Adding, changing and removing project members. A project never loses its last project
// admin: the check runs inside the transaction with the project row locked.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { conflict, notFound } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { auditActor, type Actor } from '@/lib/auth/actor';
import type { ProjectRole } from '@/lib/permissions';
import { requireProjectAccess } from '@/lib/projects/access';
import { listMembers } from '@/lib/members/queries';
import { findOrCreateUser } from '@/lib/users/directory';
import { normalizeDn } from '@/lib/ldap';
import type { AddMemberInput } from '@/lib/members/schemas';
import { enqueueWebhookEvent } from '@/lib/webhooks/enqueue';

type Ctx = { actor: Actor; ip: string };

/** The audit row and the project's `member` webhooks for one change. */
async function recordMemberChange(
  { actor, ip }: Ctx,
  projectName: string,
  change: 'add' | 'update' | 'remove',
  detail: { member: string | null; role?: ProjectRole },
) {
  const who = auditActor(actor);
  await recordAudit({
    ...who,
    action: `member.${change}`,
    targetType: 'project',
    target: projectName,
    sourceIp: ip,
    detail,
  });
  await enqueueWebhookEvent(projectName, {
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

export async function addMember({ actor, ip }: Ctx, projectName: string, input: AddMemberInput) {
  const { project } = await requireProjectAccess(projectName, actor, 'members.write');
  let label: string;
  let memberId: number;
  if (input.username) {
    const user = await findOrCreateUser(input.username.toLowerCase());
    if (!user) throw notFound(`user "${input.username}"`);
    label = user.username;
    try {
      ({ id: memberId } = await db.member.create({
        data: { projectId: project.id, userId: user.id, role: input.role },
      }));
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002')
        throw conflict(`${user.username} is already a member of ${projectName}; change their role instead`);
      throw err;
    }
  } else {
    // LDAP groups are lower-cased DNs; OIDC group names are kept as the provider spells them.
    const oidc = input.source === 'oidc';
    const key = oidc ? input.group! : normalizeDn(input.group!);
    label = key;
    try {
      ({ id: memberId } = await db.member.create({
        data: {
          projectId: project.id,
          groupDn: key,
          groupSource: oidc ? 'OIDC' : 'LDAP',
          groupName: oidc ? key.slice(0, 256) : (key.split(',')[0]?.replace(/^cn=/, '') ?? key),
          role: input.role,
        },
      }));
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002')
        throw conflict(`${oidc ? 'OIDC' : 'LDAP'} group ${key} is already a member of ${projectName}`);
      throw err;
    }
  }
  await recordMemberChange({ actor, ip }, projectName, 'add', { member: label, role: input.role });
  return (await listMembers(projectName, actor)).find((m) => m.id === memberId)!;
}

async function findMember(tx: Tx, projectId: number, memberId: number) {
  const member = await tx.member.findFirst({
    where: { id: memberId, projectId },
    include: { user: { select: { username: true } } },
  });
  if (!member) throw notFound(`member ${memberId}`);
  return member;
}

export async function updateMemberRole(
  { actor, ip }: Ctx,
  projectName: string,
  memberId: number,
  role: ProjectRole,
) {
  const { project } = await requireProjectAccess(projectName, actor, 'members.write');
  const member = await db.$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const m = await findMember(tx, project.id, memberId);
    if (m.role === 'projectAdmin' && role !== 'projectAdmin' && (await adminCount(tx, project.id)) <= 1)
      throw conflict(LAST_ADMIN);
    return tx.member.update({
      where: { id: m.id },
      data: { role },
      include: { user: { select: { username: true } } },
    });
  });
  await recordMemberChange({ actor, ip }, projectName, 'update', {
    member: member.user?.username ?? member.groupDn,
    role,
  });
  return (await listMembers(projectName, actor)).find((m) => m.id === memberId)!;
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
  await recordMemberChange({ actor, ip }, projectName, 'remove', {
    member: removed.user?.username ?? removed.groupDn,
  });
}
