'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { RoleOptions } from '@/components/members/role-options';
import { UserTypeahead } from '@/components/members/user-typeahead';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { ROLE_LABELS, type ProjectRole } from '@/lib/permissions';
import { errorMessage } from '@/lib/query/api-client';
import { useAddMember } from '@/lib/query/use-members';

type AddMemberFormProps = { project: string; memberUsernames: ReadonlySet<string> };

/** Add a user to the project: pick them with the typeahead, choose a role. */
export function AddMemberForm({ project, memberUsernames }: AddMemberFormProps) {
  const router = useRouter();
  const add = useAddMember(project);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<ProjectRole>('developer');
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const name = username.trim().toLowerCase();
    setNotice('');
    if (!name) {
      setError('Choose a user to add.');
      return;
    }
    if (memberUsernames.has(name)) {
      setError(`${name} is already a member; change their role in the table instead.`);
      return;
    }
    setError(undefined);
    add.mutate(
      { username: name, role },
      {
        onSuccess: (member) => {
          setUsername('');
          setNotice(`Added ${member.username} as ${ROLE_LABELS[role]}.`);
          // The project header counts members.
          router.refresh();
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="add-member-title"
      className="border-border bg-surface mb-6 rounded-lg border p-5 shadow-sm"
    >
      <h2 id="add-member-title" className="mb-3 text-base font-semibold">
        Add a member
      </h2>
      <div className="grid items-start gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto]">
        <UserTypeahead
          id="member-user"
          label="User"
          value={username}
          onChange={(v) => {
            setUsername(v);
            setError(undefined);
          }}
          error={error}
          unavailable={memberUsernames}
        />
        <SelectField
          id="member-role"
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as ProjectRole)}
        >
          <RoleOptions />
        </SelectField>
        <Button type="submit" disabled={add.isPending} className="sm:mt-6.5">
          {add.isPending ? 'Adding…' : 'Add member'}
        </Button>
      </div>
      <p role="status" aria-live="polite" className="text-success text-sm empty:hidden">
        {notice}
      </p>
    </form>
  );
}
