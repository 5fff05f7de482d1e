// `npm start`, `npm run dev` and `npm run build` turn Next.js telemetry off unless the user
// set NEXT_TELEMETRY_DISABLED. Runs each script's command line as npm does (`sh -c`), with a
// stand-in `node`/`next` first on PATH that prints what the real one would see.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const scripts = (
  JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

const bin = mkdtempSync(path.join(tmpdir(), 'wharf-telemetry-'));
for (const name of ['node', 'next']) {
  writeFileSync(path.join(bin, name), '#!/bin/sh\necho "telemetry-disabled=$NEXT_TELEMETRY_DISABLED"\n');
  chmodSync(path.join(bin, name), 0o755);
}

function seenBy(script: string, env: Record<string, string> = {}): string {
  const inherited = { ...process.env };
  delete inherited.NEXT_TELEMETRY_DISABLED;
  return execFileSync('sh', ['-c', scripts[script]!], {
    env: { ...inherited, ...env, PATH: `${bin}:${process.env.PATH}` },
    encoding: 'utf8',
  }).trim();
}

describe('Next.js telemetry', () => {
  for (const script of ['start', 'dev', 'build']) {
    it(`is off by default for npm ${script === 'start' ? 'start' : `run ${script}`}`, () => {
      expect(seenBy(script)).toBe('telemetry-disabled=1');
    });
  }
  it('stays under the user’s control', () => {
    expect(seenBy('start', { NEXT_TELEMETRY_DISABLED: '0' })).toBe('telemetry-disabled=0');
  });
});
