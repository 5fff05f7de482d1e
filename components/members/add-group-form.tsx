'use client';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { PROJECT_ROLES, ROLE_LABELS, type ProjectRole } from '@/lib/permissions';
import { apiFetch, ApiError } from '@/lib/query/api-client';
import { useAddMember } from '@/lib/query/use-members';

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
  const groups = useQuery({
    queryKey: [`${source}-groups`, term],
    enabled: term.length > 0 && (source === 'oidc' || !term.includes('=')),
    queryFn: () =>
      apiFetch<{ items: Array<{ dn?: string; name: string }> }>(
        `/api/v1/${source}/groups?q=${encodeURIComponent(term)}`,
      ),
  });

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
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${source}-group-search`} className="text-sm font-medium">
          {source === 'oidc' ? 'OIDC group' : 'LDAP group'}
        </label>
        <input
          id={`${source}-group-search`}
          list={`${source}-group-options`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={source === 'oidc' ? 'Group name (as the provider sends it)' : 'Group name or DN'}
          className="border-border bg-surface w-72 rounded-md border px-3 py-2 text-sm"
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
      <label className="flex flex-col gap-1.5 text-sm font-medium">
        Group role
        <select
          value={role}
          onChange={(e) => setRole(e.target.value as ProjectRole)}
          className="border-border bg-surface rounded-md border px-3 py-2 text-sm font-normal"
        >
          {PROJECT_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" variant="secondary" disabled={add.isPending}>
        Add group
      </Button>
      <p role="alert" className="text-danger w-full text-sm empty:hidden">
        {error}
      </p>
    </form>
  );
}
