'use client';
// Personal access tokens, docker logins and robot accounts (client-side data).
import type { toRobotJson } from '@/lib/robots/mutations';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/query/api-client';
// Type only: erased at build time, so no server code reaches the browser.
import type { DockerLogin } from '@/lib/tokens/refresh-tokens';

export type { DockerLogin };

export type PersonalToken = {
  id: number;
  name: string;
  prefix: string;
  readOnly: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
};
/** A robot as the API answers it (the server's own type, not a restatement). */
export type Robot = ReturnType<typeof toRobotJson>;

export function useTokens() {
  return useQuery({
    queryKey: ['me', 'tokens'],
    queryFn: () => apiFetch<{ items: PersonalToken[] }>('/api/v1/users/me/tokens'),
  });
}

export function useDockerLogins() {
  return useQuery({
    queryKey: ['me', 'docker-logins'],
    queryFn: () => apiFetch<{ items: DockerLogin[] }>('/api/v1/users/me/docker-logins'),
  });
}

/** Robots of a project, or every robot (system view) when `project` is null. */
export function useRobots(project: string | null) {
  return useQuery({
    queryKey: ['robots', project ?? '*'],
    queryFn: () =>
      apiFetch<{ items: Robot[] }>(project ? `/api/v1/projects/${project}/robots` : '/api/v1/robots'),
  });
}

/** A mutation that refreshes the given query when it succeeds. */
export function useInvalidatingMutation<I, O>(queryKey: readonly unknown[], fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey }) });
}
