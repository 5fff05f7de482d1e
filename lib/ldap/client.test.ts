// Sign-in, groups, search and diagnostics against a real slapd (Debian's OpenLDAP 2.5),
// configured through the same LDAP_* settings an administrator would set.
import { existsSync } from 'node:fs';
import { Client } from 'ldapts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { groupDn, LDAP_USERS, ldapEnv, SERVICE_DN, startSlapd, userDn, type Slapd } from '@/e2e/ldap/slapd';
import { parseEnv } from '@/lib/env';
import { LdapClient } from '@/lib/ldap/client';
import { ldapConfigFromEnv, type LdapConfig } from '@/lib/ldap/config';
import { normalizeDn } from '@/lib/ldap/dn';
import { LdapError } from '@/lib/ldap/errors';
import { captureLog } from '@/lib/testing/capture-log';

const hasSlapd = existsSync('/usr/sbin/slapd');
let slapd: Slapd;
let config: LdapConfig;
let client: LdapClient;
const others: LdapClient[] = [];
const clientWith = (override: Partial<LdapConfig>) => {
  const c = new LdapClient({ ...config, ...override });
  others.push(c);
  return c;
};

const DEVELOPERS = normalizeDn(groupDn('developers'));
const QA = normalizeDn(groupDn('qa'));
const ADMINS = normalizeDn(groupDn('registry-admins'));

beforeAll(async () => {
  if (!hasSlapd) return;
  slapd = await startSlapd();
  config = ldapConfigFromEnv(parseEnv(ldapEnv(slapd)))!;
  client = new LdapClient(config);
});

