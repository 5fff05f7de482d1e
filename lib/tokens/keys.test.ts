import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, SigningKeyError } from '@/lib/tokens/keys';
import { libtrustKeyId } from '@/lib/tokens/kid';

const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-keys-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const keyPath = (dataDir: string) => path.join(dataDir, 'token', 'signing-key.pem');
const certPath = (dataDir: string) => path.join(dataDir, 'token', 'signing-cert.pem');
const YEAR_MS = 365 * 86_400_000;

describe('loadOrCreateSigningKey: generated key', () => {
  it('creates a private RSA key and a 10-year self-signed certificate on first start', async () => {
    const dataDir = tmp();
    const key = await loadOrCreateSigningKey({ dataDir });

    expect(statSync(keyPath(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'token')).mode & 0o077).toBe(0); // no group/other access
    expect(key.privateKey.asymmetricKeyType).toBe('rsa');
    expect(key.privateKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);

    const cert = new X509Certificate(readFileSync(certPath(dataDir)));
    expect(cert.subject).toBe('CN=wharf token signer');
    expect(cert.verify(cert.publicKey)).toBe(true); // self-signed
    expect(cert.checkPrivateKey(key.privateKey)).toBe(true);
    expect(cert.serialNumber).toMatch(/^[0-7]/); // positive DER integer
    expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(Date.now());
    expect(key.notAfter.getTime()).toBeGreaterThan(Date.now() + 9.9 * YEAR_MS);
    expect(key.notAfter.getTime()).toBeLessThan(Date.now() + 10.1 * YEAR_MS);

    expect(key.certificatePem).toBe(cert.toString());
    expect(Buffer.from(key.certificateDerBase64, 'base64').equals(cert.raw)).toBe(true);
    expect(key.kid).toBe(libtrustKeyId(key.certificatePem));
  });

  it('reuses the same key and certificate on every later start', async () => {
    const dataDir = tmp();
    const first = await loadOrCreateSigningKey({ dataDir });
    const keyPem = readFileSync(keyPath(dataDir), 'utf8');
    const second = await loadOrCreateSigningKey({ dataDir });
    expect(second.kid).toBe(first.kid);
    expect(second.certificatePem).toBe(first.certificatePem);
    expect(readFileSync(keyPath(dataDir), 'utf8')).toBe(keyPem);
  });

  it('gives concurrent first starts one key pair (no key next to another call’s certificate)', async () => {
    const dataDir = tmp();
    const keys = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateSigningKey({ dataDir })));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    expect(new Set(keys.map((k) => k.certificatePem)).size).toBe(1);
    expect(existsSync(path.join(dataDir, 'token', '.generate.lock'))).toBe(false);
  });

  it('takes over a generation lock left behind by a crashed process', async () => {
    const dataDir = tmp();
    const lock = path.join(dataDir, 'token', '.generate.lock');
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(lock, old, old);
    const key = await loadOrCreateSigningKey({ dataDir });
    expect(key.kid).toBe(libtrustKeyId(readFileSync(keyPath(dataDir))));
  });

  it('issues a new certificate for the same key when the certificate was lost', async () => {
    const dataDir = tmp();
    const before = await loadOrCreateSigningKey({ dataDir });
    rmSync(certPath(dataDir));
    const after = await loadOrCreateSigningKey({ dataDir });
    expect(after.kid).toBe(before.kid);
    expect(new X509Certificate(after.certificatePem).checkPrivateKey(after.privateKey)).toBe(true);
  });

  it('exports the certificate for the registry and refreshes a stale export', async () => {
    const dataDir = tmp();
    const exportPath = path.join(tmp(), 'registry', 'token.crt');
    const key = await loadOrCreateSigningKey({ dataDir, exportPath });
    expect(readFileSync(exportPath, 'utf8')).toBe(key.certificatePem);
    expect(statSync(exportPath).mode & 0o777).toBe(0o644); // the registry runs as another user
    writeFileSync(exportPath, 'stale');
    await loadOrCreateSigningKey({ dataDir, exportPath });
    expect(readFileSync(exportPath, 'utf8')).toBe(key.certificatePem);
  });
});

describe('loadOrCreateSigningKey: operator-provided files', () => {
  it('uses TOKEN_KEY_FILE and TOKEN_CERT_FILE as given', async () => {
    const source = tmp();
    const generated = await loadOrCreateSigningKey({ dataDir: source });
    const dataDir = tmp();
    const key = await loadOrCreateSigningKey({
      dataDir,
      keyFile: keyPath(source),
      certFile: certPath(source),
    });
    expect(key.kid).toBe(generated.kid);
    expect(existsSync(path.join(dataDir, 'token'))).toBe(false); // nothing generated
  });

  it('refuses a certificate of another key with a clear error', async () => {
    const one = tmp();
    const two = tmp();
    await loadOrCreateSigningKey({ dataDir: one });
    await loadOrCreateSigningKey({ dataDir: two });
    await expect(
      loadOrCreateSigningKey({ dataDir: tmp(), keyFile: keyPath(one), certFile: certPath(two) }),
    ).rejects.toThrow(/certificate .* does not belong to the signing key/);
  });

  it('needs both files, and never creates missing ones', async () => {
    const source = tmp();
    await loadOrCreateSigningKey({ dataDir: source });
    await expect(loadOrCreateSigningKey({ dataDir: tmp(), keyFile: keyPath(source) })).rejects.toThrow(
      /set both TOKEN_KEY_FILE and TOKEN_CERT_FILE/,
    );
    const missing = path.join(tmp(), 'missing.pem');
    await expect(
      loadOrCreateSigningKey({ dataDir: tmp(), keyFile: missing, certFile: certPath(source) }),
    ).rejects.toThrow(/cannot read the token signing key/);
    expect(existsSync(missing)).toBe(false);
    await expect(
      loadOrCreateSigningKey({ dataDir: tmp(), keyFile: keyPath(source), certFile: missing }),
    ).rejects.toThrow(/cannot read the token certificate/);
  });

  it('rejects unparsable, non-RSA and short keys', async () => {
    const source = tmp();
    await loadOrCreateSigningKey({ dataDir: source });
    const dir = tmp();
    const write = (name: string, content: string | Buffer) => {
      writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const load = (keyFile: string) =>
      loadOrCreateSigningKey({ dataDir: dir, keyFile, certFile: certPath(source) });
    await expect(load(write('garbage.pem', 'not a key'))).rejects.toThrow(
      /cannot read the token signing key/,
    );
    await expect(load(write('ec.pem', ec))).rejects.toThrow(/is ec an RSA key|not an RSA key|RS256/);
    await expect(load(write('short.pem', short))).rejects.toThrow(/1024 bits/);
    await expect(load(write('short2.pem', short))).rejects.toBeInstanceOf(SigningKeyError);
  });
});
