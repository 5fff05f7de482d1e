// Integration: tokens from this library against the real registry 2.8 binary (Debian's
// docker-registry, the registry:2 code). Proves the wire facts of distribution docs/spec/auth/jwt.md with our own
// key, kid, claims and grants, not only against our own verifier. Traffic stays on 127.0.0.1.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryAvailable, startRegistry, type RunningRegistry } from '@/scripts/registry/start-registry';
import { computeGrants } from '@/lib/tokens/grants';
import { signRegistryToken, type AccessEntry, type SignOptions } from '@/lib/tokens/jwt';
import { loadOrCreateSigningKey, type SigningKey } from '@/lib/tokens/keys';
import { parseScopes } from '@/lib/tokens/scope';

const SERVICE = 'wharf-registry';
const ISSUER = 'wharf';
// The registry only puts the realm into challenges; nothing here calls it.
const REALM = 'http://127.0.0.1:1/v2/token';

if (!registryAvailable()) {
  describe('registry 2.8 integration', () => {
    it.skip('SKIPPED: /usr/bin/docker-registry is not installed (apt-get install docker-registry)', () => {});
  });
} else {
  describe('registry 2.8 integration', () => {
    const dirs: string[] = [];
    let key: SigningKey;
    let untrusted: SigningKey;
    let registry: RunningRegistry;

    beforeAll(async () => {
      const tmp = () => {
        const d = mkdtempSync(path.join(tmpdir(), 'wharf-int-'));
        dirs.push(d);
        return d;
      };
      const dataDir = tmp();
      const exportPath = path.join(tmp(), 'token.crt'); // what rootcertbundle points at
      [key, untrusted] = await Promise.all([
        loadOrCreateSigningKey({ dataDir, exportPath }),
        loadOrCreateSigningKey({ dataDir: tmp() }),
      ]);
      registry = await startRegistry({
        realm: REALM,
        rootCertBundle: exportPath,
        service: SERVICE,
        issuer: ISSUER,
      });
    });

    afterAll(async () => {
      await registry?.stop();
      dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
    });

    const sign = async (access: AccessEntry[], extra: Partial<SignOptions> = {}) =>
      (
        await signRegistryToken({
          key,
          subject: 'integration',
          audience: SERVICE,
          issuer: ISSUER,
          lifetimeSeconds: 300,
          access,
          ...extra,
        })
      ).token;

    const call = (method: string, route: string, token?: string, body?: Uint8Array<ArrayBuffer>) =>
      fetch(`${registry.url}${route}`, {
        method,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        body,
        redirect: 'manual',
      });

    const challenge = (res: Response) => res.headers.get('www-authenticate') ?? '';
    const repo = (name: string, ...actions: string[]): AccessEntry => ({ type: 'repository', name, actions });

    it('challenges a request without a token with our realm and service', async () => {
      const res = await call('GET', '/v2/');
      expect(res.status).toBe(401);
      expect(challenge(res)).toBe(`Bearer realm="${REALM}",service="${SERVICE}"`);
    });

    it('accepts a valid token on /v2/ (the login check), with x5c and with the libtrust kid alone', async () => {
      expect((await call('GET', '/v2/', await sign([]))).status).toBe(200);
      expect((await call('GET', '/v2/', await sign([], { withX5c: false }))).status).toBe(200);
      // Without x5c the kid is the only link to the bundle: a wrong one fails.
      const wrongKid = { ...key, kid: 'AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA' };
      expect((await call('GET', '/v2/', await sign([], { key: wrongKid, withX5c: false }))).status).toBe(401);
    });

    it('rejects a wrong audience or issuer as an invalid token', async () => {
      for (const extra of [{ audience: 'another-registry' }, { issuer: 'someone-else' }]) {
        const res = await call('GET', '/v2/', await sign([], extra));
        expect(res.status, JSON.stringify(extra)).toBe(401);
        expect(challenge(res)).toContain('error="invalid_token"');
      }
    });

    it('rejects tokens of a key whose certificate is not in the bundle', async () => {
      for (const withX5c of [true, false]) {
        const res = await call('GET', '/v2/', await sign([], { key: untrusted, withX5c }));
        expect(res.status, `withX5c=${withX5c}`).toBe(401);
        expect(challenge(res)).toContain('error="invalid_token"');
      }
    });

    it('rejects a token expired by more than the 60 s leeway, and accepts one within it', async () => {
      const expiredLongAgo = new Date(Date.now() - 160_000); // exp = now - 100 s
      const expiredJustNow = new Date(Date.now() - 90_000); // exp = now - 30 s
      const old = await call('GET', '/v2/', await sign([], { lifetimeSeconds: 60, now: expiredLongAgo }));
      expect(old.status).toBe(401);
      expect(challenge(old)).toContain('error="invalid_token"');
      expect(
        (await call('GET', '/v2/', await sign([], { lifetimeSeconds: 60, now: expiredJustNow }))).status,
      ).toBe(200);
    });

    it('needs push (with pull) to start a blob upload', async () => {
      const pullOnly = await call(
        'POST',
        '/v2/team/app/blobs/uploads/',
        await sign([repo('team/app', 'pull')]),
      );
      expect(pullOnly.status).toBe(401);
      expect(challenge(pullOnly)).toContain('error="insufficient_scope"');
      const pushOnly = await call(
        'POST',
        '/v2/team/app/blobs/uploads/',
        await sign([repo('team/app', 'push')]),
      );
      expect(pushOnly.status).toBe(401); // the registry asks for pull,push together

      const both = await call(
        'POST',
        '/v2/team/app/blobs/uploads/',
        await sign([repo('team/app', 'pull', 'push')]),
      );
      expect(both.status).toBe(202);
      expect(both.headers.get('location')).toContain('/v2/team/app/blobs/uploads/');
    });

    it('matches repository names exactly', async () => {
      const res = await call(
        'POST',
        '/v2/team/app2/blobs/uploads/',
        await sign([repo('team/app', 'pull', 'push')]),
      );
      expect(res.status).toBe(401);
      expect(challenge(res)).toContain('error="insufficient_scope"');
    });

    it('needs delete to delete a manifest (storage.delete.enabled is on)', async () => {
      const digest = `sha256:${'0'.repeat(64)}`;
      const route = `/v2/team/app/manifests/${digest}`;
      const withoutDelete = await call('DELETE', route, await sign([repo('team/app', 'pull', 'push')]));
      expect(withoutDelete.status).toBe(401);
      // Past authorization the registry looks the digest up: unknown, but not 405 UNSUPPORTED.
      const withDelete = await call('DELETE', route, await sign([repo('team/app', 'delete')]));
      expect(withDelete.status).toBe(404);
    });

    it('lists the catalog only with registry:catalog:*', async () => {
      const denied = await call('GET', '/v2/_catalog', await sign([repo('team/app', 'pull')]));
      expect(denied.status).toBe(401);
      expect(challenge(denied)).toContain('scope="registry:catalog:*"');
      const allowed = await call(
        'GET',
        '/v2/_catalog',
        await sign([{ type: 'registry', name: 'catalog', actions: ['*'] }]),
      );
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toHaveProperty('repositories');
    });

    it('lets a developer push a blob with the grants computed for `*`, and an admin see it in the catalog', async () => {
      const { access } = computeGrants({
        scopes: parseScopes(['repository:lab/tool:*']),
        isAdmin: false,
        projects: new Map([
          ['lab', { isPublic: false, principal: { kind: 'user', isAdmin: false, role: 'developer' } }],
        ]),
      });
      expect(access).toEqual([repo('lab/tool', 'pull', 'push')]);
      const token = await sign(access, { subject: 'dev' });

      const blob = Buffer.from(`layer ${Date.now()}`);
      const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
      const started = await call('POST', '/v2/lab/tool/blobs/uploads/', token);
      expect(started.status).toBe(202);
      const location = new URL(started.headers.get('location')!, registry.url);
      location.searchParams.set('digest', digest);
      const put = await call('PUT', `${location.pathname}${location.search}`, token, new Uint8Array(blob));
      expect(put.status).toBe(201);
      expect(put.headers.get('docker-content-digest')).toBe(digest);
      expect((await call('HEAD', `/v2/lab/tool/blobs/${digest}`, token)).status).toBe(200);

      const admin = computeGrants({
        scopes: parseScopes(['registry:catalog:*']),
        isAdmin: true,
        projects: new Map(),
      });
      const catalog = await call('GET', '/v2/_catalog', await sign(admin.access, { subject: 'admin' }));
      expect(((await catalog.json()) as { repositories: string[] }).repositories).toContain('lab/tool');
    });

    it('ignores an access entry with the class folded into the type', async () => {
      // The type must be `repository` with a separate class (registry/auth/token/token.go, accessSet).
      const folded = await call(
        'POST',
        '/v2/team/app/blobs/uploads/',
        await sign([{ type: 'repository(plugin)', name: 'team/app', actions: ['pull', 'push'] }]),
      );
      expect(folded.status).toBe(401);
      const split = await call(
        'POST',
        '/v2/team/app/blobs/uploads/',
        await sign([{ type: 'repository', class: 'plugin', name: 'team/app', actions: ['pull', 'push'] }]),
      );
      expect(split.status).toBe(202);
    });
  });
}
