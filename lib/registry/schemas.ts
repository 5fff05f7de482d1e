import { z } from 'zod';
import { pagingSchema, textSchema } from '@/lib/schemas';
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
