'use client';
// "Check access" (GET /api/v1/access/explain): asked on demand, so a mutation-style hook.
import { useMutation } from '@tanstack/react-query';
import type { Explanation, ExplainQuery } from '@/lib/access/explain';
import { apiFetch } from '@/lib/query/api-client';

export type { Explanation };

export function useExplainAccess() {
  return useMutation({
    mutationFn: (query: ExplainQuery) => {
      const params = new URLSearchParams(
        Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
      );
      return apiFetch<Explanation>(`/api/v1/access/explain?${params}`);
    },
  });
}
