// `me` in /api/v1/users/{username}/… names the caller; others are visible to admins only.
import 'server-only';
import { actorUser, type Actor } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { getUserByUsername, type PublicUser } from '@/lib/users/queries';

export function resolveUsername(actor: Actor, username: string): string {
  return username === 'me' ? (actorUser(actor)?.username ?? username) : username;
}

export async function getVisibleUserOrThrow(actor: Actor, username: string): Promise<PublicUser> {
  const me = actorUser(actor);
  if (!me) throw new AppError('unauthorized', 'sign in first');
  const user = await getUserByUsername(resolveUsername(actor, username));
  if (!user || (!me.isAdmin && user.id !== me.id)) throw notFound(`user "${username}"`);
  return user;
}
