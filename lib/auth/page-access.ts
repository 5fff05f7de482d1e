// Access checks for pages (server components); the API's are in lib/auth/actor.ts.
import 'server-only';
import { forbidden } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import type { PublicUser } from '@/lib/users/queries';

/** The signed-in system administrator; anyone else signed in gets the 403 page (signed-out: /login). */
export async function requireAdminPage(): Promise<PublicUser> {
  const user = await requireUser();
  if (!user.isAdmin) forbidden();
  return user;
}
