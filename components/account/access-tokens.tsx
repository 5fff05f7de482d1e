'use client';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { FormError, SecretNotice } from '@/components/ui/form';
import { formatDate } from '@/lib/format';
import { ApiError } from '@/lib/query/api-client';
import {
  useDockerLogins,
  useRevokeDockerLogin,
  useTokenMutations,
  useTokens,
} from '@/lib/query/use-credentials';

/** Account → Access tokens: create (shown once), list, revoke. */
export function AccessTokens() {
  const tokens = useTokens();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { create, revoke } = useTokenMutations();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const days = String(form.get('expiresInDays') ?? '90');
    setError(null);
    try {
      const res = await create.mutateAsync({
        name: String(form.get('name') ?? ''),
        expiresInDays: days === 'never' ? null : Number(days),
        readOnly: form.get('readOnly') === 'on',
      });
      setCreated(res.token);
      (e.target as HTMLFormElement).reset();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create the token');
    }
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Access tokens</h2>
      <p className="text-muted mt-1 text-sm">
        Use a token as the password for docker login, podman or CI instead of your own password. A read-only
        token can only pull.
      </p>
      <form
        onSubmit={(e) => void onSubmit(e)}
        className="mt-4 grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
      >
        <Field
          id="token-name"
          name="name"
          label="Token name"
          required
          maxLength={64}
          placeholder="ci-laptop"
        />
        <div className="flex flex-col gap-1.5">
          <label htmlFor="token-expiry" className="text-sm font-medium">
            Expires
          </label>
          <select
            id="token-expiry"
            name="expiresInDays"
            defaultValue="90"
            className="border-border bg-surface rounded-md border px-3 py-2 text-sm"
          >
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="never">never</option>
          </select>
        </div>
        <Button type="submit" disabled={create.isPending}>
          Create token
        </Button>
        <label className="flex items-center gap-2 text-sm sm:col-span-3">
          <input type="checkbox" name="readOnly" /> Read-only (pull only)
        </label>
      </form>
      <FormError className="mt-2">{error}</FormError>
      {created ? (
        <SecretNotice
          className="mt-4"
          message="Copy the token now: it is not shown again."
          label="New access token"
          value={created}
        />
      ) : null}
      <ul className="divide-border mt-4 divide-y text-sm" aria-label="Access tokens">
        {tokens.data?.length === 0 ? <li className="text-muted py-2">No tokens yet.</li> : null}
        {tokens.data?.map((t) => (
          <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <strong>{t.name}</strong> <code className="text-muted text-xs">{t.prefix}…</code>{' '}
              {t.readOnly ? <span className="text-muted text-xs">(read-only)</span> : null}
              <span className="text-muted block text-xs">
                expires {t.expiresAt ? formatDate(t.expiresAt) : 'never'} · last used{' '}
                {formatDate(t.lastUsedAt)}
              </span>
            </span>
            <Button
              variant="secondary"
              onClick={() => revoke.mutate(t.id)}
              aria-label={`Revoke token ${t.name}`}
            >
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** What a docker login was made with, in words ("token ci-pull (read-only)"). */
function loginMethodLabel(l: { method: string; tokenName: string | null; readOnly: boolean }): string {
  if (l.method === 'token') return `token ${l.tokenName ?? ''}${l.readOnly ? ' (read-only)' : ''}`.trim();
  return l.method === 'ldap' ? 'directory password' : 'password';
}

/** Account → Docker logins: the refresh tokens docker login stored, revocable one by one. */
export function DockerLogins() {
  const logins = useDockerLogins();
  const revoke = useRevokeDockerLogin();
  return (
    <Card>
      <h2 className="text-lg font-semibold">Docker logins</h2>
      <p className="text-muted mt-1 text-sm">
        Machines where docker login stored a login for you. Revoking one makes that machine log in again.
      </p>
      <ul className="divide-border mt-3 divide-y text-sm" aria-label="Docker logins">
        {logins.data?.length === 0 ? <li className="text-muted py-2">No active docker logins.</li> : null}
        {logins.data?.map((l) => (
          <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <strong>{l.clientId ?? 'client'}</strong> from {l.sourceIp ?? 'unknown'}{' '}
              <code className="text-muted text-xs">{l.prefix}…</code>{' '}
              <span className="text-muted">· {loginMethodLabel(l)}</span>
              <span className="text-muted block text-xs">
                {l.userAgent ?? ''} · since {formatDate(l.createdAt)} · last used {formatDate(l.lastUsedAt)}
              </span>
            </span>
            <Button
              variant="secondary"
              onClick={() => revoke.mutate(l.id)}
              aria-label={`Revoke docker login ${l.prefix}`}
            >
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
