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
} as const;

export function getUserById(id: number) {
  return db.user.findUnique({ where: { id }, select: publicUserSelect });
}

export function getUserByUsername(username: string) {
  return db.user.findUnique({ where: { username: username.toLowerCase() }, select: publicUserSelect });
}

/** The user with the password hash, for credential checks only. */
export function getUserForSignIn(username: string) {
  return db.user.findUnique({
    where: { username: username.toLowerCase() },
    select: { ...publicUserSelect, passwordHash: true },
  });
}

export type PublicUser = NonNullable<Awaited<ReturnType<typeof getUserById>>>;
