import { generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
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

  it('rejects unparsable keys, keys that are neither RSA nor P-256, and short RSA keys', async () => {
    const source = tmp();
    await loadOrCreateSigningKey({ dataDir: source });
    const dir = tmp();
    const write = (name: string, content: string | Buffer) => {
      writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' });
    const p384 = pem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey);
    const ed25519 = pem(generateKeyPairSync('ed25519').privateKey);
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const load = (keyFile: string) =>
      loadOrCreateSigningKey({ dataDir: dir, keyFile, certFile: certPath(source) });
    await expect(load(write('garbage.pem', 'not a key'))).rejects.toThrow(
      /cannot read the token signing key/,
    );
    await expect(load(write('p384.pem', p384))).rejects.toThrow(
      /is an EC key on secp384r1; Wharf signs ES256, which needs P-256/,
    );
    await expect(load(write('ed.pem', ed25519))).rejects.toThrow(
      /is a ed25519 key; use an RSA \(RS256\) or EC P-256 \(ES256\) key/,
    );
    await expect(load(write('short.pem', short))).rejects.toThrow(/1024 bits/);
    await expect(load(write('short2.pem', short))).rejects.toBeInstanceOf(SigningKeyError);
  });
});

describe('loadOrCreateSigningKey: ECDSA P-256 (TOKEN_KEY_TYPE=ec)', () => {
  it('generates a P-256 key with a self-signed ECDSA certificate, signing ES256', async () => {
    const dataDir = tmp();
    const exportPath = path.join(tmp(), 'token.crt');
    const key = await loadOrCreateSigningKey({ dataDir, exportPath, keyType: 'ec' });

    expect(key.type).toBe('ec');
    expect(key.alg).toBe('ES256');
    expect(key.privateKey.asymmetricKeyType).toBe('ec');
    expect(key.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(statSync(keyPath(dataDir)).mode & 0o777).toBe(0o600);

    const cert = new X509Certificate(readFileSync(certPath(dataDir)));
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(cert.subject).toBe('CN=wharf token signer');
    expect(cert.verify(cert.publicKey)).toBe(true); // self-signed with ECDSA
    expect(cert.checkPrivateKey(key.privateKey)).toBe(true);
    expect(key.notAfter.getTime()).toBeGreaterThan(Date.now() + 9.9 * YEAR_MS);
    // The exported certificate (rootcertbundle, /api/v1/system/token-certificate) is this one.
    expect(readFileSync(exportPath, 'utf8')).toBe(key.certificatePem);
    expect(key.certificatePem).toBe(cert.toString());
    expect(key.kid).toBe(libtrustKeyId(cert.publicKey));
  });

  it('keeps the RSA default when TOKEN_KEY_TYPE is unset or rsa', async () => {
    for (const keyType of [undefined, 'rsa'] as const) {
      const key = await loadOrCreateSigningKey({ dataDir: tmp(), keyType });
      expect([key.type, key.alg, key.privateKey.asymmetricKeyType]).toEqual(['rsa', 'RS256', 'rsa']);
    }
  });

  it('reuses a generated EC key, and re-issues a lost certificate for it with the same kid', async () => {
    const dataDir = tmp();
    const first = await loadOrCreateSigningKey({ dataDir, keyType: 'ec' });
    expect((await loadOrCreateSigningKey({ dataDir, keyType: 'ec' })).kid).toBe(first.kid);
    rmSync(certPath(dataDir));
    const after = await loadOrCreateSigningKey({ dataDir, keyType: 'ec' });
    expect(after.kid).toBe(first.kid);
    const cert = new X509Certificate(after.certificatePem);
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('keeps a generated key of the other type when TOKEN_KEY_TYPE is unset', async () => {
    const dataDir = tmp();
    const ec = await loadOrCreateSigningKey({ dataDir, keyType: 'ec' });
    const again = await loadOrCreateSigningKey({ dataDir });
    expect([again.kid, again.alg]).toEqual([ec.kid, 'ES256']);
  });

  it('refuses, in one line, a generated key of the other type than the TOKEN_KEY_TYPE set, and keeps it', async () => {
    const dataDir = tmp();
    const rsa = await loadOrCreateSigningKey({ dataDir });
    const keyPem = readFileSync(keyPath(dataDir), 'utf8');
    const error = await loadOrCreateSigningKey({ dataDir, keyType: 'ec' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningKeyError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toBe(
      `TOKEN_KEY_TYPE=ec but the generated token signing key ${keyPath(dataDir)} is an RSA key, which Wharf never replaces on its own (the registry trusts its certificate): unset TOKEN_KEY_TYPE to keep it, or move ${path.join(dataDir, 'token')} away to generate an EC P-256 key and give the registry the new certificate`,
    );
    expect(readFileSync(keyPath(dataDir), 'utf8')).toBe(keyPem); // untouched
    expect((await loadOrCreateSigningKey({ dataDir, keyType: 'rsa' })).kid).toBe(rsa.kid);

    const ecDir = tmp();
    await loadOrCreateSigningKey({ dataDir: ecDir, keyType: 'ec' });
    await expect(loadOrCreateSigningKey({ dataDir: ecDir, keyType: 'rsa' })).rejects.toThrow(
      /^TOKEN_KEY_TYPE=rsa but the generated token signing key .* is an EC P-256 key/,
    );
  });

  it('lets a given key decide its own type; a TOKEN_KEY_TYPE that disagrees fails in one line', async () => {
    const source = tmp();
    const generated = await loadOrCreateSigningKey({ dataDir: source, keyType: 'ec' });
    const files = { keyFile: keyPath(source), certFile: certPath(source) };
    for (const keyType of [undefined, 'ec'] as const) {
      const key = await loadOrCreateSigningKey({ dataDir: tmp(), ...files, keyType });
      expect([key.kid, key.alg]).toEqual([generated.kid, 'ES256']);
    }
    await expect(loadOrCreateSigningKey({ dataDir: tmp(), ...files, keyType: 'rsa' })).rejects.toThrow(
      `TOKEN_KEY_TYPE=rsa but the TOKEN_KEY_FILE token signing key ${keyPath(source)} is an EC P-256 key: unset TOKEN_KEY_TYPE (a given key decides its own type) or give an RSA key`,
    );
  });

  it('refuses an RSA certificate given with an EC key', async () => {
    const ec = tmp();
    const rsa = tmp();
    await loadOrCreateSigningKey({ dataDir: ec, keyType: 'ec' });
    await loadOrCreateSigningKey({ dataDir: rsa });
    await expect(
      loadOrCreateSigningKey({ dataDir: tmp(), keyFile: keyPath(ec), certFile: certPath(rsa) }),
    ).rejects.toThrow(/certificate .* does not belong to the signing key/);
  });
});
