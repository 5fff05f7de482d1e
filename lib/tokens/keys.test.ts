import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { libtrustKeyId } from '@/lib/tokens/kid';
import { loadOrCreateSigningKey, SigningKeyError } from '@/lib/tokens/keys';
import { signRegistryToken, verifyRegistryToken } from '@/lib/tokens/jwt';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'wharf-keys-'));

describe('signing key', () => {
  it('is generated once, kept private, reused, and exported for the registry', async () => {
    const dataDir = tmp();
    const exportPath = path.join(dataDir, 'export', 'token.crt');
    const a = await loadOrCreateSigningKey({ dataDir, exportPath });
    expect(statSync(path.join(dataDir, 'token', 'signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(exportPath, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    const b = await loadOrCreateSigningKey({ dataDir, exportPath });
    expect(b.kid).toBe(a.kid);
    expect(a.kid).toBe(libtrustKeyId(a.certificatePem));
    expect(a.notAfter.getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 86400_000);
  });

  it('reads given files and refuses a certificate of another key', async () => {
    const one = tmp();
    const two = tmp();
    await loadOrCreateSigningKey({ dataDir: one });
    await loadOrCreateSigningKey({ dataDir: two });
    const keyFile = path.join(one, 'token', 'signing-key.pem');
    const good = await loadOrCreateSigningKey({
      dataDir: tmp(),
      keyFile,
      certFile: path.join(one, 'token', 'signing-cert.pem'),
    });
    expect(good.kid).toBe(libtrustKeyId(readFileSync(keyFile)));
    await expect(
      loadOrCreateSigningKey({
        dataDir: tmp(),
        keyFile,
        certFile: path.join(two, 'token', 'signing-cert.pem'),
      }),
    ).rejects.toThrow(/does not belong/);
    await expect(loadOrCreateSigningKey({ dataDir: tmp(), keyFile })).rejects.toBeInstanceOf(SigningKeyError);
    const broken = path.join(tmp(), 'bad.pem');
    writeFileSync(broken, 'not a key');
    await expect(
      loadOrCreateSigningKey({ dataDir: tmp(), keyFile: broken, certFile: broken }),
    ).rejects.toThrow(/cannot read the token signing key/);
  });
});

describe('registry tokens', () => {
  it('have the header and claims registry 2.8 parses', async () => {
    const key = await loadOrCreateSigningKey({ dataDir: tmp() });
    const now = new Date('2026-11-22T12:00:00.000Z');
    const { token, expiresIn, issuedAt } = await signRegistryToken({
      key,
      subject: 'alice',
      audience: 'wharf-registry',
      issuer: 'wharf',
      lifetimeSeconds: 30,
      access: [
        { type: 'repository', class: 'plugin', name: 'a/b', actions: ['pull'] },
        { type: 'registry', name: 'catalog', actions: ['*'] },
      ],
      now,
    });
    expect(expiresIn).toBe(60); // raised to the clients' minimum
    expect(issuedAt).toBe('2026-11-22T12:00:00.000Z');
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ typ: 'JWT', alg: 'RS256', kid: key.kid, x5c: [key.certificateDerBase64] });
    const claims = decodeJwt(token);
    expect(claims.aud).toBe('wharf-registry');
    expect(claims.exp).toBe(claims.iat! + 60);
    expect(Number.isInteger(claims.nbf)).toBe(true);
    expect(claims.access).toEqual([
      { type: 'repository', class: 'plugin', name: 'a/b', actions: ['pull'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  });

  it('verify with the certificate; reject a wrong audience', async () => {
    const key = await loadOrCreateSigningKey({ dataDir: tmp() });
    const { token } = await signRegistryToken({
      key,
      subject: 's',
      audience: 'svc',
      issuer: 'iss',
      lifetimeSeconds: 300,
      access: [],
    });
    expect((await verifyRegistryToken(token, key, { issuer: 'iss', audience: 'svc' })).payload.sub).toBe('s');
    await expect(verifyRegistryToken(token, key, { issuer: 'iss', audience: 'other' })).rejects.toThrow();
  });
});
