// Reads of users. Secret columns (password hash) are selected only when asked for.
import 'server-only';
import { db } from '@/lib/db';

export const publicUserSelect = {
  id: true,
  username: true,
  email: true,
  displayName: true,
  source: true,
  isAdmin: true,
  disabledAt: true,
  createdAt: true,
  lastLoginAt: true,
  credentialsChangedAt: true,
  ldapDn: true,
  ldapGroups: true,
  oidcGroups: true,
  ldapSyncedAt: true,
  ldapStamp: true,
} as const;

export function getUserById(id: number) {
  return db.user.findUnique({ where: { id }, select: publicUserSelect });
}

export function getUserByUsername(username: string) {
  return db.user.findUnique({ where: { username: username.toLowerCase() }, select: publicUserSelect });
}

/** The user with the password hash, for credential checks only (the name is already normalized). */
export function getUserForSignIn(username: string) {
  return db.user.findUnique({
    where: { username },
    select: { ...publicUserSelect, passwordHash: true },
  });
}

export type PublicUser = NonNullable<Awaited<ReturnType<typeof getUserById>>>;

export type UserListItem = Pick<PublicUser, 'username' | 'displayName'> & Partial<PublicUser>;

/**
 * Lists users. Admins see every field, may page through everyone and search by email too;
 * others only search (typeahead for adding members) by username and display name, and see
 * those two of enabled users: an email address cannot be confirmed by searching for it.
 */
export async function listUsers(
  { isAdmin }: { isAdmin: boolean },
  { q, page, pageSize }: { q: string; page: number; pageSize: number },
) {
  const term = q.trim();
  const where = {
    ...(term
      ? {
          OR: [
            { username: { contains: term.toLowerCase() } },
            { displayName: { contains: term, mode: 'insensitive' as const } },
            ...(isAdmin ? [{ email: { contains: term, mode: 'insensitive' as const } }] : []),
          ],
        }
      : {}),
    ...(isAdmin ? {} : { disabledAt: null }),
  };
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: { username: 'asc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: isAdmin ? publicUserSelect : { username: true, displayName: true },
    }),
  ]);
  return { total, page, pageSize, items: rows as UserListItem[] };
}

/** The API shape of a user (field names match the create/update bodies). */
export function toUserJson(u: Partial<PublicUser> & { username: string; displayName: string | null }) {
  return {
    username: u.username,
    displayName: u.displayName,
    ...(u.id !== undefined
      ? {
          email: u.email ?? null,
          source: u.source === undefined ? 'local' : (u.source.toLowerCase() as 'local' | 'ldap' | 'oidc'),
          admin: u.isAdmin ?? false,
          disabled: !!u.disabledAt,
          createdAt: u.createdAt?.toISOString(),
          lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
        }
      : {}),
  };
}
