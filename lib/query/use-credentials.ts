'use client';
// Personal access tokens, docker logins and robot accounts (client-side data).
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '@/lib/query/api-client';
import { useInvalidatingMutation, useRowMutation, withoutField } from '@/lib/query/mutations';
// Types only: erased at build time, so no server code reaches the browser.
import type { toRobotJson, toTokenJson } from '@/lib/robots/mutations';
import type {
  createProjectRobotSchema,
  createSystemRobotSchema,
  createTokenSchema,
} from '@/lib/robots/schemas';
import type { DockerLogin } from '@/lib/tokens/refresh-tokens';

export type { DockerLogin };

/** A personal access token as the API answers it (the server's own type, not a restatement). */
export type PersonalToken = ReturnType<typeof toTokenJson>;
/** A robot as the API answers it. */
export type Robot = ReturnType<typeof toRobotJson>;

const tokensKey = ['me', 'tokens'] as const;
const dockerLoginsKey = ['me', 'docker-logins'] as const;
const robotsKey = (project: string | null) => ['robots', project ?? '*'] as const;

const items = async <T>(url: string, signal: AbortSignal) =>
  (await apiFetch<{ items: T[] }>(url, { signal })).items;

export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => items<PersonalToken>('/api/v1/users/me/tokens', signal),
  });
}

export function useDockerLogins() {
  return useQuery({
    queryKey: dockerLoginsKey,
    queryFn: ({ signal }) => items<DockerLogin>('/api/v1/users/me/docker-logins', signal),
  });
}

/** Create a token (the answer holds it once) and revoke one. */
export function useTokenMutations() {
  return {
    create: useRowMutation(
      tokensKey,
      (body: z.input<typeof createTokenSchema>) =>
        apiFetch<PersonalToken & { token: string }>('/api/v1/users/me/tokens', { method: 'POST', body }),
      // Newest first, as the list comes.
      {
        toRow: withoutField('token'),
        order: (a: PersonalToken, b: PersonalToken) => b.createdAt.localeCompare(a.createdAt),
      },
    ),
    revoke: useInvalidatingMutation(tokensKey, (id: number) =>
      apiFetch<void>(`/api/v1/users/me/tokens/${id}`, { method: 'DELETE' }),
    ),
  };
}

export function useRevokeDockerLogin() {
  return useInvalidatingMutation(dockerLoginsKey, (id: number) =>
    apiFetch<void>(`/api/v1/users/me/docker-logins/${id}`, { method: 'DELETE' }),
  );
}

/** Robots of a project, or every robot (system view) when `project` is null. */
export function useRobots(project: string | null) {
  return useQuery({
    queryKey: robotsKey(project),
    queryFn: ({ signal }) =>
      items<Robot>(project ? `/api/v1/projects/${project}/robots` : '/api/v1/robots', signal),
  });
}

type RobotInput = z.input<typeof createProjectRobotSchema> | z.input<typeof createSystemRobotSchema>;
type WithSecret = Robot & { secret: string };

/** Create, rotate (both answer the secret once), enable/disable and delete robots of the list. */
export function useRobotMutations(project: string | null) {
  const key = robotsKey(project);
  // By name, as the list comes.
  const options = {
    toRow: withoutField('secret'),
    order: (a: Robot, b: Robot) => (a.name < b.name ? -1 : 1),
  };
  return {
    create: useRowMutation(
      key,
      (body: RobotInput) =>
        apiFetch<WithSecret>(project ? `/api/v1/projects/${project}/robots` : '/api/v1/robots', {
          method: 'POST',
          body,
        }),
      options,
    ),
    rotate: useRowMutation(
      key,
      (id: number) => apiFetch<WithSecret>(`/api/v1/robots/${id}/rotate`, { method: 'POST', body: {} }),
      options,
    ),
    toggle: useRowMutation(
      key,
      (r: Robot) =>
        apiFetch<Robot>(`/api/v1/robots/${r.id}`, { method: 'PATCH', body: { disabled: !r.disabled } }),
      { ...options, toRow: (row: Robot) => row },
    ),
    remove: useInvalidatingMutation(key, (id: number) =>
      apiFetch<void>(`/api/v1/robots/${id}`, { method: 'DELETE' }),
    ),
  };
}
