import { apiRoute } from '@/lib/api';
import { systemAudit } from '@/lib/audit/queries';
import { auditQuerySchema } from '@/lib/audit/schemas';
import { searchParamsObject } from '@/lib/schemas';

// GET /api/v1/audit – the audit log (admins); filters actor, action, project, repository, from, to;
// format=json (a page) | csv | jsonl (the whole filtered set, streamed)
export const GET = apiRoute({}, async ({ req, actor }) =>
  systemAudit(actor, auditQuerySchema.parse(searchParamsObject(req.nextUrl.searchParams))),
);
