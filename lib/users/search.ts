// GET /api/v1/users: admins list every user (paged, searchable by email too); others search by
// name or display name (the member typeahead), which also offers directory users who never
// signed in (adding one creates them).
import 'server-only';
import { isAdmin, type Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import type { Paging } from '@/lib/schemas';
import { searchDirectoryUsers, type DirectoryMatch } from '@/lib/users/directory';
import { listUsers, toUserJson } from '@/lib/users/queries';

export async function findUsers(actor: Actor, paging: Paging) {
  const admin = isAdmin(actor);
  if (!admin && !paging.q) throw new AppError('bad_request', 'give a search term (q)');
  const page = await listUsers({ isAdmin: admin }, paging);
  const items: Array<ReturnType<typeof toUserJson> | DirectoryMatch> = page.items.map(toUserJson);
  if (paging.q && page.page === 1)
    items.push(
      ...(await searchDirectoryUsers(paging.q, new Set(page.items.map((u) => u.username)), {
        limit: paging.pageSize,
        byEmail: admin,
      })),
    );
  return { ...page, items };
}
