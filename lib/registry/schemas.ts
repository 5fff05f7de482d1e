import { z } from 'zod';
import { pagingSchema } from '@/lib/schemas';
import { isValidRepositoryName } from '@/lib/tokens/scope';

export const tagListQuerySchema = pagingSchema.extend({
  sort: z.enum(['name', '-name', 'pushed', '-pushed', 'created', '-created']).default('-pushed'),
});
export type TagListQuery = z.infer<typeof tagListQuerySchema>;

export const repositoryNameSchema = z
  .string()
  .max(255, 'repository name is at most 255 characters')
  .refine(
    (n) => isValidRepositoryName(n) && n.includes('/'),
    'not a repository name (<project>/<name>, lowercase)',
  );

export const tagNameSchema = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'not a tag name');
