import { apiRoute, json } from '@/lib/api';
import { redeliver } from '@/lib/webhooks/mutations';
import { deliveryParamsSchema } from '@/lib/webhooks/schemas';

type P = { name: string; id: string; deliveryId: string };

// POST /api/v1/projects/{name}/webhooks/{id}/deliveries/{deliveryId}/redeliver – send that event again
export const POST = apiRoute<P>({}, async ({ params, actor, ip }) => {
  const { name, id, deliveryId } = deliveryParamsSchema.parse(params);
  return json(await redeliver({ actor, ip }, name, id, deliveryId), 202);
});
