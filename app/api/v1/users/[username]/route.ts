import { apiRoute } from '@/lib/api';
import { deleteUser, updateUser } from '@/lib/users/mutations';
import { toUserJson } from '@/lib/users/queries';
import { getVisibleUserOrThrow, resolveUsername } from '@/lib/users/resolve';
import { updateUserSchema, userParamsSchema } from '@/lib/users/schemas';

type P = { username: string };

// GET /api/v1/users/{username} – one user (admins, or yourself as `me`)
export const GET = apiRoute<P>({}, async ({ params, actor }) =>
  toUserJson(await getVisibleUserOrThrow(actor, userParamsSchema.parse(params).username)),
);

// PATCH /api/v1/users/{username} – disable/enable, set admin, reset password (admins); own password, email, name
export const PATCH = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  toUserJson(
    await updateUser(
      { actor, ip },
      resolveUsername(actor, userParamsSchema.parse(params).username),
      updateUserSchema.parse(await body()),
    ),
  ),
);

// DELETE /api/v1/users/{username} – delete a user (admins)
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  await deleteUser({ actor, ip }, resolveUsername(actor, userParamsSchema.parse(params).username));
});
