// LDAP in Wharf: the process's client (from the LDAP_* settings), the Wharf user record of a
// directory user, and its revalidation. The user row holds what the directory said last
// (groups, admin, password stamp, when): every credential kind reads a directory user's groups
// from there, and a row older than LDAP_REVALIDATE_INTERVAL is re-read before it is trusted.
import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { endUserCredentials } from '@/lib/auth/revoke';
import { LdapClient } from '@/lib/ldap/client';
import { ldapConfigFromEnv } from '@/lib/ldap/config';
import type { LdapUser } from '@/lib/ldap/entries';
import { LdapError } from '@/lib/ldap/errors';

// The public entry: what the rest of Wharf uses from lib/ldap.
export { LdapError } from '@/lib/ldap/errors';
export { normalizeDn } from '@/lib/ldap/dn';
export type { LdapGroup, LdapUser } from '@/lib/ldap/entries';
import { publicUserSelect, type PublicUser } from '@/lib/users/queries';

const g = globalThis as unknown as { wharfLdap?: LdapClient | null };

/** The LDAP client, or null when LDAP_URL is not set. */
export function ldap(): LdapClient | null {
  if (g.wharfLdap === undefined) {
    const config = ldapConfigFromEnv(getEnv());
    g.wharfLdap = config ? new LdapClient(config) : null;
  }
  return g.wharfLdap;
}

export const DIRECTORY_UNAVAILABLE =
  'Sign-in is unavailable right now: the directory (LDAP) cannot be reached.';

/** What the directory says about a user, as stored on the user row. */
function directoryFields(entry: LdapUser) {
  return {
    email: entry.email?.slice(0, 254) ?? null,
    displayName: entry.displayName?.slice(0, 128) ?? null,
    ldapDn: entry.dn.slice(0, 1024),
    ldapGroups: entry.groups.map((dn) => dn.toLowerCase()),
    ldapStamp: entry.stamp,
    ldapSyncedAt: new Date(),
    ...(getEnv().LDAP_ADMIN_GROUP_DN ? { isAdmin: entry.isAdmin } : {}),
  };
}

/** The directory changed the password since Wharf last looked: everything minted before dies. */
function passwordChanged(stored: string | null | undefined, entry: LdapUser): boolean {
  return !!stored && stored !== entry.stamp;
}

/**
 * Creates or refreshes the Wharf record of a directory user at sign-in (email, display
 * name, DN, groups; admin when LDAP_ADMIN_GROUP_DN is set). A local user of the same name is
 * never taken over: null then. A user disabled in Wharf stays disabled: null too.
 */
export async function upsertLdapUser(
  entry: LdapUser,
  { signIn }: { signIn: boolean },
): Promise<PublicUser | null> {
  const existing = await db.user.findUnique({
    where: { username: entry.username },
    select: { id: true, source: true, disabledAt: true, ldapStamp: true },
  });
  if (existing && existing.source !== 'LDAP') {
    log.warn('LDAP user ignored: a local user has the same name', { username: entry.username });
    return null;
  }
  if (existing?.disabledAt) return null;
  if (existing && passwordChanged(existing.ldapStamp, entry)) {
    log.info('directory password changed: ending older sessions and docker logins', {
      username: entry.username,
    });
    await endUserCredentials(existing.id);
  }
  const data = { ...directoryFields(entry), ...(signIn ? { lastLoginAt: new Date() } : {}) };
  return db.user.upsert({
    where: { username: entry.username },
    create: { username: entry.username, source: 'LDAP', passwordHash: null, ...data },
    update: data,
    select: publicUserSelect,
  });
}

const inflight = new Map<number, Promise<PublicUser | null>>();

async function revalidate(user: PublicUser, client: LdapClient): Promise<PublicUser | null> {
  let entry: LdapUser | null;
  try {
    entry = user.ldapDn ? await client.readUserByDn(user.ldapDn, user.username) : null;
  } catch (err) {
    if (LdapError.is(err)) {
      log.error('LDAP unavailable for revalidation', { username: user.username, error: err.message });
      throw new AppError('unavailable', DIRECTORY_UNAVAILABLE);
    }
    throw err;
  }
  if (!entry || entry.username !== user.username) {
    // Gone from the directory (or renamed): every session and docker login ends now; each
    // further use asks the directory again, so a user who comes back can sign in again.
    log.info('directory user gone: ending their sessions and docker logins', { username: user.username });
    await endUserCredentials(user.id);
    return null;
  }
  if (passwordChanged(user.ldapStamp, entry)) {
    log.info('directory password changed: ending sessions and docker logins', { username: user.username });
    await endUserCredentials(user.id);
    await db.user.update({ where: { id: user.id }, data: directoryFields(entry) });
    return null;
  }
  return db.user.update({ where: { id: user.id }, data: directoryFields(entry), select: publicUserSelect });
}

/** A directory user whose record is older than LDAP_REVALIDATE_INTERVAL (to be re-read). */
export function isDirectoryStale(user: PublicUser): boolean {
  if (user.source !== 'LDAP') return false;
  const maxAgeMs = getEnv().LDAP_REVALIDATE_INTERVAL * 1000;
  return !user.ldapSyncedAt || Date.now() - user.ldapSyncedAt.getTime() >= maxAgeMs;
}

/**
 * The user as the directory has them now, for any credential of a directory user: the row
 * itself while it is younger than LDAP_REVALIDATE_INTERVAL, otherwise re-read (groups, admin,
 * password stamp). Null when the user is gone from the directory or their password changed
 * (their sessions and refresh tokens are ended then). Throws `unavailable` when the directory
 * cannot be reached: a stale principal is never trusted.
 */
export async function ensureDirectoryFresh(user: PublicUser): Promise<PublicUser | null> {
  if (!isDirectoryStale(user)) return user;
  const client = ldap();
  if (!client) throw new AppError('unavailable', 'LDAP is not configured: directory users cannot sign in.');
  let pending = inflight.get(user.id);
  if (!pending) {
    pending = revalidate(user, client).finally(() => inflight.delete(user.id));
    inflight.set(user.id, pending);
  }
  return pending;
}
