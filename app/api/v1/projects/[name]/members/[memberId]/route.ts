import { apiRoute } from '@/lib/api';
import { removeMember, updateMemberRole } from '@/lib/members/mutations';
import { memberParamsSchema as paramsSchema, updateMemberSchema } from '@/lib/members/schemas';

type P = { name: string; memberId: string };

// PATCH /api/v1/projects/{name}/members/{memberId} – change a member's role
export const PATCH = apiRoute<P>({}, async ({ params, actor, ip, body }) => {
  const { name, memberId } = paramsSchema.parse(params);
  return updateMemberRole({ actor, ip }, name, memberId, updateMemberSchema.parse(await body()).role);
});

// DELETE /api/v1/projects/{name}/members/{memberId} – remove a member (never the last project admin)
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  const { name, memberId } = paramsSchema.parse(params);
  await removeMember({ actor, ip }, name, memberId);
});
