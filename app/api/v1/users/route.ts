import { apiRoute, json } from '@/lib/api';
import { pagingSchema, searchParamsObject } from '@/lib/schemas';
import { createUser } from '@/lib/users/mutations';
import { toUserJson } from '@/lib/users/queries';
import { createUserSchema } from '@/lib/users/schemas';
import { findUsers } from '@/lib/users/search';

// GET /api/v1/users?q= – admins: every user, paged, searchable by email too; others: search by name or display name (typeahead)
export const GET = apiRoute({}, async ({ req, actor }) =>
  findUsers(actor, pagingSchema.parse(searchParamsObject(req.nextUrl.searchParams))),
);

// POST /api/v1/users – create a local user (admins)
export const POST = apiRoute({}, async ({ actor, ip, body }) =>
  json(toUserJson(await createUser({ actor, ip }, createUserSchema.parse(await body()))), 201),
);
