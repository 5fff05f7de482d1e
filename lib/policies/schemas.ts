// Input rules for storage quotas (tag retention rules are in lib/policies/retention-rules.ts), and the
// retention responses.
import { z } from 'zod';
import { retentionPolicySchema } from '@/lib/policies/retention-rules';
import { itemsSchema, timestampSchema } from '@/lib/schemas';

/** A storage quota in bytes; null means unlimited. */
export const quotaBytesSchema = z
  .number({ error: 'quotaBytes must be a number of bytes, or null for unlimited' })
  .int('quotaBytes must be a whole number of bytes')
  .min(0, 'quotaBytes cannot be negative')
  .max(Number.MAX_SAFE_INTEGER, 'quotaBytes is too large')
  .nullable();

// Responses of /api/v1/projects/{name}/retention[/runs].

export const retentionPolicyResponseSchema = retentionPolicySchema.extend({
  updatedAt: timestampSchema.nullable().meta({ description: 'null: never set' }),
});

const retentionTagSchema = z.object({
  repository: z.string(),
  tag: z.string(),
  digest: z.string(),
  pushedAt: timestampSchema,
});

export const retentionRunRecordSchema = z.object({
  id: z.number().int(),
  trigger: z.string().meta({ description: 'manual or schedule' }),
  startedBy: z.string().nullable(),
  startedAt: timestampSchema,
  finishedAt: timestampSchema.nullable(),
  deleted: z.number().int(),
  deletedTags: z.array(retentionTagSchema.omit({ pushedAt: true })),
  errors: z.array(z.string()),
});

export const retentionRunListSchema = itemsSchema(retentionRunRecordSchema);

/** POST …/retention/runs with dryRun: what a run would delete and why (200). */
export const retentionDryRunSchema = z.object({
  dryRun: z.literal(true),
  tags: z.array(retentionTagSchema.extend({ reason: z.string() })),
  keptBySharedDigest: z
    .array(retentionTagSchema.extend({ keptWith: z.string() }))
    .meta({ description: 'spared: a kept tag references the same digest' }),
});

/** POST …/retention/runs without dryRun: the recorded run (201). */
export const retentionRunResultSchema = retentionRunRecordSchema.extend({ dryRun: z.literal(false) });
