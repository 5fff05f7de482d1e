import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

describe('launcher', () => {
  it('stops with one clear line naming a malformed setting', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'not-a-port', WHARF_DATA_DIR: '/tmp/wharf-never-created' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^wharf: Invalid setting PORT: .*not-a-port/);
    expect(res.stdout).toBe('');
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
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(
      /^wharf: Invalid setting REGISTRY_BINARY: \/nonexistent\/registry is not an executable file/,
    );
    expect(res.stdout).toBe('');
  });
});
