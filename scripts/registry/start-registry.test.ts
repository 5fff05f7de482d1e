// The registry harness itself: start-up against deploy/registry/config.yml, stop by PID,
// clean-up, failure reporting and secret redaction. Needs the real registry binary.
import { mkdtempSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from '@/lib/tokens/keys';
import { registryAvailable, startRegistry } from '@/scripts/registry/start-registry';

const REALM = 'http://127.0.0.1:1/v2/token';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!registryAvailable())('startRegistry (needs /usr/bin/docker-registry)', () => {
  let dir: string;
  let cert: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wharf-harness-'));
    cert = path.join(dir, 'token.crt');
    await loadOrCreateSigningKey({ dataDir: dir, exportPath: cert });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves token auth on a free loopback port and is gone after stop()', async () => {
    const registry = await startRegistry({
      realm: REALM,
      rootCertBundle: cert,
      service: 'svc-x',
      issuer: 'iss-x',
    });
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(registry.port).toBeGreaterThan(0);
    const res = await fetch(`${registry.url}/v2/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="${REALM}",service="svc-x"`);
    expect(readFileSync(registry.configFile, 'utf8')).toContain('REGISTRY_AUTH_TOKEN_ISSUER');
    expect(alive(registry.pid)).toBe(true);

    await registry.stop();
    expect(alive(registry.pid)).toBe(false);
    expect(existsSync(registry.storageDir)).toBe(false);
    expect(existsSync(registry.configFile)).toBe(false);
    await registry.stop(); // idempotent
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
  });

  it('runs two registries side by side', async () => {
    const [a, b] = await Promise.all([
      startRegistry({ realm: REALM, rootCertBundle: cert }),
      startRegistry({ realm: REALM, rootCertBundle: cert }),
    ]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.storageDir).not.toBe(b.storageDir);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('reports why the registry would not start, with its output', async () => {
    const notACert = path.join(dir, 'public-key-only.pem');
    writeFileSync(notACert, '-----BEGIN PUBLIC KEY-----\nMA==\n-----END PUBLIC KEY-----\n');
    await expect(startRegistry({ realm: REALM, rootCertBundle: notACert })).rejects.toThrow(
      /registry did not start: it exited[\s\S]*token signing root certificate/,
    );
    await expect(
      startRegistry({ realm: REALM, rootCertBundle: path.join(dir, 'missing.crt') }),
    ).rejects.toThrow(/does not exist/);
  });

  it('configures notifications and keeps their secret out of the captured logs', async () => {
    const secret = 'harness-notify-secret-0123456789';
    const chunks: string[] = [];
    const registry = await startRegistry({
      realm: REALM,
      rootCertBundle: cert,
      notifications: { url: 'http://127.0.0.1:1/api/registry/events', secret },
      onOutput: (c) => chunks.push(c),
    });
    try {
      expect(registry.logs()).toMatch(
        /configuring endpoint wharf \(http:\/\/127\.0\.0\.1:1\/api\/registry\/events\)/,
      );
      expect(registry.logs()).toContain('Bearer <redacted>');
      expect(registry.logs()).not.toContain(secret);
      expect(chunks.join('')).not.toContain(secret);
    } finally {
      await registry.stop();
    }
  });

  it('does not pass the parent’s REGISTRY_* settings to the registry', async () => {
    const saved = process.env.REGISTRY_AUTH_TOKEN_SERVICE;
    process.env.REGISTRY_AUTH_TOKEN_SERVICE = 'leaked-from-parent';
    try {
      const registry = await startRegistry({ realm: REALM, rootCertBundle: cert });
      try {
        const res = await fetch(`${registry.url}/v2/`);
        expect(res.headers.get('www-authenticate')).toContain('service="wharf-registry"');
      } finally {
        await registry.stop();
      }
    } finally {
      if (saved === undefined) delete process.env.REGISTRY_AUTH_TOKEN_SERVICE;
      else process.env.REGISTRY_AUTH_TOKEN_SERVICE = saved;
    }
  });
});
