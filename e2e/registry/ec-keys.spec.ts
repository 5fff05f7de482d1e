// ECDSA signing keys end to end: a Wharf of its own with TOKEN_KEY_TYPE=ec, and its own
// registry 2.8 trusting the certificate that Wharf exported. Real podman push and pull run on
// ES256 tokens; a token signed by any other P-256 key is refused by the registry.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { loadOrCreateSigningKey, type SigningKey } from '../../lib/tokens/keys';
import { signRegistryToken } from '../../lib/tokens/jwt';
import { libtrustKeyId } from '../../lib/tokens/kid';
import { startRegistry, type RunningRegistry } from '../../scripts/registry/start-registry';
import { Podman } from '../fixtures/clients';
import { ADMIN_PASSWORD, startWharf, type WharfServer } from '../fixtures/wharf-server';

test.describe.configure({ mode: 'serial' });

let wharf: WharfServer;
let registry: RunningRegistry;
let exportDir: string;
let exportPath: string;
const otherDir = mkdtempSync(path.join(tmpdir(), 'wharf-ec-other-'));
const admin = { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  exportDir = mkdtempSync(path.join(tmpdir(), 'wharf-ec-export-'));
  exportPath = path.join(exportDir, 'token.crt');
  wharf = await startWharf({
    name: 'ec-keys',
    env: { TOKEN_KEY_TYPE: 'ec', TOKEN_CERT_EXPORT_PATH: exportPath },
  });
  // The registry trusts exactly what Wharf exported for it.
  registry = await startRegistry({ realm: `${wharf.url}/v2/token`, rootCertBundle: exportPath });
});

test.afterAll(async () => {
  await registry?.stop();
  expect(await wharf?.stop()).toBe(0);
  rmSync(exportDir, { recursive: true, force: true });
  rmSync(otherDir, { recursive: true, force: true });
});

/** Wharf's own key, read from its data directory (as an operator's TOKEN_KEY_FILE would be). */
const wharfKey = () =>
  loadOrCreateSigningKey({
    dataDir: wharf.dataDir,
    keyFile: path.join(wharf.dataDir, 'token', 'signing-key.pem'),
    certFile: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
  });

const registryGet = (route: string, token: string) =>
  fetch(`${registry.url}${route}`, { headers: { Authorization: `Bearer ${token}` } });

test('[EC KEYS]: the exported and served certificates are ECDSA P-256; tokens are ES256 with its libtrust kid and x5c', async () => {
  const exported = readFileSync(exportPath, 'utf8');
  const cert = new X509Certificate(exported);
  expect(cert.publicKey.asymmetricKeyType).toBe('ec');
  expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  expect(cert.verify(cert.publicKey)).toBe(true);

  const served = await fetch(`${wharf.url}/api/v1/system/token-certificate`, { headers: admin });
  expect(served.status).toBe(200);
  expect((await served.text()).trim()).toBe(exported.trim());

  const res = await fetch(`${wharf.url}/v2/token?service=wharf-registry`, { headers: admin });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  expect(decodeProtectedHeader(token)).toEqual({
    typ: 'JWT',
    alg: 'ES256',
    kid: libtrustKeyId(cert.publicKey),
    x5c: [cert.raw.toString('base64')],
  });
  expect(Buffer.from(token.split('.')[2]!, 'base64url').length).toBe(64); // raw r‖s
  expect((await registryGet('/v2/', token)).status).toBe(200);
});

test('[EC KEYS]: podman pushes and pulls with ES256 tokens', async () => {
  const project = `ec-${Date.now().toString(36)}`;
  const created = await fetch(`${wharf.url}/api/v1/projects`, {
    method: 'POST',
    headers: { ...admin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: project }),
  });
  expect(created.status).toBe(201);
  const ref = `${registry.host}/${project}/app:v1`;
  const pusher = new Podman();
  expect((await pusher.login('admin', ADMIN_PASSWORD, registry.host)).code).toBe(0);
  await pusher.makeImage(ref);
  const pushed = await pusher.push(ref);
  expect(pushed.code, pushed.stderr).toBe(0);

  const puller = new Podman(); // another machine: nothing cached
  expect((await puller.login('admin', ADMIN_PASSWORD, registry.host)).code).toBe(0);
  const pulled = await puller.pull(ref);
  expect(pulled.code, pulled.stderr).toBe(0);

  // The pull's token really was ES256 and named the repository.
  const res = await fetch(
    `${wharf.url}/v2/token?service=wharf-registry&scope=repository:${project}/app:pull`,
    { headers: admin },
  );
  const { token } = (await res.json()) as { token: string };
  expect(decodeProtectedHeader(token).alg).toBe('ES256');
  expect(decodeJwt(token).access).toEqual([
    { type: 'repository', name: `${project}/app`, actions: ['pull'] },
  ]);
  const manifest = await fetch(`${registry.url}/v2/${project}/app/manifests/v1`, {
    headers: {
      Authorization: `Bearer ${token}`,
      Accept:
        'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  expect(manifest.status).toBe(200);
});

test('[EC KEYS]: the registry accepts Wharf’s key by kid alone and refuses a token signed by another EC key', async () => {
  const own: SigningKey = await wharfKey();
  expect(own.alg).toBe('ES256');
  const other = await loadOrCreateSigningKey({ dataDir: otherDir, keyType: 'ec' });
  expect(other.kid).not.toBe(own.kid);
  const claims = {
    subject: 'admin',
    audience: 'wharf-registry',
    issuer: 'wharf',
    lifetimeSeconds: 120,
    access: [{ type: 'registry', name: 'catalog', actions: ['*'] }],
  };
  const ownKidOnly = await signRegistryToken({ ...claims, key: own, withX5c: false });
  expect((await registryGet('/v2/_catalog', ownKidOnly.token)).status).toBe(200);

  // Another key, whether it presents its own certificate, its own kid or Wharf's kid.
  const forged = [
    await signRegistryToken({ ...claims, key: other }),
    await signRegistryToken({ ...claims, key: other, withX5c: false }),
    await signRegistryToken({ ...claims, key: { ...other, kid: own.kid }, withX5c: false }),
    await signRegistryToken({ ...claims, key: { ...other, certificateDerBase64: own.certificateDerBase64 } }),
  ];
  for (const [i, { token }] of forged.entries()) {
    const res = await registryGet('/v2/_catalog', token);
    expect(res.status, `forged token ${i}`).toBe(401);
    expect(res.headers.get('www-authenticate'), `forged token ${i}`).toContain('error="invalid_token"');
  }
});
