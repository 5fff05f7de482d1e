'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFormFooter } from '@/components/ui/dialog';
import { CheckboxField, Field } from '@/components/ui/field';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password-policy';
import { ApiError, errorMessage, toSentence } from '@/lib/query/api-client';
import { useCreateUser } from '@/lib/query/use-users';

type FieldName = 'username' | 'displayName' | 'email' | 'password';
type Errors = Partial<Record<FieldName | 'form', string>>;

/** "New user": creates a local account (LDAP users appear on their first sign-in). */
export function CreateUserButton() {
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState('');
  return (
    <div className="flex items-center gap-3">
      <p role="status" className="text-success text-sm empty:hidden">
        {notice}
      </p>
      <Button
        onClick={() => {
          setNotice('');
          setOpen(true);
        }}
      >
        New user
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New user"
        description="A local account that signs in with a username and password."
      >
        <CreateUserForm
          onCancel={() => setOpen(false)}
          onCreated={(username) => {
            setOpen(false);
            setNotice(`Created ${username}.`);
          }}
        />
      </Dialog>
    </div>
  );
}

function CreateUserForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (username: string) => void;
}) {
  const router = useRouter();
  const create = useCreateUser();
  const [errors, setErrors] = useState<Errors>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? '').trim();
    const password = String(form.get('password') ?? '');
    const local: Errors = {
      username: text('username') ? undefined : 'Enter a username.',
      password:
        password.length >= PASSWORD_MIN_LENGTH
          ? undefined
          : `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    };
    setErrors(local);
    if (local.username || local.password) return;
    create.mutate(
      {
        username: text('username'),
        password,
        admin: form.get('admin') === 'on',
        // Optional fields are left out rather than sent empty.
        ...(text('email') ? { email: text('email') } : {}),
        ...(text('displayName') ? { displayName: text('displayName') } : {}),
      },
      {
        onSuccess: (user) => {
          onCreated(user.username);
          router.refresh();
        },
        onError: (err) => {
          const apiErr = err instanceof ApiError ? err : null;
          const fieldErrors: Errors = {};
          for (const name of ['username', 'displayName', 'email', 'password'] as const) {
            const message = apiErr?.fieldError(name);
            if (message) fieldErrors[name] = toSentence(message);
          }
          if (apiErr?.code === 'conflict') fieldErrors.username = errorMessage(err);
          setErrors(Object.keys(fieldErrors).length ? fieldErrors : { form: errorMessage(err) });
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field
        id="user-username"
        name="username"
        label="Username"
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        error={errors.username}
        hint="Letters, digits, “.”, “_” and “-”; stored in lower case."
        required
        autoFocus
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="user-display-name"
          name="displayName"
          label="Display name (optional)"
          maxLength={128}
          error={errors.displayName}
        />
        <Field
          id="user-email"
          name="email"
          type="email"
          label="Email (optional)"
          maxLength={254}
          error={errors.email}
        />
      </div>
      <Field
        id="user-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        error={errors.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. The user can change it on their Account page.`}
        required
      />
      <CheckboxField
        id="user-admin"
        name="admin"
        label="System administrator"
        hint="Administrators can do everything: every project, every user and the settings."
      />
      <DialogFormFooter
        error={errors.form}
        pending={create.isPending}
        submitLabel="Create user"
        pendingLabel="Creating…"
        onCancel={onCancel}
      />
    </form>
  );
}
