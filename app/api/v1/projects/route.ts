import { apiRoute, json } from '@/lib/api';
import { createProject } from '@/lib/projects/mutations';
import { listProjects } from '@/lib/projects/queries';
import { createProjectSchema } from '@/lib/projects/schemas';
import { pagingSchema, searchParamsObject } from '@/lib/schemas';

// GET /api/v1/projects – projects the caller may see (anonymous: public ones), paged and searchable
export const GET = apiRoute({ auth: 'optional' }, async ({ req, actor }) =>
  listProjects(actor, pagingSchema.parse(searchParamsObject(req.nextUrl.searchParams))),
);

// POST /api/v1/projects – create a project; the creator becomes its project admin
export const POST = apiRoute({}, async ({ actor, ip, body }) =>
  json(await createProject({ actor, ip }, createProjectSchema.parse(await body())), 201),
);
