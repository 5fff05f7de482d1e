import { apiRoute } from '@/lib/api';
import { searchParamSchema } from '@/lib/schemas';
import { globalSearch } from '@/lib/search';

// GET /api/v1/search?q= – projects and repositories the caller may see, by name
export const GET = apiRoute({ auth: 'optional' }, async ({ req, actor }) =>
  globalSearch(actor, searchParamSchema.parse(req.nextUrl.searchParams.get('q') ?? '')),
);
