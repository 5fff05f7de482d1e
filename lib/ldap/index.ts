// LDAP in Wharf: the process's client (from the LDAP_* settings), the Wharf user record of
// a directory user, and their group memberships (cached for LDAP_GROUP_CACHE_TTL).
import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { ldapConfigFromEnv, LdapClient, type LdapUser } from '@/lib/ldap/client';
import { publicUserSelect, type PublicUser } from '@/lib/users/queries';

const g = globalThis as unknown as {
  wharfLdap?: LdapClient | null;
  wharfLdapGroups?: Map<number, { groups: string[]; until: number }>;
};

/** The LDAP client, or null when LDAP_URL is not set. */
export function ldap(): LdapClient | null {
  if (g.wharfLdap === undefined) {
    const config = ldapConfigFromEnv(getEnv());
    g.wharfLdap = config ? new LdapClient(config) : null;
  }
  return g.wharfLdap;
}

const groupCache = () => (g.wharfLdapGroups ??= new Map());

export function rememberGroups(userId: number, groups: string[]): void {
  groupCache().set(userId, { groups, until: Date.now() + getEnv().LDAP_GROUP_CACHE_TTL * 1000 });
}

/**
 * Creates or refreshes the Wharf record of a directory user at sign-in (email, display
 * name, DN; admin when LDAP_ADMIN_GROUP_DN is set). A local user of the same name is never
 * taken over: null then. A user disabled in Wharf stays disabled: null too.
 */
export async function upsertLdapUser(
  entry: LdapUser,
  { signIn }: { signIn: boolean },
): Promise<PublicUser | null> {
  const existing = await db.user.findUnique({
    where: { username: entry.username },
    select: { id: true, source: true, disabledAt: true },
  });
  if (existing && existing.source !== 'LDAP') {
    log.warn('LDAP user ignored: a local user has the same name', { username: entry.username });
    return null;
  }
  if (existing?.disabledAt) return null;
  const data = {
    email: entry.email?.slice(0, 254) ?? null,
    displayName: entry.displayName?.slice(0, 128) ?? null,
    ldapDn: entry.dn.slice(0, 1024),
    ...(getEnv().LDAP_ADMIN_GROUP_DN ? { isAdmin: entry.isAdmin } : {}),
    ...(signIn ? { lastLoginAt: new Date() } : {}),
  };
  const user = await db.user.upsert({
    where: { username: entry.username },
    create: { username: entry.username, source: 'LDAP', passwordHash: null, ...data },
    update: data,
    select: publicUserSelect,
  });
  rememberGroups(user.id, entry.groups);
  return user;
}

/** A directory user's groups for sessions (cached; the last known list if the directory is down). */
export async function groupsForUser(user: PublicUser & { ldapDn?: string | null }): Promise<string[]> {
  if (user.source !== 'LDAP') return [];
  const client = ldap();
  const cached = groupCache().get(user.id);
  if (cached && cached.until > Date.now()) return cached.groups;
  if (!client) return [];
  try {
    const dn =
      user.ldapDn ?? (await db.user.findUnique({ where: { id: user.id }, select: { ldapDn: true } }))?.ldapDn;
    if (!dn) return [];
    const groups = await client.groupsOfDn(dn);
    rememberGroups(user.id, groups);
    return groups;
  } catch (err) {
    log.warn('LDAP groups unavailable; using the last known ones', { username: user.username, err });
    return cached?.groups ?? [];
  }
}
