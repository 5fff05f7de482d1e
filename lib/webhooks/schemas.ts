// Webhook bodies and params (POST/PATCH /api/v1/projects/{name}/webhooks[/{id}]).
import { z } from 'zod';
import { projectParamsSchema } from '@/lib/projects/schemas';
import { idParamSchema, itemsSchema, pageSchema, textSchema, timestampSchema } from '@/lib/schemas';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS } from '@/lib/webhooks/types';

const urlSchema = textSchema
  .trim()
  .max(2048, 'url is at most 2048 characters')
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'url must be an http:// or https:// URL without credentials (use authHeader)');

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `events are ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .min(1, 'choose at least one event')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((v) => [...new Set(v)]);

const fields = {
  url: urlSchema,
  events: eventsSchema,
  enabled: z.boolean(),
  format: z.enum(WEBHOOK_FORMATS, { message: `format is one of ${WEBHOOK_FORMATS.join(', ')}` }),
  /** Sent as `Authorization`; null removes it. */
  authHeader: textSchema.max(1024, 'authHeader is at most 1024 characters').nullable(),
  verifyTls: z.boolean(),
};

export const createWebhookSchema = z
  .object({
    ...fields,
    enabled: fields.enabled.default(true),
    format: fields.format.default('wharf'),
    authHeader: fields.authHeader.optional(),
    verifyTls: fields.verifyTls.default(true),
  })
  .strict();
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .object(fields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

export const webhookParamsSchema = projectParamsSchema.extend({ id: idParamSchema });

export const deliveryParamsSchema = webhookParamsSchema.extend({
  deliveryId: z.coerce
    .bigint({ message: 'delivery id must be a positive integer' })
    .positive({ message: 'delivery id must be a positive integer' })
    .max(9_223_372_036_854_775_807n, 'delivery id is too large'),
});

export const deliveriesQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

// Responses.

export const webhookSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.string()).meta({ description: WEBHOOK_EVENT_TYPES.join(', ') }),
  enabled: z.boolean(),
  format: z.string().meta({ description: WEBHOOK_FORMATS.join(', ') }),
  hasAuthHeader: z.boolean(),
  verifyTls: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  lastDelivery: z
    .object({ status: z.string(), responseCode: z.number().int().nullable(), at: timestampSchema })
    .nullable()
    .optional(),
});

export const webhookListSchema = itemsSchema(webhookSchema);

export const webhookWithSecretSchema = webhookSchema.extend({
  secret: z.string().meta({ description: 'signs the deliveries; shown once' }),
});

export const deliverySchema = z.object({
  id: z.string().meta({ description: 'a 64-bit integer, as a string' }),
  eventId: z.string(),
  eventType: z.string(),
  status: z.string().meta({ description: 'pending, delivered or failed' }),
  attempts: z.number().int(),
  responseCode: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: timestampSchema,
  lastAttemptAt: timestampSchema.nullable(),
  nextAttemptAt: timestampSchema.nullable(),
});

export const deliveryPageSchema = pageSchema(deliverySchema);
