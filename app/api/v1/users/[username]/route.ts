import { apiRoute } from '@/lib/api';
import { actorUser } from '@/lib/auth/actor';
import { notFound } from '@/lib/errors';
import { deleteUser, updateUser } from '@/lib/users/mutations';
import { getUserByUsername, toUserJson } from '@/lib/users/queries';
import { updateUserSchema } from '@/lib/users/schemas';
import type { Actor } from '@/lib/auth/actor';

type P = { username: string };

/** `me` names the caller. */
const resolve = (actor: Actor, username: string) =>
  username === 'me' ? (actorUser(actor)?.username ?? username) : username;

// GET /api/v1/users/{username} – one user (admins, or yourself as `me`)
export const GET = apiRoute<P>({}, async ({ params, actor }) => {
  const me = actorUser(actor)!;
  const name = resolve(actor, params.username);
  const user = await getUserByUsername(name);
  if (!user || (!me.isAdmin && user.id !== me.id)) throw notFound(`user "${params.username}"`);
  return toUserJson(user);
});

// PATCH /api/v1/users/{username} – disable/enable, set admin, reset password (admins); own password, email, name
export const PATCH = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  toUserJson(
    await updateUser({ actor, ip }, resolve(actor, params.username), updateUserSchema.parse(await body())),
  ),
);

// DELETE /api/v1/users/{username} – delete a user (admins)
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  await deleteUser({ actor, ip }, resolve(actor, params.username));
});
