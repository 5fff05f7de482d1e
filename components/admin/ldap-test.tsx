'use client';
import { useState, type FormEvent } from 'react';
import { TestResult } from '@/components/admin/test-result';
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
        <TestResult
          ok={result.ok}
          message={result.message}
          details={
            result.user
              ? [
                  ['DN', result.user.dn],
                  ['Groups', result.user.groups.join('; ') || '—'],
                  ['Admin', result.user.admin ? 'yes (admin group)' : 'no'],
                  [
                    'Projects',
                    result.user.projectRoles.map((p) => `${p.project}: ${p.role}`).join(', ') ||
                      'none through groups',
                  ],
                ]
              : undefined
          }
        />
      ) : null}
    </div>
  );
}
