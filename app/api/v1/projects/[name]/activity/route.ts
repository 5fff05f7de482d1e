import { apiRoute } from '@/lib/api';
import { projectActivity } from '@/lib/audit/queries';
import { auditQuerySchema } from '@/lib/audit/schemas';
import { projectParamsSchema } from '@/lib/projects/schemas';
import { searchParamsObject } from '@/lib/schemas';

type P = { name: string };

// GET /api/v1/projects/{name}/activity – the project's audit events (members); same query as /api/v1/audit
export const GET = apiRoute<P>({}, async ({ req, params, actor }) =>
  projectActivity(
    actor,
    projectParamsSchema.parse(params).name,
    auditQuerySchema.parse(searchParamsObject(req.nextUrl.searchParams)),
  ),
);
