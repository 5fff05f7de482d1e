'use client';
import { signOut } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { NewPasswordFields } from '@/components/account/new-password-fields';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError, FormIntro, FormStatus, SectionForm } from '@/components/ui/form';
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
    <SectionForm
      id="change-password"
      title="Change password"
      onSubmit={onSubmit}
      intro={
        <FormIntro>
          Every session, including this one, and every docker login ends; you sign in again with the new
          password.
        </FormIntro>
      }
    >
      <Field
        id="current-password"
        name="currentPassword"
        type="password"
        label="Current password"
        autoComplete="current-password"
        error={errors.current}
      />
      <NewPasswordFields ids={['new-password', 'confirm-password']} errors={errors} />
      <FormError>{errors.form}</FormError>
      <FormStatus>{done ? 'Password changed. Signing you out…' : ''}</FormStatus>
      <div>
        <Button type="submit" disabled={change.isPending || done}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </Button>
      </div>
    </SectionForm>
  );
}
