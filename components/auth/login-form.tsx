'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn('credentials', {
        redirect: false,
        username: String(form.get('username') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      if (!result || result.error) {
        setError(
          result?.error && result.error !== 'CredentialsSignin'
            ? result.error
            : 'Invalid username or password',
        );
        setPending(false);
        return;
      }
      // Checked again here: this component may be given any value.
      router.replace(safeRedirectPath(callbackUrl));
      router.refresh();
    } catch {
      setError('Wharf cannot be reached. Check your connection and try again.');
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field id="username" name="username" label="Username" autoComplete="username" required autoFocus />
      <Field
        id="password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      <div id="login-error" role="alert" aria-live="assertive" className="text-danger min-h-5 text-sm">
        {error}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
