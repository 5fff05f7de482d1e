'use client';
import { signOut } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password-policy';
import { ApiError, errorMessage } from '@/lib/query/api-client';
import { useChangeOwnPassword } from '@/lib/query/use-users';

type Errors = { current?: string; password?: string; confirm?: string; form?: string };

/**
 * Change your own password. The server ends every session of the user when it changes, so on
 * success this one is signed out too and the login page says why.
 */
export function ChangePasswordForm() {
  const change = useChangeOwnPassword();
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const current = String(form.get('currentPassword') ?? '');
    const password = String(form.get('newPassword') ?? '');
    const confirm = String(form.get('confirmPassword') ?? '');
    const local: Errors = {
      current: current ? undefined : 'Enter your current password.',
      password:
        password.length < PASSWORD_MIN_LENGTH
          ? `Use at least ${PASSWORD_MIN_LENGTH} characters.`
          : password === current
            ? 'Choose a password different from the current one.'
            : undefined,
      confirm: confirm === password ? undefined : 'The two new passwords differ.',
    };
    setErrors(local);
    if (local.current || local.password || local.confirm) return;
    change.mutate(
      { currentPassword: current, password },
      {
        onSuccess: () => {
          setDone(true);
          void signOut({ callbackUrl: '/login?notice=password-changed' });
        },
        onError: (err) => {
          const apiErr = err instanceof ApiError ? err : null;
          if (apiErr?.fieldError('currentPassword')) setErrors({ current: errorMessage(err) });
          else if (apiErr?.fieldError('password')) setErrors({ password: errorMessage(err) });
          else setErrors({ form: errorMessage(err) });
        },
      },
    );
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="change-password-title"
      className="flex flex-col gap-4"
    >
      <div>
        <h2 id="change-password-title" className="text-base font-semibold">
          Change password
        </h2>
        <p className="text-muted mt-1 text-sm">
          Every session, including this one, and every docker login ends; you sign in again with the new
          password.
        </p>
      </div>
      <Field
        id="current-password"
        name="currentPassword"
        type="password"
        label="Current password"
        autoComplete="current-password"
        error={errors.current}
      />
      <Field
        id="new-password"
        name="newPassword"
        type="password"
        label="New password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password}
      />
      <Field
        id="confirm-password"
        name="confirmPassword"
        type="password"
        label="Repeat the new password"
        autoComplete="new-password"
        error={errors.confirm}
      />
      <div role="alert" aria-live="assertive" className="text-danger text-sm empty:hidden">
        {errors.form}
      </div>
      <p role="status" className="text-success text-sm empty:hidden">
        {done ? 'Password changed. Signing you out…' : ''}
      </p>
      <div>
        <Button type="submit" disabled={change.isPending || done}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </Button>
      </div>
    </form>
  );
}
