// The directory goes away (killed), hangs (SIGSTOP) or restarts: sign-in must fail fast with
// an outage kind the app can show, and work again without restarting Wharf.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LDAP_USERS, ldapEnv, startSlapd, type Slapd } from '@/e2e/ldap/slapd';
import { parseEnv } from '@/lib/env';
import { LdapClient } from '@/lib/ldap/client';
import { ldapConfigFromEnv, type LdapConfig } from '@/lib/ldap/config';

const hasSlapd = existsSync('/usr/sbin/slapd');
let slapd: Slapd;
let config: LdapConfig;
const clients: LdapClient[] = [];
const newClient = (override: Partial<LdapConfig> = {}) => {
  const c = new LdapClient({ ...config, ...override });
  clients.push(c);
  return c;
};

/** Elapsed milliseconds and the error of a call expected to fail. */
async function failure(fn: () => Promise<unknown>): Promise<{ ms: number; err: unknown }> {
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    return { ms: performance.now() - t0, err };
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  if (!hasSlapd) return;
  slapd = await startSlapd();
  // LDAP_TIMEOUT=1s: the smallest value the setting takes.
  config = ldapConfigFromEnv(parseEnv({ ...ldapEnv(slapd), LDAP_TIMEOUT: '1s' }))!;
});

afterAll(async () => {
  slapd?.resume();
  await Promise.all(clients.map((c) => c.close()));
  await slapd?.stop();
});

describe.skipIf(!hasSlapd)('LDAP outages against slapd (needs /usr/sbin/slapd)', () => {
  it('a stopped directory is "unreachable" at once, and sign-in works again when it is back on the same port', async () => {
    const client = newClient();
    expect((await client.authenticate('alice', LDAP_USERS.alice)).username).toBe('alice'); // pooled connection open

    await slapd.kill();
    const down = await failure(() => client.authenticate('alice', LDAP_USERS.alice));
    expect(down.err).toMatchObject({ kind: 'unreachable', isOutage: true });
    expect(down.ms).toBeLessThan(3000);
    expect((down.err as Error).message).toContain(slapd.url); // the administrator sees which server
    // Every entry point says the same, quickly.
    for (const call of [
      () => client.searchUsers('a'),
      () => client.testConnection(),
      () => newClient().authenticate('bob', LDAP_USERS.bob),
    ]) {
      const r = await failure(call);
      expect(r.err).toMatchObject({ kind: 'unreachable' });
      expect(r.ms).toBeLessThan(3000);
    }

    await slapd.start();
    expect((await client.authenticate('alice', LDAP_USERS.alice)).groups).toHaveLength(1);
    expect((await client.searchUsers('car')).map((u) => u.username)).toEqual(['carol']);
  });

  it('after a directory restart the pooled connection is replaced, never reused unbound', async () => {
    // ldapts would silently reconnect the old connection *anonymously*; searches there find
    // nobody, so every user would get "invalid credentials" until Wharf restarts.
    const client = newClient();
    await client.authenticate('bob', LDAP_USERS.bob);
    await slapd.restart();
    const t0 = performance.now();
    expect((await client.authenticate('bob', LDAP_USERS.bob)).username).toBe('bob');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(await client.lookupUser('carol')).toMatchObject({ username: 'carol', isAdmin: true });
  });

  it('a hung directory (SIGSTOP) fails with "timeout" within LDAP_TIMEOUT, and recovers after SIGCONT', async () => {
    const pooled = newClient();
    await pooled.authenticate('alice', LDAP_USERS.alice);
    slapd.pause();
    try {
      // A pooled connection: the user search hangs.
      const hung = await failure(() => pooled.authenticate('alice', LDAP_USERS.alice));
      expect(hung.err).toMatchObject({ kind: 'timeout', isOutage: true });
      expect(hung.ms).toBeGreaterThan(900);
      expect(hung.ms).toBeLessThan(1500); // one timeout, not one per retry
      // A fresh client: TCP still connects (the kernel accepts), the service bind hangs.
      const fresh = await failure(() => newClient().authenticate('alice', LDAP_USERS.alice));
      expect(fresh.err).toMatchObject({ kind: 'timeout' });
      expect(fresh.ms).toBeLessThan(1500);
      const diag = await failure(() => pooled.testConnection());
      expect(diag.err).toMatchObject({ kind: 'timeout' });
    } finally {
      slapd.resume();
    }
    expect((await pooled.authenticate('alice', LDAP_USERS.alice)).username).toBe('alice');
  });

  it('a server that never existed is "unreachable" without waiting', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await failure(() =>
      newClient({ url: `ldap://127.0.0.1:${port}` }).authenticate('alice', LDAP_USERS.alice),
    );
    expect(r.err).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('ECONNREFUSED') });
    expect(r.ms).toBeLessThan(1000);
  });
});
