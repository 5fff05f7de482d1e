// The LDAP client's settings: read from the validated LDAP_* environment, normalized, and
// checked before any request (a clear message instead of odd results).
import { FilterParser } from 'ldapts';
import type { Env } from '@/lib/env';

export type LdapConfig = {
  url: string;
  bindDn?: string;
  bindPassword?: string;
  /** Where users are searched (sub scope). */
  baseDn: string;
  /** A filter with `{username}`, e.g. `(uid={username})`. */
  userFilter: string;
  /** Direct bind instead of search, e.g. `uid={username},ou=people,dc=example,dc=com`. */
  userDnTemplate?: string;
  usernameAttr: string;
  emailAttr: string;
  displayNameAttr: string;
  /** Where groups are searched by member/uniqueMember; without it only `memberOf` is used. */
  groupBaseDn?: string;
  groupFilter: string;
  adminGroupDn?: string;
  startTls: boolean;
  caFile?: string;
  tlsVerify: boolean;
  /** Connect timeout and per-operation timeout. */
  timeoutMs: number;
};

export type LdapEnv = Pick<
  Env,
  | 'LDAP_URL'
  | 'LDAP_BIND_DN'
  | 'LDAP_BIND_PASSWORD'
  | 'LDAP_BASE_DN'
  | 'LDAP_USER_FILTER'
  | 'LDAP_USER_DN_TEMPLATE'
  | 'LDAP_USERNAME_ATTR'
  | 'LDAP_EMAIL_ATTR'
  | 'LDAP_DISPLAY_NAME_ATTR'
  | 'LDAP_GROUP_BASE_DN'
  | 'LDAP_GROUP_FILTER'
  | 'LDAP_ADMIN_GROUP_DN'
  | 'LDAP_START_TLS'
  | 'LDAP_CA_FILE'
  | 'LDAP_TLS_VERIFY'
  | 'LDAP_TIMEOUT'
>;

/** The client settings from the validated environment; null when LDAP is off (no LDAP_URL). */
export function ldapConfigFromEnv(env: LdapEnv): LdapConfig | null {
  if (!env.LDAP_URL) return null;
  return {
    url: env.LDAP_URL,
    bindDn: env.LDAP_BIND_DN,
    bindPassword: env.LDAP_BIND_PASSWORD,
    baseDn: env.LDAP_BASE_DN ?? '',
    userFilter: env.LDAP_USER_FILTER,
    userDnTemplate: env.LDAP_USER_DN_TEMPLATE,
    usernameAttr: env.LDAP_USERNAME_ATTR,
    emailAttr: env.LDAP_EMAIL_ATTR,
    displayNameAttr: env.LDAP_DISPLAY_NAME_ATTR,
    groupBaseDn: env.LDAP_GROUP_BASE_DN,
    groupFilter: env.LDAP_GROUP_FILTER,
    adminGroupDn: env.LDAP_ADMIN_GROUP_DN,
    startTls: env.LDAP_START_TLS,
    caFile: env.LDAP_CA_FILE,
    tlsVerify: env.LDAP_TLS_VERIFY,
    timeoutMs: env.LDAP_TIMEOUT * 1000,
  };
}

/** "uid={username}" is as common in settings as "(uid={username})"; both mean the same. */
export function normalizeConfig(settings: LdapConfig): LdapConfig {
  const wrap = (filter: string) => (filter.trim().startsWith('(') ? filter.trim() : `(${filter.trim()})`);
  return { ...settings, userFilter: wrap(settings.userFilter), groupFilter: wrap(settings.groupFilter) };
}

/** Settings that cannot work, found before any request (a clear message instead of odd results). */
export function checkConfig(c: LdapConfig): string | null {
  if (!/^ldaps?:\/\/[^\s/]+/.test(c.url)) return `LDAP_URL "${c.url}" is not an ldap:// or ldaps:// URL`;
  if (c.bindDn && !c.bindPassword) {
    return 'LDAP_BIND_PASSWORD is empty: a bind with a DN and no password is an unauthenticated (anonymous) bind';
  }
  if (!c.userDnTemplate) {
    if (!c.baseDn) return 'LDAP_BASE_DN is required (or LDAP_USER_DN_TEMPLATE)';
    // Without {username} every sign-in would search the same entry: anyone could sign in as it.
    if (!c.userFilter.includes('{username}'))
      return `LDAP_USER_FILTER "${c.userFilter}" must contain {username}`;
  }
  for (const [setting, filter] of [
    ['LDAP_USER_FILTER', c.userFilter.replaceAll('{username}', 'x')],
    ['LDAP_GROUP_FILTER', `(&${c.groupFilter}(member=x))`],
  ] as const) {
    try {
      FilterParser.parseString(filter);
    } catch (err) {
      return `${setting} is not a valid LDAP filter (${(err as Error).message})`;
    }
  }
  for (const [setting, attr] of [
    ['LDAP_USERNAME_ATTR', c.usernameAttr],
    ['LDAP_EMAIL_ATTR', c.emailAttr],
    ['LDAP_DISPLAY_NAME_ATTR', c.displayNameAttr],
  ] as const) {
    if (!/^[A-Za-z][\w-]*$/.test(attr)) return `${setting} "${attr}" is not an attribute name`;
  }
  return null;
}
