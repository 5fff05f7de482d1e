// `npm test` on a machine without the suite's packages stops at once with one clear line.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

describe('npm test without the system packages', () => {
  it('exits non-zero within seconds, naming the missing packages and the install command', () => {
    const PATH = (process.env.PATH ?? '')
      .split(':')
      .filter((dir) => !/^\/(usr\/)?(local\/)?sbin$/.test(dir))
      .join(':');
    const started = Date.now();
    const r = spawnSync('npm', ['test'], {
      cwd: root,
      env: { ...process.env, PATH, WHARF_TEST_NO_INSTALL: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    const line = r.stderr.split('\n').find((l) => l.startsWith('npm test needs'));
    expect(line).toMatch(/needs these system packages: .*\bslapd\b.*\bnginx\b/);
    expect(line).toContain('apt-get install -y --no-install-recommends');
    // Nothing else ran: no unit tests, no build.
    expect(r.stdout).not.toContain('== unit tests');
  });
});
