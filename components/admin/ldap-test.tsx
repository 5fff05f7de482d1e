'use client';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { apiFetch, ApiError } from '@/lib/query/api-client';

type Result = {
  ok: boolean;
  step: string;
  message: string;
  latencyMs?: number;
  user?: {
    dn: string;
    groups: string[];
    admin: boolean;
    projectRoles: Array<{ project: string; role: string }>;
  };
};

/** "Test connection" and "Test user" against the configured directory. */
export function LdapTest() {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, setPending] = useState(false);

  async function run(username?: string) {
    setPending(true);
    try {
      setResult(
        await apiFetch<Result>('/api/v1/system/ldap', { method: 'POST', body: username ? { username } : {} }),
      );
    } catch (err) {
      setResult({
        ok: false,
        step: 'request',
        message: err instanceof ApiError ? err.message : 'The test could not run',
      });
    } finally {
      setPending(false);
    }
  }

  function onUser(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void run(String(new FormData(e.currentTarget).get('username') ?? ''));
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <Button onClick={() => void run()} disabled={pending}>
          Test connection
        </Button>
        <form onSubmit={onUser} className="flex items-end gap-2">
          <Field id="ldap-test-user" name="username" label="Username" required />
          <Button type="submit" variant="secondary" disabled={pending}>
            Test user
          </Button>
        </form>
      </div>
      {result ? (
        <div
          role="status"
          className={`rounded-md border p-3 text-sm ${result.ok ? 'border-success/40 bg-success-bg text-success' : 'border-danger/40 bg-danger-bg text-danger'}`}
        >
          <p className="font-medium">{result.message}</p>
          {result.user ? (
            <dl className="text-fg mt-2 grid grid-cols-[8rem_1fr] gap-1">
              <dt className="text-muted">DN</dt>
              <dd className="break-all">{result.user.dn}</dd>
              <dt className="text-muted">Groups</dt>
              <dd className="break-all">{result.user.groups.join('; ') || '—'}</dd>
              <dt className="text-muted">Admin</dt>
              <dd>{result.user.admin ? 'yes (admin group)' : 'no'}</dd>
              <dt className="text-muted">Projects</dt>
              <dd>
                {result.user.projectRoles.map((p) => `${p.project}: ${p.role}`).join(', ') ||
                  'none through groups'}
              </dd>
            </dl>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
