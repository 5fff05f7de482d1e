'use client';
// A project's members: the list (seeded by the server render) and the changes to it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MemberView } from '@/lib/members/queries';
import type { addMemberSchema } from '@/lib/members/schemas';
import type { ProjectRole } from '@/lib/permissions';
import { apiFetch } from '@/lib/query/api-client';
import { projectKeys } from '@/lib/query/use-projects';

export type { MemberView };

const membersUrl = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}/members`;

export function useProjectMembersQuery(project: string, initialData?: MemberView[]) {
  return useQuery({
    queryKey: projectKeys.members(project),
    queryFn: async ({ signal }) =>
      (await apiFetch<{ items: MemberView[] }>(membersUrl(project), { signal })).items,
    initialData,
  });
}

function useMembersMutation<V, R>(project: string, mutationFn: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: projectKeys.members(project) }),
  });
}

export function useAddMember(project: string) {
  return useMembersMutation(project, (input: z.input<typeof addMemberSchema>) =>
    apiFetch<MemberView>(membersUrl(project), { method: 'POST', body: input }),
  );
}

export function useUpdateMemberRole(project: string) {
  return useMembersMutation(project, ({ id, role }: { id: number; role: ProjectRole }) =>
    apiFetch<MemberView>(`${membersUrl(project)}/${id}`, { method: 'PATCH', body: { role } }),
  );
}

export function useRemoveMember(project: string) {
  return useMembersMutation(project, ({ id }: { id: number }) =>
    apiFetch<void>(`${membersUrl(project)}/${id}`, { method: 'DELETE' }),
  );
}
