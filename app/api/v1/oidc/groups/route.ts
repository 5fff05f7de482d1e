import { apiRoute } from '@/lib/api';
import { seenOidcGroups } from '@/lib/oidc';
import { searchParamSchema } from '@/lib/schemas';

// GET /api/v1/oidc/groups?q= – OIDC groups seen at sign-ins, for adding a group as a project member
export const GET = apiRoute({}, async ({ req }) => {
  const q = searchParamSchema.parse(req.nextUrl.searchParams.get('q') ?? '');
  return { items: (await seenOidcGroups(q)).map((name) => ({ name })) };
});
