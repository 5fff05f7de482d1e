import { apiRoute } from '@/lib/api';
import { deleteProject, updateProject } from '@/lib/projects/mutations';
import { getProject } from '@/lib/projects/queries';
import { deleteProjectQuerySchema, projectParamsSchema, updateProjectSchema } from '@/lib/projects/schemas';
import { searchParamsObject } from '@/lib/schemas';

type P = { name: string };

// GET /api/v1/projects/{name} – one project with the caller's role and permissions
export const GET = apiRoute<P>({ auth: 'optional' }, async ({ params, actor }) =>
  getProject(projectParamsSchema.parse(params).name, actor),
);

// PATCH /api/v1/projects/{name} – change visibility or description (project admins)
export const PATCH = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  updateProject(
    { actor, ip },
    projectParamsSchema.parse(params).name,
    updateProjectSchema.parse(await body()),
  ),
);

// DELETE /api/v1/projects/{name}?force=true – delete; refused while it has repositories unless an admin forces it
export const DELETE = apiRoute<P>({}, async ({ req, params, actor, ip }) =>
  deleteProject(
    { actor, ip },
    projectParamsSchema.parse(params).name,
    deleteProjectQuerySchema.parse(searchParamsObject(req.nextUrl.searchParams)),
  ),
);
