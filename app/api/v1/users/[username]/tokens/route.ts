import { apiRoute, json } from '@/lib/api';
import { createPersonalToken, listPersonalTokens } from '@/lib/robots/mutations';
import { createTokenSchema } from '@/lib/robots/schemas';
import { getVisibleUserOrThrow } from '@/lib/users/resolve';
import { userParamsSchema } from '@/lib/users/schemas';

type P = { username: string };

// GET /api/v1/users/{username}/tokens – personal access tokens (`me` for yourself)
export const GET = apiRoute<P>({}, async ({ params, actor }) => ({
  items: await listPersonalTokens(
    await getVisibleUserOrThrow(actor, userParamsSchema.parse(params).username),
  ),
}));

// POST /api/v1/users/{username}/tokens – {name, expiresInDays, readOnly} → the token (shown once)
export const POST = apiRoute<P>({}, async ({ params, actor, ip, body }) => {
  const user = await getVisibleUserOrThrow(actor, userParamsSchema.parse(params).username);
  return json(await createPersonalToken({ actor, ip }, user, createTokenSchema.parse(await body())), 201);
});
