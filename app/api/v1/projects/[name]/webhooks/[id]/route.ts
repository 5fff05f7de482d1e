import { apiRoute } from '@/lib/api';
import { deleteWebhook, getWebhook, updateWebhook } from '@/lib/webhooks/mutations';
import { updateWebhookSchema, webhookParamsSchema } from '@/lib/webhooks/schemas';

type P = { name: string; id: string };

// GET /api/v1/projects/{name}/webhooks/{id} – one webhook
export const GET = apiRoute<P>({}, async ({ params, actor }) => {
  const { name, id } = webhookParamsSchema.parse(params);
  return getWebhook(actor, name, id);
});

// PATCH /api/v1/projects/{name}/webhooks/{id} – change url, events, enabled, format, authHeader, verifyTls
export const PATCH = apiRoute<P>({}, async ({ params, actor, ip, body }) => {
  const { name, id } = webhookParamsSchema.parse(params);
  return updateWebhook({ actor, ip }, name, id, updateWebhookSchema.parse(await body()));
});

// DELETE /api/v1/projects/{name}/webhooks/{id} – delete it and its delivery log
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  const { name, id } = webhookParamsSchema.parse(params);
  await deleteWebhook({ actor, ip }, name, id);
});
