// Directory entries as Wharf reads them: the user entry found by LDAP_USER_FILTER, its groups
// (memberOf and member/uniqueMember searches), and the LdapUser made of them.
import type { Entry, SearchOptions, SearchResult } from 'ldapts';
import type { LdapConfig } from '@/lib/ldap/config';
import { escapeFilterValue, normalizeDn } from '@/lib/ldap/dn';
import { LdapError } from '@/lib/ldap/errors';
import { log } from '@/lib/log';

/** A search on one connection (the service connection or a user's own). */
export type Search = (base: string, options: SearchOptions) => Promise<SearchResult>;

/** Attributes whose value changes when a password changes, best first (see LdapUser.stamp). */
const STAMP_ATTRIBUTES = ['pwdChangedTime', 'pwdLastSet', 'entryCSN', 'modifyTimestamp'] as const;

/** A directory user. `groups` are normalized DNs (see normalizeDn). */
export type LdapUser = {
  dn: string;
  username: string;
  email: string | null;
  displayName: string | null;
  groups: string[];
  isAdmin: boolean;
  /**
   * Changes when the password changes: pwdChangedTime (OpenLDAP ppolicy), pwdLastSet (Active
   * Directory), else the entry's entryCSN / modifyTimestamp (any change of the entry counts).
   */
  stamp: string | null;
};
export type LdapDirectoryUser = Omit<LdapUser, 'groups' | 'isAdmin' | 'stamp'>;
export type LdapGroup = { dn: string; name: string };

export function userAttributes({ usernameAttr, emailAttr, displayNameAttr }: LdapConfig): string[] {
  return [...new Set([usernameAttr, emailAttr, displayNameAttr, 'memberOf', ...STAMP_ATTRIBUTES])];
}

/** The user's one entry under LDAP_BASE_DN; user_not_found or ambiguous otherwise. */
export async function findUserEntry(config: LdapConfig, search: Search, username: string): Promise<Entry> {
  // sizeLimit 2: enough to tell "exactly one" from "ambiguous" without listing a directory.
  const { searchEntries } = await search(config.baseDn, {
    scope: 'sub',
    filter: config.userFilter.replaceAll('{username}', escapeFilterValue(username)),
    attributes: userAttributes(config),
    sizeLimit: 2,
  });
  if (searchEntries.length === 0) throw new LdapError('user_not_found');
  if (searchEntries.length > 1) {
    // The user only sees "invalid credentials"; the administrator must hear about it.
    log.warn('LDAP user filter matches more than one entry', {
      username,
      dns: searchEntries.map((e) => e.dn),
    });
    throw new LdapError('ambiguous', `more than one entry for "${username}"`);
  }
  return searchEntries[0]!;
}

/** memberOf of the entry (AD, OpenLDAP memberof overlay) plus groups listing the DN as member/uniqueMember. */
export async function groupsOf(config: LdapConfig, search: Search, entry: Entry): Promise<string[]> {
  const groups = new Set(memberOf(entry));
  if (config.groupBaseDn) {
    const dn = escapeFilterValue(entry.dn);
    const filter = `(&${config.groupFilter}(|(member=${dn})(uniqueMember=${dn})))`;
    const { searchEntries } = await search(config.groupBaseDn, {
      scope: 'sub',
      filter,
      attributes: ['1.1'],
      sizeLimit: 5000,
    });
    for (const g of searchEntries) groups.add(normalizeDn(g.dn));
  }
  return [...groups].sort();
}

/** The groups the entry itself names (memberOf), normalized. */
export function memberOf(entry: Entry): string[] {
  return values(entry, 'memberOf').map(normalizeDn);
}

export function toUser(config: LdapConfig, entry: Entry, groups: string[], fallbackName: string): LdapUser {
  const admin = config.adminGroupDn ? normalizeDn(config.adminGroupDn) : null;
  const stampAttr = STAMP_ATTRIBUTES.find((a) => first(entry, a));
  return {
    stamp: stampAttr ? `${stampAttr}:${first(entry, stampAttr)}`.slice(0, 128) : null,
    dn: entry.dn,
    // Wharf usernames are case-insensitive and stored lower-case; the directory's spelling wins over the typed one.
    username: (first(entry, config.usernameAttr) ?? fallbackName).toLowerCase(),
    email: first(entry, config.emailAttr),
    displayName: first(entry, config.displayNameAttr),
    groups,
    isAdmin: admin !== null && groups.includes(admin),
  };
}

/** All values of an attribute, whatever case the server used for its name. */
function values(entry: Entry, attr: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attr.toLowerCase());
  const v = key === undefined ? undefined : entry[key];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

export function first(entry: Entry, attr: string): string | null {
  return values(entry, attr)[0] ?? null;
}
