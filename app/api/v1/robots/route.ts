import { apiRoute, json } from '@/lib/api';
import { createSystemRobot, listAllRobots } from '@/lib/robots/mutations';
import { createSystemRobotSchema } from '@/lib/robots/schemas';

// GET /api/v1/robots – every robot account (admins)
export const GET = apiRoute({}, async ({ actor }) => ({ items: await listAllRobots(actor) }));

// POST /api/v1/robots – a system robot with actions in several projects (admins)
export const POST = apiRoute({}, async ({ actor, ip, body }) =>
  json(await createSystemRobot({ actor, ip }, createSystemRobotSchema.parse(await body())), 201),
);
