import { apiRoute } from '@/lib/api';
import { listRepositories } from '@/lib/registry/queries';
import { projectParamsSchema } from '@/lib/projects/schemas';
import { pagingSchema, searchParamsObject } from '@/lib/schemas';

type P = { name: string };

// GET /api/v1/projects/{name}/repositories – repositories with tags, newest push first
export const GET = apiRoute<P>({ auth: 'optional' }, async ({ req, params, actor }) =>
  listRepositories(
    projectParamsSchema.parse(params).name,
    actor,
    pagingSchema.parse(searchParamsObject(req.nextUrl.searchParams)),
  ),
);
