import { apiRoute, json } from '@/lib/api';
import { createWebhook, listWebhooks } from '@/lib/webhooks/mutations';
import { createWebhookSchema } from '@/lib/webhooks/schemas';
import { projectParamsSchema } from '@/lib/projects/schemas';

type P = { name: string };

// GET /api/v1/projects/{name}/webhooks – the project's webhooks (project admins)
export const GET = apiRoute<P>({}, async ({ params, actor }) => ({
  items: await listWebhooks(actor, projectParamsSchema.parse(params).name),
}));

// POST /api/v1/projects/{name}/webhooks – {url, events, enabled, format, authHeader, verifyTls} → webhook and its secret (shown once)
export const POST = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  json(
    await createWebhook(
      { actor, ip },
      projectParamsSchema.parse(params).name,
      createWebhookSchema.parse(await body()),
    ),
    201,
  ),
);
