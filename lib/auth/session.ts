// The signed-in user of a page or request. The session cookie (next-auth's encrypted JWT)
// names a server-side session (lib/auth/sessions.ts); the credential module resolves it to a
// principal on each request, so sign-out, disable, password change and directory changes take
// effect at once (directory changes within LDAP_REVALIDATE_INTERVAL).
import 'server-only';
import { getToken } from 'next-auth/jwt';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { resolveSession } from '@/lib/auth/credentials';
import { ANONYMOUS, type Actor, type UserActor } from '@/lib/auth/actor';
import type { PublicUser } from '@/lib/users/queries';
import { clientIp } from '@/lib/http';

/** Read once per page render (the layout and the page both ask); route handlers read it per call. */
export const getCurrentActor = cache(async (): Promise<UserActor | null> => {
  // The session id stays inside the encrypted cookie: read it here, never hand it to the browser.
  // Only the cookie jar: getToken would also take an `Authorization: Bearer` header as a session.
  const jar = await cookies();
  const token = await getToken({
    req: { cookies: jar, headers: {} } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: process.env.NEXTAUTH_SECRET,
  });
  const actor = typeof token?.sid === 'string' ? await resolveSession(token.sid) : null;
  return actor ? { ...actor, ip: await requestIp() } : null;
});

/** The client address of the page's request (the network rules of lib/permissions.ts). */
const requestIp = cache(async () => clientIp(await headers()));

export async function getCurrentUser(): Promise<PublicUser | null> {
  return (await getCurrentActor())?.user ?? null;
}

export async function requireUser(): Promise<PublicUser> {
  return (await requireActor()).user;
}

/** The signed-in user as an Actor for lib calls from pages (redirects to /login when signed out). */
export async function requireActor(): Promise<UserActor> {
  const actor = await getCurrentActor();
  if (!actor) redirect('/login');
  return actor;
}

/** The visitor of a page anonymous visitors may see too (public projects): the user, or anonymous. */
export async function getPageActor(): Promise<Actor> {
  return (await getCurrentActor()) ?? { ...ANONYMOUS, ip: await requestIp() };
}
