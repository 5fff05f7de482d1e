'use client';
// The header's search over projects and repositories.
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/query/api-client';
// Type only: erased at build time, so no server code reaches the browser.
import type { globalSearch } from '@/lib/search';

export type SearchResults = Awaited<ReturnType<typeof globalSearch>>;

/** Matches for a (debounced) term; idle while it is empty. */
export function useGlobalSearch(term: string) {
  return useQuery({
    queryKey: ['search', term],
    enabled: term.length > 0,
    queryFn: ({ signal }) =>
      apiFetch<SearchResults>(`/api/v1/search?q=${encodeURIComponent(term)}`, { signal }),
  });
}
