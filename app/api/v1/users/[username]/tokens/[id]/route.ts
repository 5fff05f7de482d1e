import { apiRoute } from '@/lib/api';
import { revokePersonalToken } from '@/lib/robots/mutations';
import { idSchema } from '@/lib/robots/schemas';
import { userParamsSchema } from '@/lib/users/schemas';

type P = { username: string; id: string };

// DELETE /api/v1/users/{username}/tokens/{id} – revoke a personal access token
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  await revokePersonalToken(
    { actor, ip },
    userParamsSchema.parse(params).username,
    idSchema.parse(params.id),
  );
});
