import { apiRoute } from '@/lib/api';
import { listDockerLogins } from '@/lib/tokens/refresh-tokens';
import { userParamsSchema } from '@/lib/users/schemas';

type P = { username: string };

// GET /api/v1/users/{username}/docker-logins – active docker logins (refresh tokens) of a user (`me` for yourself)
export const GET = apiRoute<P>({}, async ({ params, actor }) => ({
  items: await listDockerLogins(actor, userParamsSchema.parse(params).username),
}));
