import { apiRoute } from '@/lib/api';
import { explainAccess, explainQuerySchema } from '@/lib/access/explain';
import { searchParamsObject } from '@/lib/schemas';

// GET /api/v1/access/explain?subject=&scope=&ip=&token= – what a token request would grant, and why
// (admins for anyone; a user for themself; project admins for their project's members and robots)
export const GET = apiRoute({ auth: 'optional' }, async ({ req, actor }) =>
  explainAccess(actor, explainQuerySchema.parse(searchParamsObject(req.nextUrl.searchParams))),
);
