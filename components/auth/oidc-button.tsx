'use client';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';

/** Signs in through the OpenID Connect provider (the browser goes there and comes back). */
export function OidcButton({ label, callbackUrl }: { label: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn('oidc', { callbackUrl: safeRedirectPath(callbackUrl) }).catch(() => setPending(false));
      }}
    >
      {pending ? 'Redirecting…' : `Sign in with ${label}`}
    </Button>
  );
}
