// The signed-in user of a page or request. The JWT cookie only names the user: the user
// row is read on each request so that disabling a user or changing a password takes
// effect at once.
import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { authOptions } from '@/lib/auth/options';
import { getUserById, type PublicUser } from '@/lib/users/queries';
import { userActor, type Actor } from '@/lib/auth/actor';
import { groupsForUser } from '@/lib/ldap';

/** Read once per page render (the layout and the page both ask); route handlers read it per call. */
export const getCurrentUser = cache(async (): Promise<PublicUser | null> => {
  const session = (await getServerSession(authOptions())) as { uid?: number; authAt?: number } | null;
  if (!session?.uid) return null;
  const user = await getUserById(session.uid);
  if (!user || user.disabledAt) return null;
  // Sessions from before the last password change or disable are no longer valid.
  if (session.authAt && session.authAt < user.credentialsChangedAt.getTime() - 1000) return null;
  return user;
});

export async function requireUser(): Promise<PublicUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}

export async function requireAdmin(): Promise<PublicUser> {
  const user = await requireUser();
  if (!user.isAdmin) redirect('/projects');
  return user;
}

/** The signed-in user as an Actor for lib calls from pages (redirects to /login when signed out). */
export async function requireActor(): Promise<Actor> {
  const user = await requireUser();
  return userActor(user, await groupsForUser(user));
}
