// Schemas of the public endpoints outside /api/v1 that the OpenAPI document also lists. Their
// handlers do not parse with zod (the token endpoint follows the distribution token protocol,
// lib/tokens/service.ts; /api/health builds its answer in app/api/health/route.ts), so these
// schemas only describe them; the e2e API spec parses real answers with them.
import { z } from 'zod';
import { timestampSchema } from '@/lib/schemas';

const componentSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
  embedded: z
    .object({
      state: z.string(),
      pid: z.number().int().nullable(),
      restarts: z.number().int(),
      lastExit: z.object({ at: timestampSchema, reason: z.string() }).nullable(),
    })
    .optional()
    .meta({ description: 'set when Wharf runs this component itself' }),
});

/** GET /api/health (also with status 503, then `unavailable` or `stopping`). */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable', 'stopping']),
  components: z
    .object({
      database: componentSchema,
      registry: componentSchema,
      reconcile: z.looseObject({ lastRun: timestampSchema }).optional(),
    })
    .optional(),
});

/** GET /v2/token's query (the distribution token protocol). */
export const tokenQuerySchema = z.object({
  service: z.string().optional().meta({ description: 'default: REGISTRY_SERVICE' }),
  scope: z
    .string()
    .optional()
    .meta({ description: 'repository:<name>:<actions>; repeat the parameter for several scopes' }),
  account: z.string().optional(),
  client_id: z.string().optional(),
  offline_token: z.enum(['true', 'false']).optional().meta({ description: 'true: also a refresh_token' }),
});

export const tokenResponseSchema = z.object({
  token: z.string().meta({ description: 'the registry token (a JWT)' }),
  access_token: z.string(),
  expires_in: z.number().int(),
  issued_at: timestampSchema,
  scope: z.string().optional(),
  refresh_token: z.string().optional(),
});
