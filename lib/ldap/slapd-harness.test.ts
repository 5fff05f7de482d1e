// The test directory itself (e2e/ldap/slapd.ts): fast, private, and gone after stop().
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { LDAP_USERS, startSlapd } from '@/e2e/ldap/slapd';

const hasSlapd = existsSync('/usr/sbin/slapd');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!hasSlapd)('slapd test harness (needs /usr/sbin/slapd)', () => {
  it('starts and seeds in well under two seconds, and stop() removes process and folder', async () => {
    const t0 = performance.now();
    const s = await startSlapd();
    const ms = performance.now() - t0;
    console.log(`slapd start-up with seeding: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    const pid = s.pid!;
    expect(alive(pid)).toBe(true);
    const c = new Client({ url: s.url, timeout: 2000 });
    await c.bind(s.bindDn, s.bindPassword);
    const { searchEntries } = await c.search(s.peopleDn, {
      scope: 'one',
      filter: '(objectClass=inetOrgPerson)',
      attributes: ['uid'],
    });
    expect(searchEntries.map((e) => e.uid).sort()).toEqual(Object.keys(LDAP_USERS).sort());
    await c.unbind();
    await s.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(s.dir)).toBe(false);
  });

  it('seed: false gives an empty directory with the service account only', async () => {
    const s = await startSlapd({ seed: false });
    try {
      const c = new Client({ url: s.url, timeout: 2000 });
      await c.bind(s.bindDn, s.bindPassword);
      expect((await c.search(s.peopleDn, { scope: 'one' })).searchEntries).toEqual([]);
      await c.unbind();
    } finally {
      await s.stop();
    }
  });

  it('runs as a CLI: prints the settings, and stops slapd and cleans up on SIGTERM', async () => {
    const cli = spawn(process.execPath, ['--import', 'tsx', path.resolve('e2e/ldap/slapd.ts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const ready = new Promise<void>((resolve, reject) => {
      cli.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('Ctrl-C')) resolve();
      });
      cli.once('exit', (code) => reject(new Error(`CLI exited early (${code}): ${out}`)));
    });
    await ready;
    const url = /^LDAP_URL=(.+)$/m.exec(out)?.[1];
    const pid = Number(/PID (\d+)/.exec(out)?.[1]);
    const dir = /files in (\S+)/.exec(out)?.[1] ?? '';
    expect(url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
    expect(alive(pid)).toBe(true);
    expect(existsSync(dir)).toBe(true);
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
