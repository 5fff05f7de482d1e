import { z } from 'zod';
import { apiRoute } from '@/lib/api';
import { globalSearch } from '@/lib/search';

// GET /api/v1/search?q= – projects and repositories the caller may see, by name
export const GET = apiRoute({ auth: 'optional' }, async ({ req, actor }) =>
  globalSearch(
    actor,
    z
      .string()
      .max(100, 'search is at most 100 characters')
      .parse(req.nextUrl.searchParams.get('q') ?? ''),
  ),
);
