// Directory users who never signed in: found by the member typeahead, and given a Wharf
// record when added to a project (Harbor #16694, Portus #1295).
import 'server-only';
import { ldap, LdapError, upsertLdapUser, type LdapGroup } from '@/lib/ldap';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { getUserByUsername, type PublicUser } from '@/lib/users/queries';

export type DirectoryMatch = {
  username: string;
  displayName: string | null;
  source: 'ldap';
  directoryOnly: true;
};

/**
 * Directory users matching `q` who have no Wharf record yet (empty when LDAP is off or down).
 * Only admins match on email (`byEmail`), as in the Wharf user search.
 */
export async function searchDirectoryUsers(
  q: string,
  known: ReadonlySet<string>,
  { limit, byEmail }: { limit: number; byEmail: boolean },
): Promise<DirectoryMatch[]> {
  const client = ldap();
  if (!client || !q) return [];
  try {
    const found = await client.searchUsers(q, limit, { byEmail });
    return found
      .filter((u) => u.username && !known.has(u.username))
      .map((u) => ({
        username: u.username,
        displayName: u.displayName,
        source: 'ldap',
        directoryOnly: true,
      }));
  } catch (err) {
    log.warn('directory search failed', { error: (err as Error).message });
    return [];
  }
}

/** Directory groups whose name starts with `q`, for adding a group as a member (empty when LDAP is off). */
export async function searchDirectoryGroups(q: string): Promise<LdapGroup[]> {
  const client = ldap();
  if (!client) return [];
  try {
    return await client.searchGroups(q, 20);
  } catch (err) {
    if (LdapError.is(err)) throw new AppError('unavailable', `directory search failed: ${err.message}`);
    throw err;
  }
}

/** Said when the directory is needed and cannot be used (503), never "the database". */
export const DIRECTORY_UNAVAILABLE =
  'The directory (LDAP) cannot be reached, so directory users cannot be looked up right now; try again shortly.';

/** The Wharf user of that name, creating it from the directory if it exists only there. */
export async function findOrCreateUser(username: string): Promise<PublicUser | null> {
  const existing = await getUserByUsername(username);
  if (existing) return existing;
  const client = ldap();
  if (!client) return null;
  try {
    return await upsertLdapUser(await client.lookupUser(username), { signIn: false });
  } catch (err) {
    if (LdapError.is(err) && !err.isOutage) return null;
    if (LdapError.is(err)) {
      log.warn('directory unavailable for a user lookup', { error: err.message });
      throw new AppError('unavailable', DIRECTORY_UNAVAILABLE);
    }
    throw err;
  }
}
