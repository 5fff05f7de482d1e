'use client';
// Administration's "Test …" buttons: each asks the server on demand, so a mutation-style hook.
import { useMutation } from '@tanstack/react-query';
import type { LdapTestResult } from '@/lib/ldap/diagnostics';
import type { DiscoveryResult } from '@/lib/oidc/diagnostics';
import { ApiError, apiFetch } from '@/lib/query/api-client';

export type { DiscoveryResult };

/** What "Test user" finds; the server's result types it loosely (`user: unknown`). */
export type LdapTestUser = {
  dn: string;
  groups: string[];
  admin: boolean;
  projectRoles: Array<{ project: string; role: string }>;
};
export type LdapTest = Omit<LdapTestResult, 'user'> & { user?: LdapTestUser };

type Outcome = { ok: boolean; message: string };

/**
 * A test run: `result` is the server's answer, or, when the request itself failed, a failed
 * result that says why (the box shows both the same way).
 */
function useDiagnostic<I, R extends Outcome>(url: string, body: (input: I) => object) {
  const run = useMutation({
    mutationFn: (input: I) => apiFetch<R>(url, { method: 'POST', body: body(input) }),
  });
  const failure: (Outcome & Partial<R>) | null = run.error
    ? ({
        ok: false,
        message: run.error instanceof ApiError ? run.error.message : 'The test could not run',
      } as Outcome & Partial<R>)
    : null;
  const result: (Outcome & Partial<R>) | null = run.data ?? failure;
  return { run: run.mutate, pending: run.isPending, result };
}

/** POST /api/v1/system/ldap: the connection, or a user with `username`. */
export function useLdapTest() {
  return useDiagnostic<string | undefined, LdapTest>('/api/v1/system/ldap', (username) =>
    username ? { username } : {},
  );
}

/** POST /api/v1/system/oidc: the provider's discovery document. */
export function useOidcTest() {
  return useDiagnostic<void, DiscoveryResult>('/api/v1/system/oidc', () => ({}));
}
