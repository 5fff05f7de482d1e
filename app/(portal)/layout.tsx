import type { ReactNode } from 'react';
import { AppShell } from '@/components/layout/app-shell';
import { getCurrentUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// Signed-out visitors see public projects; pages that need a user ask for sign-in themselves.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return <AppShell user={user}>{children}</AppShell>;
}
