import { apiRoute, json } from '@/lib/api';
import { createPersonalToken, listPersonalTokens } from '@/lib/robots/mutations';
import { createTokenSchema } from '@/lib/robots/schemas';
import { userParamsSchema } from '@/lib/users/schemas';

type P = { username: string };

// GET /api/v1/users/{username}/tokens – personal access tokens (`me` for yourself)
export const GET = apiRoute<P>({}, async ({ params, actor }) => ({
  items: await listPersonalTokens(actor, userParamsSchema.parse(params).username),
}));

// POST /api/v1/users/{username}/tokens – {name, expiresInDays, readOnly} → the token (shown once)
export const POST = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  json(
    await createPersonalToken(
      { actor, ip },
      userParamsSchema.parse(params).username,
      createTokenSchema.parse(await body()),
    ),
    201,
  ),
);
