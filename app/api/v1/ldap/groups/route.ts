import { apiRoute } from '@/lib/api';
import { AppError } from '@/lib/errors';
import { ldap, LdapError } from '@/lib/ldap';
import { searchParamSchema } from '@/lib/schemas';

// GET /api/v1/ldap/groups?q= – directory groups by name, for adding a group as a project member
export const GET = apiRoute({}, async ({ req }) => {
  const q = searchParamSchema
    .refine((v) => v.length > 0, 'give a search term (q)')
    .parse(req.nextUrl.searchParams.get('q') ?? '');
  const client = ldap();
  if (!client) return { items: [] };
  try {
    return { items: await client.searchGroups(q, 20) };
  } catch (err) {
    if (LdapError.is(err)) throw new AppError('unavailable', `directory search failed: ${err.message}`);
    throw err;
  }
});
