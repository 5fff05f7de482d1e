'use client';
// A project's members: the list (seeded by the server render) and the changes to it.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MemberView } from '@/lib/members/queries';
import type { addMemberSchema } from '@/lib/members/schemas';
import { ROLE_RANK, type ProjectRole } from '@/lib/permissions';
import { apiFetch } from '@/lib/query/api-client';
import { useInvalidatingMutation, useRowMutation } from '@/lib/query/mutations';
import { projectKeys } from '@/lib/query/use-projects';

export type { MemberView };

const membersUrl = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}/members`;

/** The server's order: the highest role first, then the oldest membership. */
const byRoleThenId = (a: MemberView, b: MemberView) =>
  ROLE_RANK[b.role as ProjectRole] - ROLE_RANK[a.role as ProjectRole] || a.id - b.id;

export function useProjectMembersQuery(project: string, initialData?: MemberView[]) {
  return useQuery({
    queryKey: projectKeys.members(project),
    queryFn: async ({ signal }) =>
      (await apiFetch<{ items: MemberView[] }>(membersUrl(project), { signal })).items,
    initialData,
  });
}

const rowOptions = { toRow: (member: MemberView) => member, order: byRoleThenId };

export function useAddMember(project: string) {
  return useRowMutation(
    projectKeys.members(project),
    (input: z.input<typeof addMemberSchema>) =>
      apiFetch<MemberView>(membersUrl(project), { method: 'POST', body: input }),
    rowOptions,
  );
}

export function useUpdateMemberRole(project: string) {
  return useRowMutation(
    projectKeys.members(project),
    ({ id, role }: { id: number; role: ProjectRole }) =>
      apiFetch<MemberView>(`${membersUrl(project)}/${id}`, { method: 'PATCH', body: { role } }),
    rowOptions,
  );
}

export function useRemoveMember(project: string) {
  return useInvalidatingMutation(projectKeys.members(project), ({ id }: { id: number }) =>
    apiFetch<void>(`${membersUrl(project)}/${id}`, { method: 'DELETE' }),
  );
}

type Group = { dn?: string; name: string };

/** Directory (LDAP) or OIDC groups matching a term, for adding a group as a member. */
export function useGroupSearch(source: 'ldap' | 'oidc', term: string, enabled: boolean) {
  return useQuery({
    queryKey: [`${source}-groups`, term],
    enabled,
    queryFn: ({ signal }) =>
      apiFetch<{ items: Group[] }>(`/api/v1/${source}/groups?q=${encodeURIComponent(term)}`, { signal }),
  });
}
