import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { OidcButton } from '@/components/auth/oidc-button';
import { Alert } from '@/components/ui/card';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import { getCurrentUser } from '@/lib/auth/session';
import { oidcSettings } from '@/lib/oidc';
import { signInErrorMessage } from '@/lib/oidc/errors';

export const metadata: Metadata = { title: 'Sign in' };

// Why the user landed here; a fixed set, so the URL cannot put arbitrary text on the page.
const NOTICES = new Map<string, string>([
  [
    'password-changed',
    'Your password was changed and every session was signed out. Sign in with the new password.',
  ],
]);

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{
    callbackUrl?: string | string[];
    notice?: string | string[];
    error?: string | string[];
  }>;
}) {
  const { callbackUrl, notice, error } = await searchParams;
  const noticeText = typeof notice === 'string' ? NOTICES.get(notice) : undefined;
  // Set by next-auth and the OIDC sign-in (lib/oidc/errors.ts): a fixed set of texts.
  const errorText = signInErrorMessage(typeof error === 'string' ? error : undefined);
  const oidc = oidcSettings();
  // A same-origin path only: never send the browser to another host after sign-in.
  const target = safeRedirectPath(callbackUrl);
  const user = await getCurrentUser().catch(() => null);
  if (user) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <WharfMark />
          <span className="text-2xl font-semibold tracking-tight">Wharf</span>
        </div>
        <div className="border-border bg-surface rounded-lg border p-6 shadow-sm">
          <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
          {noticeText ? (
            <div className="mb-4">
              <Alert kind="success">{noticeText}</Alert>
            </div>
          ) : null}
          {errorText ? (
            <div className="mb-4" data-testid="sign-in-error">
              <Alert kind="error">{errorText}</Alert>
            </div>
          ) : null}
          <LoginForm callbackUrl={target} />
          {oidc ? (
            <div className="mt-4 flex flex-col gap-3">
              <div className="text-muted flex items-center gap-2 text-xs">
                <span className="border-border flex-1 border-t" />
                or
                <span className="border-border flex-1 border-t" />
              </div>
              <OidcButton label={oidc.name} callbackUrl={target} />
            </div>
          ) : null}
        </div>
      </div>
    </main>
  );
}

function WharfMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className="text-primary h-8 w-8" fill="currentColor">
      <rect x="4" y="18" width="24" height="4" rx="1" />
      <rect x="7" y="10" width="7" height="7" rx="1" />
      <rect x="16" y="6" width="9" height="11" rx="1" />
      <rect x="6" y="23" width="2" height="6" />
      <rect x="24" y="23" width="2" height="6" />
    </svg>
  );
}
