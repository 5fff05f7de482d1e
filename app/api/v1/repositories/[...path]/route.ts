// Repository names contain slashes, so one catch-all route parses its path from the end:
//   GET    /api/v1/repositories/{name}/tags        – list tags
//   GET    /api/v1/repositories/{name}/tags/{tag}  – one tag and every tag sharing its digest
//   DELETE /api/v1/repositories/{name}/tags/{tag}  – delete a tag (by its digest)
import { apiRoute } from '@/lib/api';
import { notFound } from '@/lib/errors';
import { deleteTag } from '@/lib/registry/mutations';
import { getTag, listTags } from '@/lib/registry/queries';
import {
  repositoryNameSchema,
  repositoryPathParamsSchema,
  tagListQuerySchema,
  tagNameSchema,
} from '@/lib/registry/schemas';
import { searchParamsObject } from '@/lib/schemas';

type P = { path: string[] };

// GET /api/v1/repositories/{name}/tags?page=&pageSize=&sort=&q= – tags with digest, size, platforms, created, pushed
// GET /api/v1/repositories/{name}/tags/{tag} – the tag with `sameDigest`: every tag a delete would remove
export const GET = apiRoute<P>({ auth: 'optional' }, async ({ req, params, actor }) => {
  const parts = repositoryPathParamsSchema.parse(params).path;
  if (parts.length >= 4 && parts.at(-1) !== 'tags' && parts.at(-2) === 'tags') {
    const name = repositoryNameSchema.parse(parts.slice(0, -2).join('/'));
    return getTag(name, tagNameSchema.parse(parts.at(-1)), actor);
  }
  if (parts.length < 3 || parts.at(-1) !== 'tags') throw notFound('route');
  const name = repositoryNameSchema.parse(parts.slice(0, -1).join('/'));
  return listTags(name, actor, tagListQuerySchema.parse(searchParamsObject(req.nextUrl.searchParams)));
});

// DELETE /api/v1/repositories/{name}/tags/{tag} – delete a tag; every tag sharing its digest goes too
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  const parts = repositoryPathParamsSchema.parse(params).path;
  if (parts.length < 4 || parts.at(-2) !== 'tags') throw notFound('route');
  const name = repositoryNameSchema.parse(parts.slice(0, -2).join('/'));
  return deleteTag({ actor, ip }, name, tagNameSchema.parse(parts.at(-1)));
});
