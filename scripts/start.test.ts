import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

/** The launcher's output: JSON lines on stdout (lib/log.ts), nothing on stderr. */
function lines(res: { stdout: string; stderr: string }): Array<{ level: string; msg: string }> {
  expect(res.stderr).toBe('');
  return res.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { level: string; msg: string });
}

describe('launcher', () => {
  it('stops with one clear line naming a malformed setting', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'not-a-port', WHARF_DATA_DIR: '/tmp/wharf-never-created' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    const [line, ...more] = lines(res);
    expect(more).toEqual([]);
    expect(line!.level).toBe('fatal');
    expect(line!.msg).toMatch(/^Invalid setting PORT: .*not-a-port/);
  });

  it('stops at once with one line when REGISTRY_BINARY names no executable file', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        REGISTRY_URL: '',
        REGISTRY_BINARY: '/nonexistent/registry',
        WHARF_DATA_DIR: '/tmp/wharf-never-created',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    const [line, ...more] = lines(res);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 'fatal' });
    expect(line!.msg).toMatch(
      /^Invalid setting REGISTRY_BINARY: \/nonexistent\/registry is not an executable file/,
    );
  });
});
