import { apiRoute, json } from '@/lib/api';
import { isAdmin } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { pagingSchema, searchParamsObject } from '@/lib/schemas';
import { createUser } from '@/lib/users/mutations';
import { listUsers, toUserJson } from '@/lib/users/queries';
import { createUserSchema } from '@/lib/users/schemas';
import { searchDirectoryUsers, type DirectoryMatch } from '@/lib/users/directory';

// GET /api/v1/users?q= – admins: every user, paged, searchable by email too; others: search by name or display name (typeahead)
export const GET = apiRoute({}, async ({ req, actor }) => {
  const paging = pagingSchema.parse(searchParamsObject(req.nextUrl.searchParams));
  const admin = isAdmin(actor);
  if (!admin && !paging.q) throw new AppError('bad_request', 'give a search term (q)');
  const page = await listUsers({ isAdmin: admin }, paging);
  const items: Array<ReturnType<typeof toUserJson> | DirectoryMatch> = page.items.map(toUserJson);
  // The typeahead also offers directory users who never signed in; adding one creates them.
  if (paging.q && page.page === 1)
    items.push(
      ...(await searchDirectoryUsers(paging.q, new Set(page.items.map((u) => u.username)), {
        limit: paging.pageSize,
        byEmail: admin,
      })),
    );
  return { ...page, items };
});

// POST /api/v1/users – create a local user (admins)
export const POST = apiRoute({}, async ({ actor, ip, body }) =>
  json(toUserJson(await createUser({ actor, ip }, createUserSchema.parse(await body()))), 201),
);
