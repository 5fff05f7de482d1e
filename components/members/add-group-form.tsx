'use client';
import { useEffect, useState, type FormEvent } from 'react';
import { RoleOptions } from '@/components/members/role-options';
import { Button } from '@/components/ui/button';
import { Field, SelectField } from '@/components/ui/field';
import { FormError } from '@/components/ui/form';
import type { ProjectRole } from '@/lib/permissions';
import { ApiError } from '@/lib/query/api-client';
import { useAddMember, useGroupSearch } from '@/lib/query/use-members';

/**
 * Adds a group with a role; its members get that role. LDAP groups are searched in the
 * directory (by DN); OIDC groups are suggested from the groups seen at sign-ins (by name).
 */
export function AddGroupForm({ project, source = 'ldap' }: { project: string; source?: 'ldap' | 'oidc' }) {
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const [role, setRole] = useState<ProjectRole>('developer');
  const [error, setError] = useState<string | null>(null);
  const add = useAddMember(project);
  useEffect(() => {
    const t = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(t);
  }, [text]);
  // A DN typed in full needs no directory search.
  const groups = useGroupSearch(source, term, term.length > 0 && (source === 'oidc' || !term.includes('=')));

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const match = groups.data?.items.find((g) => g.name === text.trim() || g.dn === text.trim());
    const group = (source === 'ldap' ? match?.dn : undefined) ?? text.trim();
    try {
      await add.mutateAsync(source === 'oidc' ? { group, source, role } : { group, role });
      setText('');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not add the group');
    }
  }

  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      className="border-border bg-surface mb-4 flex flex-wrap items-end gap-2 rounded-md border p-3"
    >
      <div>
        <Field
          id={`${source}-group-search`}
          label={source === 'oidc' ? 'OIDC group' : 'LDAP group'}
          list={`${source}-group-options`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={source === 'oidc' ? 'Group name (as the provider sends it)' : 'Group name or DN'}
          className="w-72"
          required
        />
        <datalist id={`${source}-group-options`}>
          {(groups.data?.items ?? []).map((g) => (
            <option key={g.dn ?? g.name} value={g.dn ?? g.name}>
              {g.name}
            </option>
          ))}
        </datalist>
      </div>
      <SelectField
        id={`${source}-group-role`}
        label="Group role"
        value={role}
        onChange={(e) => setRole(e.target.value as ProjectRole)}
      >
        <RoleOptions />
      </SelectField>
      <Button type="submit" variant="secondary" disabled={add.isPending}>
        Add group
      </Button>
      <FormError className="w-full">{error}</FormError>
    </form>
  );
}
