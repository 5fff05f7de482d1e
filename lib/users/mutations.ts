// Creating and changing users. Admins manage everyone; a user may change their own
// password (with the current one), email and display name. The last active admin stays.
import 'server-only';
import { db } from '@/lib/db';
import { AppError, conflict, forbidden, notFound } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { hashPassword } from '@/lib/auth/password';
import { actorUser, requireAdminActor, requireInteractiveCredential, type Actor } from '@/lib/auth/actor';
import { checkOwnPassword } from '@/lib/auth/credentials';
import { endUserCredentials } from '@/lib/auth/revoke';
import { getUserByUsername, publicUserSelect, type PublicUser } from '@/lib/users/queries';
import type { CreateUserInput, UpdateUserInput } from '@/lib/users/schemas';

type Ctx = { actor: Actor; ip: string };

async function assertOtherActiveAdmin(userId: number, what: string) {
  const others = await db.user.count({ where: { isAdmin: true, disabledAt: null, id: { not: userId } } });
  if (others === 0) throw conflict(`cannot ${what} the last active system administrator`);
}

export async function createUser({ actor, ip }: Ctx, input: CreateUserInput): Promise<PublicUser> {
  const admin = requireAdminActor(actor);
  try {
    const user = await db.user.create({
      data: {
        username: input.username,
        email: input.email,
        displayName: input.displayName,
        isAdmin: input.admin,
        passwordHash: await hashPassword(input.password),
      },
      select: publicUserSelect,
    });
    await recordAudit({
      actor: admin,
      action: 'user.create',
      targetType: 'user',
      target: user.username,
      sourceIp: ip,
      detail: { admin: input.admin },
    });
    return user;
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002')
      throw conflict(`user "${input.username}" already exists`);
    throw err;
  }
}

export async function updateUser(
  { actor, ip }: Ctx,
  username: string,
  input: UpdateUserInput,
): Promise<PublicUser> {
  const me = actorUser(actor);
  if (!me) throw new AppError('unauthorized', 'sign in first');
  const target = await db.user.findUnique({
    where: { username: username.toLowerCase() },
    select: { ...publicUserSelect, passwordHash: true },
  });
  const self = target?.id === me.id;
  if (!target || (!self && !me.isAdmin)) throw notFound(`user "${username}"`);
  if (!me.isAdmin && (input.disabled !== undefined || input.admin !== undefined)) {
    throw forbidden('Only system administrators can disable users or change who is an administrator.');
  }
  if (input.password !== undefined) {
    requireInteractiveCredential(actor);
    if (target.source === 'LDAP')
      throw new AppError('bad_request', 'LDAP users change their password in the directory, not in Wharf');
    if (target.source === 'OIDC')
      throw new AppError(
        'bad_request',
        'single sign-on (OIDC) users have no Wharf password: they use personal access tokens for docker',
      );
    // A user changing their own password proves they know the current one (admins resetting
    // others do not); the check is throttled like a sign-in.
    if (self && !(await checkOwnPassword(target, input.currentPassword ?? '', ip))) {
      throw new AppError('bad_request', 'the current password is not correct', {
        details: [{ path: 'currentPassword', message: 'not correct' }],
      });
    }
  }
  if ((input.disabled === true && !target.disabledAt) || (input.admin === false && target.isAdmin)) {
    if (target.isAdmin) await assertOtherActiveAdmin(target.id, input.disabled ? 'disable' : 'demote');
  }
  const credentialsChanged = input.password !== undefined || input.disabled === true;
  const updated = await db.user.update({
    where: { id: target.id },
    data: {
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.admin !== undefined ? { isAdmin: input.admin } : {}),
      ...(input.disabled !== undefined
        ? { disabledAt: input.disabled ? (target.disabledAt ?? new Date()) : null }
        : {}),
      ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password) } : {}),
    },
    select: publicUserSelect,
  });
  // Sessions and docker logins issued up to now stop working (this one's too).
  if (credentialsChanged) await endUserCredentials(updated.id);
  const { password: _p, currentPassword: _c, ...shown } = input;
  void _p;
  void _c;
  await recordAudit({
    actor: me,
    action: 'user.update',
    targetType: 'user',
    target: updated.username,
    sourceIp: ip,
    detail: { ...shown, ...(input.password !== undefined ? { passwordChanged: true } : {}) },
  });
  return updated;
}

export async function deleteUser({ actor, ip }: Ctx, username: string): Promise<void> {
  const admin = requireAdminActor(actor);
  const target = await getUserByUsername(username);
  if (!target) throw notFound(`user "${username}"`);
  if (target.id === admin.id) throw conflict('you cannot delete yourself');
  if (target.isAdmin) await assertOtherActiveAdmin(target.id, 'delete');
  const soleAdminOf = await db.project.findMany({
    where: {
      members: { some: { userId: target.id, role: 'projectAdmin' } },
      NOT: { members: { some: { role: 'projectAdmin', NOT: { userId: target.id } } } },
    },
    select: { name: true },
    take: 5,
  });
  if (soleAdminOf.length) {
    throw conflict(
      `${target.username} is the only project admin of ${soleAdminOf.map((p) => p.name).join(', ')}; make someone else project admin first`,
    );
  }
  await db.user.delete({ where: { id: target.id } });
  await recordAudit({
    actor: admin,
    action: 'user.delete',
    targetType: 'user',
    target: target.username,
    sourceIp: ip,
  });
}