afterAll(async () => {
  await Promise.all([client?.close(), ...others.map((c) => c.close())]);
  await slapd?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe.skipIf(!hasSlapd)('LDAP sign-in against slapd (needs /usr/sbin/slapd)', () => {
  it('signs in with the right password and brings email, display name and groups of both kinds', async () => {
    const alice = await client.authenticate('alice', LDAP_USERS.alice);
    expect(alice).toEqual({
      dn: userDn('alice'),
      username: 'alice',
      email: 'alice@wharf.test',
      displayName: 'Alice Archer',
      groups: [DEVELOPERS], // groupOfNames (member), also in memberOf
      isAdmin: false,
      stamp: expect.stringMatching(/^entryCSN:\d{14}/), // no ppolicy here: the entry's change sequence
    });
    expect((await client.authenticate('dave', LDAP_USERS.dave)).groups).toEqual([QA]); // groupOfUniqueNames
    expect((await client.authenticate('erin', LDAP_USERS.erin)).email).toBeNull(); // no mail attribute
  });

  it('makes members of LDAP_ADMIN_GROUP_DN admins, however the DN is spelled in the setting', async () => {
    const carol = clientWith({ adminGroupDn: 'CN=Registry-Admins, OU=Groups, DC=wharf, DC=test' });
    expect(await carol.authenticate('carol', LDAP_USERS.carol)).toMatchObject({
      isAdmin: true,
      groups: [ADMINS],
    });
    expect((await carol.authenticate('bob', LDAP_USERS.bob)).isAdmin).toBe(false);
  });

  it('takes the username as the directory spells it (typed ALICE → alice)', async () => {
    expect((await client.authenticate('ALICE', LDAP_USERS.alice)).username).toBe('alice');
  });

  it('says bad_password for a wrong password and user_not_found for an unknown name (neither is an outage)', async () => {
    const wrong = await client.authenticate('alice', 'not-her-password').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(LdapError);
    expect(wrong).toMatchObject({ kind: 'bad_password', isOutage: false });
    const unknown = await client.authenticate('nobody', 'whatever').catch((e: unknown) => e);
    expect(unknown).toMatchObject({
      kind: 'user_not_found',
      isOutage: false,
      message: 'no such user in the directory',
    });
    // Someone else's password does not work either.
    await expect(client.authenticate('alice', LDAP_USERS.bob)).rejects.toMatchObject({
      kind: 'bad_password',
    });
  });

  it('refuses an empty password without binding, although this directory accepts it as an anonymous bind', async () => {
    // The trap is real here: slapd runs with "allow bind_anon_dn", as Active Directory behaves.
    const raw = new Client({ url: slapd.url, timeout: 2000 });
    await expect(raw.bind(userDn('alice'), '')).resolves.toBeUndefined();
    await raw.unbind();

    const bind = vi.spyOn(Client.prototype, 'bind');
    await expect(client.authenticate('alice', '')).rejects.toMatchObject({ kind: 'bad_password' });
    // The one bind is the refused bind every refusal makes (as long as any other): never
    // alice's DN, never the empty password.
    expect(bind).toHaveBeenCalledTimes(1);
    expect(String(bind.mock.calls[0]![0])).toMatch(/^cn=wharf-no-such-entry-[0-9a-f]{16},/);
    expect(bind.mock.calls[0]![1]).not.toBe('');
  });

  it('makes an unknown name cost a bind, as a wrong password does, on a DN no entry has', async () => {
    const bind = vi.spyOn(Client.prototype, 'bind');
    await expect(client.authenticate('nobody-here', 'a-guess')).rejects.toMatchObject({
      kind: 'user_not_found',
    });
    expect(bind).toHaveBeenCalledTimes(1);
    const [dn, password] = bind.mock.calls[0]!;
    expect(String(dn)).toMatch(/^cn=wharf-no-such-entry-[0-9a-f]{16},ou=people,/);
    expect(password).not.toBe('a-guess'); // the guess never goes to the directory as a password
  });

  it("rehearses a refusal for a local user's name: the search and a refused bind, never binding a real entry", async () => {
    const bind = vi.spyOn(Client.prototype, 'bind');
    const search = vi.spyOn(Client.prototype, 'search');
    // alice exists in the directory: her account must not collect failed binds from Wharf.
    await expect(client.rehearseRefusal('alice')).resolves.toBeUndefined();
    expect(search).toHaveBeenCalled();
    expect(bind).toHaveBeenCalledTimes(1);
    expect(String(bind.mock.calls[0]![0])).toMatch(/^cn=wharf-no-such-entry-/);
    expect(bind.mock.calls.some(([dn]) => dn === userDn('alice'))).toBe(false);
    // A name no directory search takes (too long, NUL) is never searched; the bind still is.
    search.mockClear();
    bind.mockClear();
    await expect(client.rehearseRefusal('x'.repeat(5000))).resolves.toBeUndefined();
    await expect(client.rehearseRefusal('nul\u0000name')).resolves.toBeUndefined();
    expect(search).not.toHaveBeenCalled();
    expect(bind).toHaveBeenCalledTimes(2);
    // A directory that is down does not turn a local user's refusal into an error.
    const down = clientWith({ url: 'ldap://127.0.0.1:1', timeoutMs: 500 });
    await expect(down.rehearseRefusal('alice')).resolves.toBeUndefined();
  });

  it('escapes the username: filter syntax and wildcards never match someone else', async () => {
    for (const attempt of ['*', 'al*', 'admin)(uid=*', 'alice)(uid=*', '*)(|(uid=*', 'alice\\', '\\2a']) {
      await expect(client.authenticate(attempt, LDAP_USERS.alice), attempt).rejects.toMatchObject({
        kind: 'user_not_found',
      });
    }
    // Real users whose names contain filter characters sign in as themselves.
    expect((await client.authenticate('o*brien', LDAP_USERS['o*brien'])).dn).toBe(userDn('o*brien'));
    await expect(client.authenticate('o*brien', LDAP_USERS.obrien)).rejects.toMatchObject({
      kind: 'bad_password',
    });
    const paren = await client.authenticate('paren(test)', LDAP_USERS['paren(test)']);
    // Their DN contains parentheses, escaped again inside the member/uniqueMember group filter.
    expect(paren).toMatchObject({ username: 'paren(test)', groups: [DEVELOPERS, QA] });
  });

  it('accepts filters written without the outer parentheses', async () => {
    const bare = clientWith({ userFilter: 'uid={username}', groupFilter: 'objectClass=groupOfNames' });
    expect((await bare.authenticate('paren(test)', LDAP_USERS['paren(test)'])).groups).toEqual([DEVELOPERS]);
  });

  it('refuses a filter that matches several entries instead of picking one', async () => {
    const loose = clientWith({ userFilter: '(mail=*{username})' });
    await expect(loose.authenticate('@wharf.test', LDAP_USERS.alice)).rejects.toMatchObject({
      kind: 'ambiguous',
    });
  });

  it('reports a wrong service password as bad_bind (an outage: the administrator must fix it)', async () => {
    const bad = clientWith({ bindPassword: 'wrong' });
    const err = await bad.authenticate('alice', LDAP_USERS.alice).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'bad_bind', isOutage: true });
    await expect(bad.testConnection()).rejects.toMatchObject({ kind: 'bad_bind' });
    await expect(bad.searchUsers('a')).rejects.toMatchObject({ kind: 'bad_bind' });
  });

  it('binds directly with LDAP_USER_DN_TEMPLATE (no service account needed)', async () => {
    const direct = clientWith({
      bindDn: undefined,
      bindPassword: undefined,
      userDnTemplate: `uid={username},${slapd.peopleDn}`,
    });
    // The user reads their own entry; groups come from its memberOf, since users may not search groups here.
    expect(await direct.authenticate('bob', LDAP_USERS.bob)).toMatchObject({
      dn: userDn('bob'),
      email: 'bob@wharf.test',
      groups: [DEVELOPERS],
    });
    await expect(direct.authenticate('bob', 'wrong')).rejects.toMatchObject({ kind: 'bad_password' });
    await expect(direct.authenticate('nobody', 'x')).rejects.toMatchObject({ kind: 'bad_password' }); // LDAP cannot tell these apart
    await expect(direct.authenticate('bob,ou=people', LDAP_USERS.bob)).rejects.toMatchObject({
      kind: 'bad_password',
    });
  });

  it('uses memberOf alone when LDAP_GROUP_BASE_DN is not set (Active Directory style)', async () => {
    const memberOfOnly = clientWith({ groupBaseDn: undefined });
    expect((await memberOfOnly.authenticate('alice', LDAP_USERS.alice)).groups).toEqual([DEVELOPERS]);
    // The memberof overlay tracks groupOfNames only: qa (groupOfUniqueNames) needs the group search.
    expect((await memberOfOnly.authenticate('dave', LDAP_USERS.dave)).groups).toEqual([]);
    expect((await memberOfOnly.readUserByDn(userDn('alice'), 'alice'))?.groups).toEqual([DEVELOPERS]);
  });

  it('refreshes groups by DN for sessions; a user removed from the directory has none', async () => {
    expect((await client.readUserByDn(userDn('paren(test)'), 'paren(test)'))?.groups).toEqual([
      DEVELOPERS,
      QA,
    ]);
    expect(await client.readUserByDn(`uid=gone,${slapd.peopleDn}`, 'gone')).toBeNull();
  });

  it('gives a password stamp that changes with the password, not with group membership', async () => {
    const stamp = async () => (await client.readUserByDn(userDn('erin'), 'erin'))!.stamp;
    const before = await stamp();
    const developers = `cn=developers,${slapd.groupsDn}`;
    await slapd.ldapAdd(`dn: ${developers}\nchangetype: modify\nadd: member\nmember: ${userDn('erin')}\n`);
    await slapd.ldapAdd(`dn: ${developers}\nchangetype: modify\ndelete: member\nmember: ${userDn('erin')}\n`);
    expect(await stamp()).toBe(before);
    await slapd.ldapAdd(
      `dn: ${userDn('erin')}\nchangetype: modify\nreplace: userPassword\nuserPassword: ${LDAP_USERS.erin}\n`,
    );
    expect(await stamp()).not.toBe(before);
  });

  it('finds directory users who never signed in, by username, name or (for admins) email prefix', async () => {
    expect((await client.searchUsers('ca')).map((u) => u.username)).toEqual(['carol']);
    expect(await client.searchUsers('Bob B')).toEqual([
      { dn: userDn('bob'), username: 'bob', email: 'bob@wharf.test', displayName: 'Bob Baker' },
    ]);
    // Email matches only when asked for (admins): others cannot confirm an address exists.
    expect(await client.searchUsers('dave@wh')).toEqual([]);
    expect((await client.searchUsers('dave@wh', 10, { byEmail: true })).map((u) => u.username)).toEqual([
      'dave',
    ]);
    expect((await client.searchUsers('o')).map((u) => u.username)).toEqual(['o*brien', 'obrien']);
    // Typed wildcards are literal: "o*" finds only the user whose name starts with "o*".
    expect((await client.searchUsers('o*')).map((u) => u.username)).toEqual(['o*brien']);
    expect(await client.searchUsers('*)(uid=*')).toEqual([]);
    expect(await client.searchUsers('', 3)).toHaveLength(3);

    // Someone added to the directory a moment ago is found and can be added as a member.
    await slapd.ldapAdd(
      `dn: ${userDn('frank')}\nobjectClass: inetOrgPerson\nuid: frank\ncn: Frank Fisher\nsn: Fisher\nmail: frank@wharf.test\nuserPassword: frank-pw\n`,
    );
    expect((await client.searchUsers('fra')).map((u) => u.username)).toEqual(['frank']);
    expect(await client.lookupUser('frank')).toMatchObject({
      username: 'frank',
      email: 'frank@wharf.test',
      groups: [],
    });
  });

  it('finds groups by name for adding a group as a project member', async () => {
    expect(await client.searchGroups('dev')).toEqual([{ dn: DEVELOPERS, name: 'developers' }]);
    expect((await client.searchGroups('')).map((g) => g.name)).toEqual([
      'developers',
      'qa',
      'registry-admins',
    ]);
    expect(await client.searchGroups('*')).toEqual([]);
    expect(await clientWith({ groupBaseDn: undefined }).searchGroups('dev')).toEqual([]);
  });

  it('diagnostics: test connection, test user, and a missing base DN named in the message', async () => {
    const { latencyMs } = await client.testConnection();
    expect(latencyMs).toBeGreaterThanOrEqual(0);
    expect(latencyMs).toBeLessThan(1000);
    const { user } = await client.testUser('paren(test)');
    expect(user).toMatchObject({ dn: userDn('paren(test)'), groups: [DEVELOPERS, QA], isAdmin: false });
    expect((await client.testUser('carol')).user.isAdmin).toBe(true);
    await expect(client.testUser('nobody')).rejects.toMatchObject({ kind: 'user_not_found' });

    const missingBase = clientWith({ baseDn: `ou=nowhere,${slapd.baseDn}` });
    await expect(missingBase.testConnection()).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('LDAP_BASE_DN'),
    });
    const missingGroups = clientWith({ groupBaseDn: `ou=nogroups,${slapd.baseDn}` });
    await expect(missingGroups.testConnection()).rejects.toMatchObject({
      message: expect.stringContaining('LDAP_GROUP_BASE_DN'),
    });
  });

  it('never writes a password to the logs, even at debug level', async () => {
    const log = captureLog('debug');
    try {
      const fresh = clientWith({});
      await fresh.authenticate('alice', LDAP_USERS.alice);
      await fresh.authenticate('alice', 'typo-Secret-1').catch(() => undefined);
      await clientWith({ bindPassword: 'svc-typo-Secret' })
        .authenticate('bob', LDAP_USERS.bob)
        .catch(() => undefined);
      await clientWith({ userFilter: '(mail=*{username})' })
        .authenticate('@wharf.test', 'ambiguous-Secret')
        .catch(() => undefined);
    } finally {
      log.restore();
    }
    const written = log.text();
    expect(written).toContain('LDAP'); // something was logged
    for (const secret of [
      LDAP_USERS.alice,
      'typo-Secret-1',
      'svc-typo-Secret',
      slapd.bindPassword,
      'ambiguous-Secret',
    ]) {
      expect(written).not.toContain(secret);
    }
  });

  it('keeps one service connection: 50 sign-ins bind the service account once', async () => {
    const reused = clientWith({});
    await reused.authenticate('bob', LDAP_USERS.bob); // warm-up: opens the service connection
    const bind = vi.spyOn(Client.prototype, 'bind');
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await reused.authenticate('bob', LDAP_USERS.bob);
      times.push(performance.now() - t0);
    }
    const serviceBinds = bind.mock.calls.filter(([dn]) => dn === SERVICE_DN).length;
    const userBinds = bind.mock.calls.filter(([dn]) => dn === userDn('bob')).length;
    expect(serviceBinds).toBe(0);
    expect(userBinds).toBe(50);
    bind.mockRestore();

    // For comparison: a new client (new service connection and bind) for every sign-in, as Portus/docker_auth do.
    const coldTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const cold = new LdapClient(config);
      const t0 = performance.now();
      await cold.authenticate('bob', LDAP_USERS.bob);
      coldTimes.push(performance.now() - t0);
      await cold.close();
    }
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const avg = xs.reduce((a, b) => a + b, 0) / xs.length;
      return `avg ${avg.toFixed(2)} ms, p50 ${sorted[24]!.toFixed(2)} ms, p95 ${sorted[47]!.toFixed(2)} ms`;
    };
    console.log(`LDAP authenticate(), 50 sequential calls, reused service connection: ${stats(times)}`);
    console.log(`LDAP authenticate(), 50 sequential calls, new connection each time:   ${stats(coldTimes)}`);
    expect(times.reduce((a, b) => a + b, 0) / times.length).toBeLessThan(50);
  });

  it('serves concurrent sign-ins over the one service connection', async () => {
    const shared = clientWith({});
    const bind = vi.spyOn(Client.prototype, 'bind');
    const names = ['alice', 'bob', 'carol', 'dave'] as const;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => shared.authenticate(names[i % 4]!, LDAP_USERS[names[i % 4]!])),
    );
    expect(results.map((u) => u.username)).toEqual(Array.from({ length: 40 }, (_, i) => names[i % 4]));
    expect(bind.mock.calls.filter(([dn]) => dn === SERVICE_DN)).toHaveLength(1);
  });
});
