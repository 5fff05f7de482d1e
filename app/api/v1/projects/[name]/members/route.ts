import { apiRoute, json } from '@/lib/api';
import { addMember } from '@/lib/members/mutations';
import { listMembers } from '@/lib/members/queries';
import { addMemberSchema } from '@/lib/members/schemas';
import { projectParamsSchema } from '@/lib/projects/schemas';

type P = { name: string };

// GET /api/v1/projects/{name}/members – members with their roles
export const GET = apiRoute<P>({}, async ({ params, actor }) => ({
  items: await listMembers(projectParamsSchema.parse(params).name, actor),
}));

// POST /api/v1/projects/{name}/members – add a user ({username, role}) or an LDAP group ({group, role})
export const POST = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  json(
    await addMember(
      { actor, ip },
      projectParamsSchema.parse(params).name,
      addMemberSchema.parse(await body()),
    ),
    201,
  ),
);
