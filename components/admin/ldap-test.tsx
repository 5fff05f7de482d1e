'use client';
import type { FormEvent } from 'react';
import { TestResult } from '@/components/admin/test-result';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useLdapTest } from '@/lib/query/use-system';

/** "Test connection" and "Test user" against the configured directory. */
export function LdapTest() {
  const { run, pending, result } = useLdapTest();

  function onUser(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    run(String(new FormData(e.currentTarget).get('username') ?? ''));
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <Button onClick={() => run(undefined)} disabled={pending}>
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
