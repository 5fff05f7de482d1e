import { z } from 'zod';
import { apiRoute } from '@/lib/api';
import { revokeDockerLogin } from '@/lib/tokens/refresh-tokens';
import { getVisibleUserOrThrow } from '@/lib/users/resolve';

type P = { username: string; id: string };

// DELETE /api/v1/users/{username}/docker-logins/{id} – revoke a docker login; its client must log in again
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  const user = await getVisibleUserOrThrow(actor, params.username);
  await revokeDockerLogin({ actor, ip }, user, z.coerce.number().int().positive().parse(params.id));
});
