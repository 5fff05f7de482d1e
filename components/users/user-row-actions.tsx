'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { NewPasswordFields } from '@/components/account/new-password-fields';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions, DialogFormFooter } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form';
import { Menu, type MenuItem } from '@/components/ui/menu';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password-policy';
import { errorMessage } from '@/lib/query/api-client';
import { useUpdateUser, type UserChange } from '@/lib/query/use-users';

type UserRowActionsProps = {
  username: string;
  isAdmin: boolean;
  isDisabled: boolean;
  isLocal: boolean;
  isSelf: boolean;
};

type Action = {
  title: string;
  description: string;
  confirm: string;
  change: UserChange;
  danger?: boolean;
};

/** The "…" menu of a user row; every change is confirmed in a dialog that also shows refusals. */
export function UserRowActions({ username, isAdmin, isDisabled, isLocal, isSelf }: UserRowActionsProps) {
  const [action, setAction] = useState<Action | null>(null);
  const [resetting, setResetting] = useState(false);
  const [notice, setNotice] = useState('');

  if (isSelf) {
    return (
      <Link href="/account" className="text-primary text-sm whitespace-nowrap hover:underline">
        Account
      </Link>
    );
  }

  const items: MenuItem[] = [
    isDisabled
      ? {
          label: 'Enable',
          onSelect: () =>
            setAction({
              title: `Enable ${username}?`,
              description: `${username} can sign in and use docker login again.`,
              confirm: 'Enable user',
              change: { disabled: false },
            }),
        }
      : {
          label: 'Disable',
          danger: true,
          onSelect: () =>
            setAction({
              title: `Disable ${username}?`,
              description: `${username} is signed out everywhere at once and cannot sign in or use docker login until enabled again. Their memberships stay.`,
              confirm: 'Disable user',
              change: { disabled: true },
              danger: true,
            }),
        },
    isAdmin
      ? {
          label: 'Remove admin',
          onSelect: () =>
            setAction({
              title: `Remove ${username} as administrator?`,
              description: `${username} keeps their project roles but can no longer manage users, settings or projects they are not a member of.`,
              confirm: 'Remove admin',
              change: { admin: false },
            }),
        }
      : {
          label: 'Make admin',
          onSelect: () =>
            setAction({
              title: `Make ${username} a system administrator?`,
              description: `System administrators can do everything in Wharf: every project, every user and the settings.`,
              confirm: 'Make admin',
              change: { admin: true },
            }),
        },
    ...(isLocal
      ? [
          {
            label: 'Reset password…',
            onSelect: () => {
              setNotice('');
              setResetting(true);
            },
          },
        ]
      : []),
  ];

  return (
    <div className="flex items-center justify-end gap-2">
      <span role="status" className="text-success text-xs whitespace-nowrap empty:hidden">
        {notice}
      </span>
      <Menu label={`Actions for ${username}`} items={items} />
      <Dialog
        open={action !== null}
        onClose={() => setAction(null)}
        title={action?.title ?? ''}
        description={action?.description}
      >
        {action ? <ConfirmChange username={username} action={action} onDone={() => setAction(null)} /> : null}
      </Dialog>
      <Dialog
        open={resetting}
        onClose={() => setResetting(false)}
        title={`Reset the password of ${username}`}
        description="Their sessions and docker logins end at once. Tell them the new password; they can change it on their Account page."
      >
        <ResetPasswordForm
          username={username}
          onCancel={() => setResetting(false)}
          onDone={() => {
            setResetting(false);
            setNotice('Password reset');
          }}
        />
      </Dialog>
    </div>
  );
}

function ConfirmChange({
  username,
  action,
  onDone,
}: {
  username: string;
  action: Action;
  onDone: () => void;
}) {
  const router = useRouter();
  const update = useUpdateUser();
  return (
    <>
      <FormError>{update.error ? errorMessage(update.error) : ''}</FormError>
      <DialogActions>
        <Button variant="secondary" onClick={onDone} autoFocus>
          Cancel
        </Button>
        <Button
          variant={action.danger ? 'danger' : 'primary'}
          disabled={update.isPending}
          onClick={() =>
            update.mutate(
              { username, ...action.change },
              {
                onSuccess: () => {
                  onDone();
                  router.refresh();
                },
              },
            )
          }
        >
          {update.isPending ? 'Saving…' : action.confirm}
        </Button>
      </DialogActions>
    </>
  );
}

type ResetPasswordFormProps = { username: string; onCancel: () => void; onDone: () => void };

function ResetPasswordForm({ username, onCancel, onDone }: ResetPasswordFormProps) {
  const update = useUpdateUser();
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('newPassword') ?? '');
    const next = {
      password:
        password.length < PASSWORD_MIN_LENGTH ? `Use at least ${PASSWORD_MIN_LENGTH} characters.` : undefined,
      confirm: form.get('confirmPassword') !== password ? 'The two passwords differ.' : undefined,
    };
    setErrors(next);
    if (next.password || next.confirm) return;
    update.mutate({ username, password }, { onSuccess: onDone });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <NewPasswordFields ids={['reset-password', 'reset-password-confirm']} errors={errors} autoFocus />
      <DialogFormFooter
        error={update.error ? errorMessage(update.error) : ''}
        pending={update.isPending}
        submitLabel="Reset password"
        pendingLabel="Saving…"
        onCancel={onCancel}
      />
    </form>
  );
}
