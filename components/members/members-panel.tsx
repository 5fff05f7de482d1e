'use client';
import { AddGroupForm } from '@/components/members/add-group-form';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { AddMemberForm } from '@/components/members/add-member-form';
import { RoleOptions } from '@/components/members/role-options';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { Select } from '@/components/ui/field';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { PersonCells } from '@/components/users/person-cells';
import { ROLE_LABELS, type ProjectRole } from '@/lib/permissions';
import { errorMessage } from '@/lib/query/api-client';
import {
  useProjectMembersQuery,
  useRemoveMember,
  useUpdateMemberRole,
  type MemberView,
} from '@/lib/query/use-members';

type MembersPanelProps = {
  project: string;
  initialMembers: MemberView[];
  canWrite: boolean;
  /** Why the user may not change members (shown instead of the controls). */
  writeDenial: string;
  currentUsername: string;
  /** Offer adding LDAP groups (LDAP_URL is set). */
  ldapEnabled?: boolean;
  /** Offer adding OIDC groups (OIDC_ISSUER is set). */
  oidcEnabled?: boolean;
};

const memberName = (m: MemberView) => m.username ?? m.groupName ?? m.group ?? `#${m.id}`;

/** The members table; project admins also get the add form, a role select and Remove per row. */
export function MembersPanel({
  project,
  initialMembers,
  canWrite,
  writeDenial,
  currentUsername,
  ldapEnabled = false,
  oidcEnabled = false,
}: MembersPanelProps) {
  const { data: members = initialMembers } = useProjectMembersQuery(project, initialMembers);
  const usernames = useMemo(
    () => new Set(members.flatMap((m) => (m.username ? [m.username] : []))),
    [members],
  );
  return (
    <>
      {canWrite ? (
        <>
          <AddMemberForm project={project} memberUsernames={usernames} />
          {ldapEnabled ? <AddGroupForm project={project} /> : null}
          {oidcEnabled ? <AddGroupForm project={project} source="oidc" /> : null}
        </>
      ) : (
        <p className="border-border bg-surface-muted/50 text-muted mb-4 rounded-md border px-3 py-2 text-sm">
          {writeDenial}
        </p>
      )}
      <Table label="Members">
        <THead>
          <Th>Member</Th>
          <Th>Display name</Th>
          <Th>Email</Th>
          <Th>Role</Th>
          {canWrite ? <Th className="text-right">Actions</Th> : null}
        </THead>
        <tbody>
          {members.map((m) => (
            <MemberRow
              key={m.id}
              project={project}
              member={m}
              canWrite={canWrite}
              isSelf={m.username === currentUsername}
            />
          ))}
        </tbody>
      </Table>
    </>
  );
}

type MemberRowProps = { project: string; member: MemberView; canWrite: boolean; isSelf: boolean };

function MemberRow({ project, member, canWrite, isSelf }: MemberRowProps) {
  const router = useRouter();
  const update = useUpdateMemberRole(project);
  const remove = useRemoveMember(project);
  const [confirming, setConfirming] = useState(false);
  const name = memberName(member);
  const role = member.role as ProjectRole;
  const shownRole = update.isPending ? update.variables.role : role;
  const error = update.error ?? remove.error;
  const errorId = `member-${member.id}-error`;
  const columns = canWrite ? 5 : 4;

  function changeRole(next: ProjectRole) {
    remove.reset();
    // Your own role decides what this page lets you do: re-read it after a change.
    update.mutate({ id: member.id, role: next }, { onSuccess: () => isSelf && router.refresh() });
  }

  return (
    <>
      <Tr continued={!!error}>
        <PersonCells
          name={name}
          badges={
            <>
              {member.kind === 'group' ? (
                <Badge>{member.groupSource === 'oidc' ? 'OIDC group' : 'Group'}</Badge>
              ) : null}
              {isSelf ? <Badge tone="primary">You</Badge> : null}
            </>
          }
          displayName={member.displayName}
          email={member.email}
        />
        <Td className="whitespace-nowrap">
          {canWrite ? (
            <Select
              aria-label={`Role of ${name}`}
              aria-describedby={error ? errorId : undefined}
              // Not disabled while saving: that would throw the keyboard focus out of the select.
              aria-busy={update.isPending || undefined}
              value={shownRole}
              onChange={(e) => changeRole(e.target.value as ProjectRole)}
            >
              <RoleOptions />
            </Select>
          ) : (
            ROLE_LABELS[role]
          )}
        </Td>
        {canWrite ? (
          <Td className="text-right">
            <Button
              variant="dangerGhost"
              className="px-2.5 py-1"
              aria-label={`Remove ${name}`}
              disabled={remove.isPending}
              onClick={() => {
                update.reset();
                remove.reset();
                setConfirming(true);
              }}
            >
              Remove
            </Button>
            <Dialog
              open={confirming}
              onClose={() => setConfirming(false)}
              title={`Remove ${name}?`}
              description={
                isSelf
                  ? `You lose your role in ${project}: unless it is public or you are a system administrator, you will no longer see it.`
                  : `${name} loses access to ${project} at once, including pushing and pulling its private images.`
              }
            >
              <DialogActions>
                <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
                  Cancel
                </Button>
                <Button
                  variant="danger"
                  onClick={() => {
                    setConfirming(false);
                    remove.mutate(
                      { id: member.id },
                      // The header counts members; without your own membership you may not see the project.
                      { onSuccess: () => (isSelf ? router.push('/projects') : router.refresh()) },
                    );
                  }}
                >
                  Remove member
                </Button>
              </DialogActions>
            </Dialog>
          </Td>
        ) : null}
      </Tr>
      {error ? (
        <tr className="border-border border-b last:border-b-0">
          <td colSpan={columns} className="px-4 pb-3">
            {/* Sticky, so it stays in view when a narrow window scrolls the table sideways. */}
            <p
              id={errorId}
              role="alert"
              className="text-danger sticky left-4 max-w-[calc(100vw-4rem)] text-sm"
            >
              {update.error ? `Could not change the role of ${name}: ` : `Could not remove ${name}: `}
              {errorMessage(error)}
            </p>
          </td>
        </tr>
      ) : null}
    </>
  );
}
