import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { Alert } from '@/components/ui/card';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';
import { getCurrentUser } from '@/lib/auth/session';

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
  searchParams: Promise<{ callbackUrl?: string | string[]; notice?: string | string[] }>;
}) {
  const { callbackUrl, notice } = await searchParams;
  const noticeText = typeof notice === 'string' ? NOTICES.get(notice) : undefined;
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
          <LoginForm callbackUrl={target} />
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
