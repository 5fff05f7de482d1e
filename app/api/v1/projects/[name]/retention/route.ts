import { apiRoute } from '@/lib/api';
import { getRetentionPolicy, putRetentionPolicy } from '@/lib/policies/retention';
import { retentionPolicySchema } from '@/lib/policies/retention-rules';
import { projectParamsSchema } from '@/lib/projects/schemas';

type P = { name: string };

// GET /api/v1/projects/{name}/retention – the tag retention rules and schedule
export const GET = apiRoute<P>({}, async ({ params, actor }) =>
  getRetentionPolicy(actor, projectParamsSchema.parse(params).name),
);

// PUT /api/v1/projects/{name}/retention – {rules: [...], schedule: "daily" | null} (project admins)
export const PUT = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  putRetentionPolicy(
    { actor, ip },
    projectParamsSchema.parse(params).name,
    retentionPolicySchema.parse(await body()),
  ),
);
