// Who is making a request: a signed-in user (session cookie or HTTP Basic) or nobody.
import 'server-only';
import { AppError, forbidden } from '@/lib/errors';
import type { PublicUser } from '@/lib/users/queries';

/** `readOnly`: signed in with a read-only personal access token (pull and reads only). */
export type Actor =
  { kind: 'user'; user: PublicUser; groups: readonly string[]; readOnly?: boolean } | { kind: 'anonymous' };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

export function userActor(user: PublicUser, groups: readonly string[] = [], readOnly = false): Actor {
  return { kind: 'user', user, groups, ...(readOnly ? { readOnly } : {}) };
}

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'user' && actor.user.isAdmin;
}

export function actorUser(actor: Actor): PublicUser | null {
  return actor.kind === 'user' ? actor.user : null;
}

/** The actor as a system administrator, or 401/403. */
export function requireAdminActor(actor: Actor): PublicUser {
  if (actor.kind !== 'user') throw new AppError('unauthorized', 'sign in first');
  if (!actor.user.isAdmin) throw forbidden('Only system administrators can do this.');
  return actor.user;
}
