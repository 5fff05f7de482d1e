// Administration → Authentication: "Test connection" and "Test user", with the roles a
// directory user would get in which project.
import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { highestRole } from '@/lib/permissions';
import { ldap, LdapError, normalizeDn } from '@/lib/ldap';

/** The LDAP settings as the UI may show them (no password). */
export function ldapSettingsView() {
  const e = getEnv();
  return {
    enabled: !!e.LDAP_URL,
    url: e.LDAP_URL ?? null,
    bindDn: e.LDAP_BIND_DN ?? null,
    bindPasswordSet: !!e.LDAP_BIND_PASSWORD,
    baseDn: e.LDAP_BASE_DN ?? null,
    userFilter: e.LDAP_USER_FILTER,
    userDnTemplate: e.LDAP_USER_DN_TEMPLATE ?? null,
    usernameAttr: e.LDAP_USERNAME_ATTR,
    emailAttr: e.LDAP_EMAIL_ATTR,
    displayNameAttr: e.LDAP_DISPLAY_NAME_ATTR,
    groupBaseDn: e.LDAP_GROUP_BASE_DN ?? null,
    groupFilter: e.LDAP_GROUP_FILTER,
    adminGroupDn: e.LDAP_ADMIN_GROUP_DN ?? null,
    startTls: e.LDAP_START_TLS,
    caFile: e.LDAP_CA_FILE ?? null,
    tlsVerify: e.LDAP_TLS_VERIFY,
    revalidateIntervalSeconds: e.LDAP_REVALIDATE_INTERVAL,
  };
}

export type LdapTestResult = {
  ok: boolean;
  step: string;
  message: string;
  latencyMs?: number;
  user?: unknown;
};

export async function testLdap(username?: string): Promise<LdapTestResult> {
  const client = ldap();
  if (!client) throw new AppError('bad_request', 'LDAP is not configured (set LDAP_URL)');
  try {
    const { latencyMs } = await client.testConnection();
    if (!username)
      return {
        ok: true,
        step: 'connection',
        message: `Service bind and base search succeeded in ${latencyMs} ms.`,
        latencyMs,
      };
    const entry = await client.lookupUser(username);
    const projects = await db.project.findMany({
      where: { members: { some: { groupDn: { in: entry.groups } } } },
      select: {
        name: true,
        members: { where: { groupDn: { in: entry.groups } }, select: { role: true, groupDn: true } },
      },
    });
    return {
      ok: true,
      step: 'user',
      message: `Found ${entry.dn} in ${entry.groups.length} group(s).`,
      latencyMs,
      user: {
        dn: entry.dn,
        username: entry.username,
        email: entry.email,
        displayName: entry.displayName,
        groups: entry.groups,
        admin:
          entry.isAdmin ||
          (getEnv().LDAP_ADMIN_GROUP_DN
            ? entry.groups.includes(normalizeDn(getEnv().LDAP_ADMIN_GROUP_DN!))
            : false),
        projectRoles: projects.map((p) => ({
          project: p.name,
          role: highestRole(p.members.map((m) => m.role)),
          via: p.members.map((m) => m.groupDn),
        })),
      },
    };
  } catch (err) {
    if (LdapError.is(err)) return { ok: false, step: username ? 'user' : 'connection', message: err.message };
    throw err;
  }
}
