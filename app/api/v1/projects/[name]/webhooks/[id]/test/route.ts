import { apiRoute, json } from '@/lib/api';
import { sendTest } from '@/lib/webhooks/mutations';
import { webhookParamsSchema } from '@/lib/webhooks/schemas';

type P = { name: string; id: string };

// POST /api/v1/projects/{name}/webhooks/{id}/test – queue a `test` event
export const POST = apiRoute<P>({}, async ({ params, actor, ip }) => {
  const { name, id } = webhookParamsSchema.parse(params);
  return json(await sendTest({ actor, ip }, name, id), 202);
});
