import { apiRoute } from '@/lib/api';
import { listDeliveries } from '@/lib/webhooks/mutations';
import { deliveriesQuerySchema, webhookParamsSchema } from '@/lib/webhooks/schemas';
import { searchParamsObject } from '@/lib/schemas';

type P = { name: string; id: string };

// GET /api/v1/projects/{name}/webhooks/{id}/deliveries – newest first: status, response code, duration, attempts
export const GET = apiRoute<P>({}, async ({ req, params, actor }) => {
  const { name, id } = webhookParamsSchema.parse(params);
  return listDeliveries(
    actor,
    name,
    id,
    deliveriesQuerySchema.parse(searchParamsObject(req.nextUrl.searchParams)),
  );
});
