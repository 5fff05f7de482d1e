import { z } from 'zod';
import { pageSchema, pagingSchema, textSchema, timestampSchema } from '@/lib/schemas';
import { isValidRepositoryName } from '@/lib/tokens/scope';

export const tagListQuerySchema = pagingSchema.extend({
  sort: z.enum(['name', '-name', 'pushed', '-pushed', 'created', '-created']).default('-pushed'),
});
export type TagListQuery = z.infer<typeof tagListQuerySchema>;

export const repositoryNameSchema = textSchema
  .max(255, 'repository name is at most 255 characters')
  .refine(
    (n) => isValidRepositoryName(n) && n.includes('/'),
    'not a repository name (<project>/<name>, lowercase)',
  );

export const tagNameSchema = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'not a tag name');

/** The catch-all `{path}` of /api/v1/repositories/{name}/tags[/{tag}]. */
export const repositoryPathParamsSchema = z.object({ path: z.array(textSchema.max(255)).min(1).max(64) });

// Responses.

export const repositoryPageSchema = pageSchema(
  z.object({
    name: z.string(),
    tagCount: z.number().int(),
    lastPushAt: timestampSchema.nullable(),
    lastPullAt: timestampSchema.nullable(),
  }),
);

const platformSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: z.string().optional(),
  digest: z.string().optional(),
  size: z.number().int().optional(),
});

export const tagPageSchema = pageSchema(
  z.object({
    name: z.string(),
    digest: z.string(),
    size: z.number().int().nullable(),
    mediaType: z.string().nullable(),
    platforms: z.array(platformSchema),
    created: timestampSchema.nullable(),
    pushedAt: timestampSchema.nullable(),
    pushedBy: z.string().nullable(),
    sameDigestCount: z.number().int(),
    sameDigestSample: z.array(z.string()),
  }),
).extend({
  repository: z.string(),
  sort: tagListQuerySchema.shape.sort.unwrap(),
  canDelete: z.boolean(),
  registryUnavailable: z
    .string()
    .optional()
    .meta({ description: 'set when the registry could not be read: the list is what Wharf last saw' }),
});

export const tagSchema = z.object({
  repository: z.string(),
  name: z.string(),
  digest: z.string(),
  pushedAt: timestampSchema.nullable(),
  pushedBy: z.string().nullable(),
  sameDigest: z.array(z.string()).meta({ description: 'every tag a delete would remove (same digest)' }),
  canDelete: z.boolean(),
});

export const deletedTagSchema = z.object({
  deleted: z.array(z.string()),
  digest: z.string(),
  note: z.string(),
});

/** POST /api/v1/system/reconcile. */
export const reconcileReportSchema = z.object({
  startedAt: timestampSchema,
  finishedAt: timestampSchema,
  repositories: z.number().int(),
  tagsCreated: z.number().int(),
  tagsUpdated: z.number().int(),
  tagsRemoved: z.number().int(),
  repositoriesHidden: z.number().int(),
  repositoriesRemoved: z.number().int(),
  incomplete: z.string().optional().meta({ description: 'some read failed: nothing was removed' }),
  skipped: z.string().optional(),
  error: z.string().optional(),
});
