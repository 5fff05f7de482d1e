// The audit log's query (GET /api/v1/audit and /api/v1/projects/{name}/activity).
import { z } from 'zod';
import { pageSchema, textSchema, timestampSchema } from '@/lib/schemas';

const filterText = (max: number) =>
  textSchema
    .trim()
    .max(max, `is at most ${max} characters`)
    .optional()
    .transform((v) => v || undefined);

/** An ISO 8601 date or date-time (a form's `2026-11-30T12:00` too, read as UTC like every time Wharf shows); empty means unset. */
const instant = z
  .string()
  .trim()
  .max(40)
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const m = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
    const date = m ? new Date(v.includes(':') && !m[1] ? `${v.replace(' ', 'T')}Z` : v) : null;
    if (!date || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date or date-time' });
      return z.NEVER;
    }
    return date;
  });

export const AUDIT_FORMATS = ['json', 'csv', 'jsonl'] as const;

export const auditQuerySchema = z
  .object({
    actor: filterText(128),
    /** An exact action (`registry.push`), or a prefix ending in `*` (`member.*`). */
    action: filterText(64),
    project: filterText(64),
    repository: filterText(255),
    from: instant,
    to: instant,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    format: z.enum(AUDIT_FORMATS, { message: 'format must be json, csv or jsonl' }).default('json'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditFilter = Pick<AuditQuery, 'actor' | 'action' | 'project' | 'repository' | 'from' | 'to'>;

// Responses (format=json; csv and jsonl stream the same entries).

export const auditEntrySchema = z.object({
  id: z.string().meta({ description: 'a 64-bit integer, as a string' }),
  at: timestampSchema,
  actor: z.string(),
  actorKind: z.string(),
  action: z.string(),
  targetType: z.string(),
  target: z.string(),
  project: z.string().nullable(),
  repository: z.string().nullable(),
  sourceIp: z.string().nullable(),
  count: z
    .number()
    .int()
    .meta({ description: 'pulls of the same target by the same actor within a minute share one entry' }),
  detail: z.unknown(),
});

export const auditPageSchema = pageSchema(auditEntrySchema).extend({
  totalIsLowerBound: z.boolean().meta({ description: 'true when the total was not counted to the end' }),
});
