import { apiRoute, json } from '@/lib/api';
import { listRetentionRuns, startRetentionRun } from '@/lib/policies/retention';
import { retentionRunSchema } from '@/lib/policies/retention-rules';
import { projectParamsSchema } from '@/lib/projects/schemas';

type P = { name: string };

// GET /api/v1/projects/{name}/retention/runs – the recorded runs, newest first
export const GET = apiRoute<P>({}, async ({ params, actor }) =>
  listRetentionRuns(actor, projectParamsSchema.parse(params).name),
);

// POST /api/v1/projects/{name}/retention/runs – {dryRun: true} lists what would go; without it, deletes (project admins)
export const POST = apiRoute<P>({}, async ({ params, actor, ip, body }) => {
  const result = await startRetentionRun(
    { actor, ip },
    projectParamsSchema.parse(params).name,
    retentionRunSchema.parse(await body()),
  );
  return result.dryRun ? result : json(result, 201);
});
