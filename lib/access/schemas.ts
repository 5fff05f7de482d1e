// The answer of GET /api/v1/access/explain (its query is explainQuerySchema in lib/access/explain.ts).
import { z } from 'zod';

export const explanationSchema = z.object({
  subject: z.object({
    kind: z.enum(['user', 'robot', 'anonymous']),
    name: z.string().nullable(),
    credential: z.string().meta({ description: 'which credential was assumed (password, a token, …)' }),
  }),
  ip: z.string(),
  results: z.array(
    z.object({
      scope: z.string(),
      action: z.string(),
      granted: z.boolean(),
      code: z.string().nullable().meta({ description: 'why not, as a stable code; null when granted' }),
      reasons: z
        .array(z.string())
        .meta({ description: 'the chain of reasons, in order; the last one decides' }),
    }),
  ),
});
