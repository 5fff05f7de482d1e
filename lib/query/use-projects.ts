'use client';
// Project mutations. Lists and pages are server-rendered; after a change the caller
// refreshes the route, and cached project queries are invalidated here.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ProjectDetail } from '@/lib/projects/queries';
import type { createProjectSchema, updateProjectSchema } from '@/lib/projects/schemas';
import { apiFetch } from '@/lib/query/api-client';
import { useInvalidatingMutation } from '@/lib/query/mutations';

export type { ProjectDetail };
export type DeleteProjectResult = { deleted: string; repositories: number; note?: string };

export const projectKeys = {
  all: ['projects'] as const,
  detail: (name: string) => ['projects', name] as const,
  members: (name: string) => ['projects', name, 'members'] as const,
};

const projectUrl = (name: string) => `/api/v1/projects/${encodeURIComponent(name)}`;

export function useCreateProject() {
  return useInvalidatingMutation(projectKeys.all, (input: z.input<typeof createProjectSchema>) =>
    apiFetch<ProjectDetail>('/api/v1/projects', { method: 'POST', body: input }),
  );
}

/** PATCH answers the project as GET does: it replaces the cached one. */
export function useUpdateProject(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof updateProjectSchema>) =>
      apiFetch<ProjectDetail>(projectUrl(name), { method: 'PATCH', body: input }),
    onSuccess: (project) => queryClient.setQueryData(projectKeys.detail(name), project),
  });
}

export function useDeleteProject(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ force }: { force: boolean }) =>
      apiFetch<DeleteProjectResult>(`${projectUrl(name)}${force ? '?force=true' : ''}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.removeQueries({ queryKey: projectKeys.detail(name) }),
  });
}
