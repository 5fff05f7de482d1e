import { apiRoute } from '@/lib/api';
import { searchParamSchema } from '@/lib/schemas';
import { searchDirectoryGroups } from '@/lib/users/directory';

// GET /api/v1/ldap/groups?q= – directory groups by name, for adding a group as a project member
export const GET = apiRoute({}, async ({ req }) => {
  const q = searchParamSchema
    .refine((v) => v.length > 0, 'give a search term (q)')
    .parse(req.nextUrl.searchParams.get('q') ?? '');
  return { items: await searchDirectoryGroups(q) };
});
