// Pure functions and settings checks: no directory needed.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { LdapClient } from '@/lib/ldap/client';
import { ldapConfigFromEnv, type LdapConfig } from '@/lib/ldap/config';
import { escapeDnValue, escapeFilterValue, normalizeDn } from '@/lib/ldap/dn';
import { LdapError, type LdapErrorKind } from '@/lib/ldap/errors';

describe('escapeFilterValue (RFC 4515)', () => {
  it('escapes the five specials as \\XX', () => {
    expect(escapeFilterValue('*')).toBe('\\2a');
    expect(escapeFilterValue('(')).toBe('\\28');
    expect(escapeFilterValue(')')).toBe('\\29');
    expect(escapeFilterValue('\\')).toBe('\\5c');
    expect(escapeFilterValue('\0')).toBe('\\00');
  });

  it('matches the RFC 4515 examples', () => {
    expect(escapeFilterValue('Parens R Us (for all your parenthetical needs)')).toBe(
      'Parens R Us \\28for all your parenthetical needs\\29',
    );
    expect(escapeFilterValue('C:\\MyFile')).toBe('C:\\5cMyFile');
  });

  it('turns injection attempts into literal values', () => {
    expect(escapeFilterValue('admin)(uid=*')).toBe('admin\\29\\28uid=\\2a');
    expect(escapeFilterValue('*)(|(objectClass=*')).toBe('\\2a\\29\\28|\\28objectClass=\\2a');
    // The result never contains an unescaped filter character.
    expect(escapeFilterValue('a*b(c)d\\e\0')).not.toMatch(/[*()\0]|\\(?![0-9a-f]{2})/);
  });

  it('leaves ordinary and non-ASCII names alone (the client encodes UTF-8)', () => {
    expect(escapeFilterValue('alice.smith-2')).toBe('alice.smith-2');
    expect(escapeFilterValue('Lučić')).toBe('Lučić');
    expect(escapeFilterValue('')).toBe('');
  });
});

describe('escapeDnValue (RFC 4514)', () => {
  it('escapes separators, quotes and edge spaces', () => {
    expect(escapeDnValue('Smith, John')).toBe('Smith\\, John');
    expect(escapeDnValue('a+b;c<d>e"f\\g=h')).toBe('a\\+b\\;c\\<d\\>e\\"f\\\\g\\=h');
    expect(escapeDnValue(' lead')).toBe('\\ lead');
    expect(escapeDnValue('#hash')).toBe('\\#hash');
    expect(escapeDnValue('trail ')).toBe('trail\\ ');
    expect(escapeDnValue('nul\0')).toBe('nul\\00');
  });

  it('cannot add an RDN to a DN template', () => {
    const dn = `uid=${escapeDnValue('x,ou=admins')},ou=people,dc=x`;
    expect(normalizeDn(dn).split(/(?<!\\),/)).toHaveLength(3);
  });
});

describe('normalizeDn', () => {
  it('ignores case and spaces around separators', () => {
    expect(normalizeDn(' CN=Dev Team , OU=Groups,dc=X ')).toBe('cn=dev team,ou=groups,dc=x');
    expect(normalizeDn('cn = admins ,  ou = groups , dc = wharf')).toBe('cn=admins,ou=groups,dc=wharf');
  });

  it('treats the escape spellings of one character alike', () => {
    expect(normalizeDn('CN=Smith\\, John,OU=People')).toBe(normalizeDn('cn=smith\\2C john,ou=people'));
    expect(normalizeDn('cn=Jos\\C3\\A9,dc=x')).toBe('cn=josé,dc=x');
    expect(normalizeDn('cn=paren(test),dc=x')).toBe('cn=paren(test),dc=x');
  });

  it('keeps an escaped trailing space and sorts multi-valued RDNs', () => {
    expect(normalizeDn('cn=a\\ ,dc=x')).toBe('cn=a\\ ,dc=x');
    expect(normalizeDn('uid=b+cn=A,dc=x')).toBe(normalizeDn('CN=a + UID=b, dc=x'));
  });

  it('falls back to a simple form for strings that are not DNs', () => {
    expect(normalizeDn('Not A Dn')).toBe('not a dn');
  });
});

