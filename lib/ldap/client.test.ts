// Against a real slapd (Debian's OpenLDAP) started per file.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_DN,
  GROUPS_DN,
  PEOPLE_DN,
  SERVICE_DN,
  SERVICE_PASSWORD,
  startSlapd,
  type Slapd,
} from '@/e2e/ldap/slapd';
import { escapeFilterValue, LdapClient, LdapError, normalizeDn, type LdapConfig } from '@/lib/ldap/client';

const hasSlapd = existsSync('/usr/sbin/slapd');
let slapd: Slapd;
let config: LdapConfig;
let client: LdapClient;

beforeAll(async () => {
  if (!hasSlapd) return;
  slapd = await startSlapd();
  config = {
    url: slapd.url,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    baseDn: PEOPLE_DN,
    userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    usernameAttr: 'uid',
    emailAttr: 'mail',
    displayNameAttr: 'cn',
    groupBaseDn: GROUPS_DN,
    groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))',
    adminGroupDn: `cn=registry-admins, ${GROUPS_DN}`,
    startTls: false,
    tlsVerify: true,
    timeoutMs: 1500,
  };
  client = new LdapClient(config);
});

afterAll(async () => {
  await client?.close();
  await slapd?.stop();
});

describe.skipIf(!hasSlapd)('LdapClient against slapd', () => {
  it('authenticates with bind-search-rebind and resolves groups of both kinds', async () => {
    const alice = await client.authenticate('alice', 'alice-pw');
    expect(alice).toMatchObject({
      dn: `uid=alice,${PEOPLE_DN}`,
      username: 'alice',
      email: 'alice@wharf.test',
      displayName: 'Alice Archer',
      isAdmin: false,
    });
    expect(alice.groups).toEqual([normalizeDn(`cn=developers,${GROUPS_DN}`)]);
    const dave = await client.authenticate('dave', 'dave-pw');
    expect(dave.groups).toEqual([normalizeDn(`cn=qa,${GROUPS_DN}`)]); // groupOfUniqueNames
    expect((await client.authenticate('carol', 'carol-pw')).isAdmin).toBe(true);
  });

  it('says wrong password, unknown user, empty password apart (for logs), without binding anonymously', async () => {
    await expect(client.authenticate('alice', 'nope')).rejects.toMatchObject({ kind: 'bad_password' });
    await expect(client.authenticate('nobody', 'x')).rejects.toMatchObject({ kind: 'user_not_found' });
    await expect(client.authenticate('alice', '')).rejects.toMatchObject({ kind: 'bad_password' });
  });

  it('escapes filter input: injection does not match other entries', async () => {
    await expect(client.authenticate('*', 'alice-pw')).rejects.toMatchObject({ kind: 'user_not_found' });
    await expect(client.authenticate('alice)(uid=*', 'alice-pw')).rejects.toMatchObject({
      kind: 'user_not_found',
    });
  });

  it('supports a direct bind with a DN template', async () => {
    const direct = new LdapClient({
      ...config,
      bindDn: undefined,
      bindPassword: undefined,
      userDnTemplate: `uid={username},${PEOPLE_DN}`,
    });
    expect((await direct.authenticate('bob', 'bob-pw')).email).toBe('bob@wharf.test');
    await expect(direct.authenticate('bob', 'wrong')).rejects.toMatchObject({ kind: 'bad_password' });
    await direct.close();
  });

  it('reports a bad service bind', async () => {
    const bad = new LdapClient({ ...config, bindPassword: 'wrong' });
    await expect(bad.authenticate('alice', 'alice-pw')).rejects.toMatchObject({ kind: 'bad_bind' });
    await expect(bad.testConnection()).rejects.toBeInstanceOf(LdapError);
    await bad.close();
  });

  it('finds directory users and groups for the typeahead', async () => {
    expect((await client.searchUsers('ca')).map((u) => u.username)).toEqual(['carol']);
    expect((await client.searchUsers('Bob B')).map((u) => u.username)).toEqual(['bob']);
    expect(await client.searchGroups('dev')).toEqual([
      { dn: normalizeDn(`cn=developers,${GROUPS_DN}`), name: 'developers' },
    ]);
    expect((await client.lookupUser('dave')).groups).toHaveLength(1);
  });

  it('a hung directory times out; a stopped one is unreachable quickly; both recover', async () => {
    slapd.pause();
    const t0 = performance.now();
    const hung = new LdapClient(config);
    await expect(hung.authenticate('alice', 'alice-pw')).rejects.toMatchObject({
      kind: expect.stringMatching(/timeout|unreachable/),
    });
    expect(performance.now() - t0).toBeLessThan(4000);
    slapd.resume();
    await hung.close();
    await slapd.restart();
    expect((await client.authenticate('alice', 'alice-pw')).username).toBe('alice'); // reused connection recovers
  });

  it('keeps one service connection: repeated sign-ins are fast', async () => {
    const t0 = performance.now();
    for (let i = 0; i < 30; i++) await client.authenticate('bob', 'bob-pw');
    const avg = (performance.now() - t0) / 30;
    console.log(`LDAP authenticate average over 30 sequential calls: ${avg.toFixed(1)} ms`);
    expect(avg).toBeLessThan(100);
  });
});

describe('escapeFilterValue', () => {
  it('escapes the RFC 4515 specials', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0')).toBe('a\\2ab\\28c\\29d\\5ce\\00');
  });
  it('normalizes DNs for comparison', () => {
    expect(normalizeDn(' CN=Dev , OU=Groups,dc=X ')).toBe('cn=dev,ou=groups,dc=x');
  });
});

void BASE_DN;
