'use client';
// Users: the name search behind the member typeahead, and the admin and self-service changes.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { toUserJson } from '@/lib/users/queries';
import type { createUserSchema, updateUserSchema } from '@/lib/users/schemas';
import { apiFetch } from '@/lib/query/api-client';
import { useInvalidatingMutation } from '@/lib/query/mutations';

export type UserJson = ReturnType<typeof toUserJson>;
export type UserPage = { items: UserJson[]; total: number; page: number; pageSize: number };

export const userKeys = {
  all: ['users'] as const,
  search: (q: string) => ['users', 'search', q] as const,
};

const userUrl = (username: string) => `/api/v1/users/${encodeURIComponent(username)}`;

/** Users matching a search term (username, display name or email); idle while the term is empty. */
export function useUserSearchQuery(q: string, pageSize = 8) {
  const term = q.trim();
  return useQuery({
    queryKey: userKeys.search(term),
    queryFn: ({ signal }) =>
      apiFetch<UserPage>(`/api/v1/users?q=${encodeURIComponent(term)}&pageSize=${pageSize}`, { signal }),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

// The user list is server-rendered (the caller refreshes the route); the cached searches are refetched.
export function useCreateUser() {
  return useInvalidatingMutation(userKeys.all, (input: z.input<typeof createUserSchema>) =>
    apiFetch<UserJson>('/api/v1/users', { method: 'POST', body: input }),
  );
}

/** What an administrator changes about a user (the same body as PATCH /api/v1/users/{username}). */
export type UserChange = Pick<z.input<typeof updateUserSchema>, 'disabled' | 'admin' | 'password'>;

export function useUpdateUser() {
  return useInvalidatingMutation(userKeys.all, ({ username, ...input }: UserChange & { username: string }) =>
    apiFetch<UserJson>(userUrl(username), { method: 'PATCH', body: input }),
  );
}

/** The signed-in user's own password; the server ends every session of the user on success. */
export function useChangeOwnPassword() {
  return useMutation({
    mutationFn: (input: Required<Pick<z.input<typeof updateUserSchema>, 'currentPassword' | 'password'>>) =>
      apiFetch<UserJson>(userUrl('me'), { method: 'PATCH', body: input }),
  });
}
