'use client';
// Tags: the tags a delete takes along (same digest) and the delete itself. The tag list is
// server-rendered; after a delete the caller refreshes the route.
import { useMutation, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/query/api-client';
// Type only: erased at build time, so no server code reaches the browser.
import type { deleteTag } from '@/lib/registry/mutations';
import type { getTag } from '@/lib/registry/queries';

export type TagDetail = Awaited<ReturnType<typeof getTag>>;
export type DeleteTagResult = Awaited<ReturnType<typeof deleteTag>>;

const tagUrl = (repository: string, tag: string) =>
  `/api/v1/repositories/${repository}/tags/${encodeURIComponent(tag)}`;

/** One tag with every tag of its digest; read only when `enabled` (the delete dialog opens). */
export function useTagDetail(repository: string, tag: string, enabled: boolean) {
  return useQuery({
    queryKey: ['tags', repository, tag],
    enabled,
    queryFn: ({ signal }) => apiFetch<TagDetail>(tagUrl(repository, tag), { signal }),
  });
}

export function useDeleteTag(repository: string, tag: string) {
  return useMutation({
    mutationFn: () => apiFetch<DeleteTagResult>(tagUrl(repository, tag), { method: 'DELETE' }),
  });
}
