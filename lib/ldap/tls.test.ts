// ldaps:// and StartTLS against slapd with a throw-away CA whose server certificate names
// IP 127.0.0.1 only, and which refuses clear-text simple binds. Verification is on unless
// LDAP_TLS_VERIFY=false.
import { existsSync } from 'node:fs';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LDAP_USERS, ldapEnv, startSlapd, type Slapd } from '@/e2e/ldap/slapd';
import { parseEnv } from '@/lib/env';
import { LdapClient } from '@/lib/ldap/client';
import { ldapConfigFromEnv, type LdapConfig } from '@/lib/ldap/config';
import { captureLog } from '@/lib/testing/capture-log';

const hasSlapd = existsSync('/usr/sbin/slapd');
let slapd: Slapd;
let config: LdapConfig;
const clients: LdapClient[] = [];
const newClient = (override: Partial<LdapConfig>) => {
  const c = new LdapClient({ ...config, ...override });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  if (!hasSlapd) return;
  slapd = await startSlapd({ tls: true, requireTls: true });
  config = ldapConfigFromEnv(parseEnv({ ...ldapEnv(slapd), LDAP_TIMEOUT: '2s' }))!;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await slapd?.stop();
});

describe.skipIf(!hasSlapd)('LDAP over TLS against slapd (needs /usr/sbin/slapd)', () => {
  it('ldaps:// with LDAP_CA_FILE verifies the server and signs in', async () => {
    const client = newClient({ url: slapd.ldapsUrl!, caFile: slapd.caFile });
    expect((await client.authenticate('alice', LDAP_USERS.alice)).email).toBe('alice@wharf.test');
    expect((await client.testConnection()).latencyMs).toBeLessThan(1000);
  });

  it('StartTLS with LDAP_CA_FILE checks the certificate against the URL host (127.0.0.1), not "localhost"', async () => {
    const client = newClient({ startTls: true, caFile: slapd.caFile });
    expect((await client.authenticate('bob', LDAP_USERS.bob)).username).toBe('bob');
    await expect(client.authenticate('bob', 'wrong')).rejects.toMatchObject({ kind: 'bad_password' });
  });

  it('this directory refuses clear-text binds (so the tests below would notice one)', async () => {
    const err = await newClient({})
      .authenticate('alice', LDAP_USERS.alice)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'config', message: expect.stringContaining('encrypted connection') });
  });

  it('after a directory restart, TLS sign-ins work again at once and no password goes out in clear text', async () => {
    // Pooled service and bind connections die with the server; ldapts would reconnect them
    // transparently *without* TLS (or, after StartTLS, not notice and hang). This server would
    // refuse a clear-text bind, and a hang would exceed the time bound.
    const users = ['alice', 'bob', 'carol'] as const;
    for (const override of [{ startTls: true }, { url: slapd.ldapsUrl! }]) {
      const client = newClient({ ...override, caFile: slapd.caFile });
      await Promise.all(users.map((u) => client.authenticate(u, LDAP_USERS[u])));
      await slapd.restart();
      const t0 = performance.now();
      expect((await client.authenticate('bob', LDAP_USERS.bob)).username).toBe('bob');
      expect(performance.now() - t0).toBeLessThan(1000); // LDAP_TIMEOUT is 2 s
      const sameTime = await Promise.all(users.map((u) => client.authenticate(u, LDAP_USERS[u])));
      expect(sameTime.map((u) => u.username)).toEqual([...users]);
    }
  });

  it('reuses TLS connections: sign-ins after the first need no new handshake', async () => {
    const client = newClient({ startTls: true, caFile: slapd.caFile });
    await client.authenticate('bob', LDAP_USERS.bob);
    const connect = vi.spyOn(Client.prototype, 'startTLS');
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await client.authenticate('bob', LDAP_USERS.bob);
    const reused = (performance.now() - t0) / 20;
    expect(connect).not.toHaveBeenCalled();
    connect.mockRestore();
    const t1 = performance.now();
    for (let i = 0; i < 20; i++) {
      const cold = new LdapClient(client.config);
      await cold.authenticate('bob', LDAP_USERS.bob);
      await cold.close();
    }
    const cold = (performance.now() - t1) / 20;
    console.log(
      `LDAP authenticate() over StartTLS: reused connections ${reused.toFixed(2)} ms, new connections ${cold.toFixed(2)} ms`,
    );
    expect(reused).toBeLessThan(cold);
  });

  it('verification is on by default: a server signed by an unknown CA is a "tls" outage', async () => {
    for (const override of [{ url: slapd.ldapsUrl! }, { startTls: true }]) {
      const err = await newClient(override)
        .authenticate('alice', LDAP_USERS.alice)
        .catch((e: unknown) => e);
      expect(err, JSON.stringify(override)).toMatchObject({ kind: 'tls', isOutage: true });
    }
  });

  it('a certificate for another host name is refused, even from the right CA', async () => {
    const port = new URL(slapd.ldapsUrl!).port;
    const err = await newClient({ url: `ldaps://localhost:${port}`, caFile: slapd.caFile })
      .authenticate('alice', LDAP_USERS.alice)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'tls', message: expect.stringMatching(/localhost|altname|Hostname/i) });
  });

  it('LDAP_TLS_VERIFY=false connects to an unknown CA, with a warning in the log', async () => {
    const log = captureLog();
    const client = newClient({ url: slapd.ldapsUrl!, tlsVerify: false });
    const warned = log.text().includes('verification is off');
    log.restore();
    expect(warned).toBe(true);
    expect((await client.authenticate('carol', LDAP_USERS.carol)).username).toBe('carol');
  });

  it('a missing CA file is a clear "tls" error naming the file', async () => {
    const err = await newClient({ url: slapd.ldapsUrl!, caFile: '/nonexistent/ca.pem' })
      .authenticate('alice', LDAP_USERS.alice)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'tls', message: expect.stringContaining('/nonexistent/ca.pem') });
  });

  it('ldaps:// to a plain LDAP port, and StartTLS to a server without TLS, are "tls" errors', async () => {
    const plainPort = await newClient({ url: `ldaps://127.0.0.1:${slapd.port}`, caFile: slapd.caFile })
      .authenticate('alice', LDAP_USERS.alice)
      .catch((e: unknown) => e);
    expect(plainPort).toMatchObject({ kind: 'tls' });

    const plain = await startSlapd({ seed: false });
    try {
      const err = await newClient({ url: plain.url, startTls: true, caFile: slapd.caFile })
        .testConnection()
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'tls', message: expect.stringContaining('StartTLS') });
    } finally {
      await plain.stop();
    }
  });
});