describe('ldapConfigFromEnv', () => {
  it('is null when LDAP_URL is not set (LDAP off)', () => {
    expect(ldapConfigFromEnv(parseEnv({}))).toBeNull();
  });

  it('takes every LDAP_* setting, with verification on and a 5 s timeout by default', () => {
    const config = ldapConfigFromEnv(
      parseEnv({
        LDAP_URL: 'ldaps://ldap.example.com',
        LDAP_BIND_DN: 'cn=svc,dc=example,dc=com',
        LDAP_BIND_PASSWORD: 'pw',
        LDAP_BASE_DN: 'dc=example,dc=com',
        LDAP_GROUP_BASE_DN: 'ou=groups,dc=example,dc=com',
        LDAP_ADMIN_GROUP_DN: 'cn=admins,ou=groups,dc=example,dc=com',
        LDAP_CA_FILE: '/etc/ssl/ldap-ca.pem',
      }),
    );
    expect(config).toEqual({
      url: 'ldaps://ldap.example.com',
      bindDn: 'cn=svc,dc=example,dc=com',
      bindPassword: 'pw',
      baseDn: 'dc=example,dc=com',
      userFilter: '(uid={username})',
      userDnTemplate: undefined,
      usernameAttr: 'uid',
      emailAttr: 'mail',
      displayNameAttr: 'cn',
      groupBaseDn: 'ou=groups,dc=example,dc=com',
      groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))',
      adminGroupDn: 'cn=admins,ou=groups,dc=example,dc=com',
      startTls: false,
      caFile: '/etc/ssl/ldap-ca.pem',
      tlsVerify: true,
      timeoutMs: 5000,
    } satisfies LdapConfig);
  });
});

describe('LdapError', () => {
  it('separates "wrong credentials" from "directory unusable" for the app', () => {
    const outage: Record<LdapErrorKind, boolean> = {
      user_not_found: false,
      bad_password: false,
      ambiguous: false,
      unreachable: true,
      timeout: true,
      tls: true,
      bad_bind: true,
      config: true,
    };
    for (const [kind, isOutage] of Object.entries(outage)) {
      const err = new LdapError(kind as LdapErrorKind);
      expect(err.isOutage, kind).toBe(isOutage);
      expect(LdapError.is(err)).toBe(true);
      expect(err.message.length).toBeGreaterThan(10);
    }
    expect(LdapError.is(new Error('x'))).toBe(false);
    expect(new LdapError('unreachable', 'ldap://x: ECONNREFUSED').message).toBe(
      'the LDAP server cannot be reached: ldap://x: ECONNREFUSED',
    );
  });
});

describe('unusable settings are reported before any network traffic', () => {
  // Port 1 on 127.0.0.1: a connection attempt would say "unreachable", not "config".
  const base: LdapConfig = {
    url: 'ldap://127.0.0.1:1',
    bindDn: 'cn=svc,dc=x',
    bindPassword: 'pw',
    baseDn: 'dc=x',
    userFilter: '(uid={username})',
    usernameAttr: 'uid',
    emailAttr: 'mail',
    displayNameAttr: 'cn',
    groupFilter: '(objectClass=groupOfNames)',
    startTls: false,
    tlsVerify: true,
    timeoutMs: 1000,
  };
  const cases: Array<[string, Partial<LdapConfig>, RegExp]> = [
    [
      'a user filter without {username} (everyone would sign in as one entry)',
      { userFilter: '(objectClass=person)' },
      /must contain \{username\}/,
    ],
    [
      'a service DN without password (an anonymous bind in disguise)',
      { bindPassword: '' },
      /unauthenticated/,
    ],
    [
      'a broken user filter',
      { userFilter: '(uid={username}' },
      /LDAP_USER_FILTER is not a valid LDAP filter/,
    ],
    [
      'a broken group filter',
      { groupFilter: 'objectClass=group)(' },
      /LDAP_GROUP_FILTER is not a valid LDAP filter/,
    ],
    ['an attribute name with filter syntax', { emailAttr: 'mail)(x' }, /LDAP_EMAIL_ATTR/],
  ];
  for (const [name, override, message] of cases) {
    it(name, async () => {
      const client = new LdapClient({ ...base, ...override });
      await expect(client.authenticate('alice', 'pw')).rejects.toMatchObject({
        kind: 'config',
        message: expect.stringMatching(message),
      });
      await expect(client.testConnection()).rejects.toMatchObject({ kind: 'config' });
    });
  }

  it('an empty password is refused even before the settings are looked at', async () => {
    const client = new LdapClient({ ...base, userFilter: 'broken' });
    await expect(client.authenticate('alice', '')).rejects.toMatchObject({ kind: 'bad_password' });
  });
});
