import { apiRoute, json } from '@/lib/api';
import { createProjectRobot, listProjectRobots } from '@/lib/robots/mutations';
import { projectParamsSchema } from '@/lib/projects/schemas';
import { createProjectRobotSchema } from '@/lib/robots/schemas';

type P = { name: string };

// GET /api/v1/projects/{name}/robots – the project's robot accounts (maintainers and project admins)
export const GET = apiRoute<P>({}, async ({ params, actor }) => ({
  items: await listProjectRobots(projectParamsSchema.parse(params).name, actor),
}));

// POST /api/v1/projects/{name}/robots – {name, actions, expiresInDays} → full name and secret (shown once)
export const POST = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  json(
    await createProjectRobot(
      { actor, ip },
      projectParamsSchema.parse(params).name,
      createProjectRobotSchema.parse(await body()),
    ),
    201,
  ),
);
