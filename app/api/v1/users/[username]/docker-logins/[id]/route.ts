import { apiRoute } from '@/lib/api';
import { revokeDockerLogin } from '@/lib/tokens/refresh-tokens';
import { idParamSchema } from '@/lib/schemas';
import { userParamsSchema } from '@/lib/users/schemas';

type P = { username: string; id: string };

// DELETE /api/v1/users/{username}/docker-logins/{id} – revoke a docker login; its client must log in again
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  await revokeDockerLogin(
    { actor, ip },
    userParamsSchema.parse(params).username,
    idParamSchema.parse(params.id),
  );
});
