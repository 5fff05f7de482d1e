'use client';
import { signOut } from 'next-auth/react';
import { Button } from '@/components/ui/button';

/** Ends the Wharf session; single sign-on users then go on to the provider's sign-out. */
export function SignOutButton({ viaProvider = false }: { viaProvider?: boolean }) {
  async function onClick() {
    if (!viaProvider) return signOut({ callbackUrl: '/login' });
    await signOut({ redirect: false });
    // A route handler (a redirect to the provider), not a page: a full navigation.
    window.location.assign(new URL('/api/auth/oidc-logout', window.location.origin));
  }
  return (
    <Button variant="secondary" onClick={() => void onClick()}>
      Sign out
    </Button>
  );
}
