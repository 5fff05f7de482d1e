import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32NoPad, libtrustKeyId } from '@/lib/tokens/kid';

/**
 * An independent base32 for cross-checking: the 240-bit prefix as one BigInt, read 5 bits at
 * a time from the top (no bit buffer, unlike the implementation under test).
 */
function base32ViaBigInt(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  const chars = (bytes.length * 8) / 5;
  let out = '';
  for (let i = chars - 1; i >= 0; i--) out += alphabet[Number((n >> BigInt(i * 5)) & 31n)];
  return out;
}

describe('base32NoPad', () => {
  it('matches the RFC 4648 test vectors with padding dropped', () => {
    const enc = (s: string) => base32NoPad(Buffer.from(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('MY');
    expect(enc('fo')).toBe('MZXQ');
    expect(enc('foo')).toBe('MZXW6');
    expect(enc('foob')).toBe('MZXW6YQ');
    expect(enc('fooba')).toBe('MZXW6YTB');
    expect(enc('foobar')).toBe('MZXW6YTBOI');
  });
});

describe('libtrustKeyId', () => {
  it('reproduces the worked example of distribution docs/spec/auth/jwt.md (P-256 key)', () => {
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: 'm7zUpx3b-zmVE5cymSs64POG9QcyEpJaYCD82-549_Q',
        y: 'dU3biz8sZ_8GPB-odm8Wxz3lNDr1xcAQQPQaOcr1fmc',
      },
      format: 'jwk',
    });
    expect(libtrustKeyId(key)).toBe('PYYO:TEWU:V7JH:26JV:AQTZ:LJC3:SXVJ:XGHA:34F2:2LAQ:ZRMK:Z7Q6');
  });

  const independent = (publicKey: KeyObject) => {
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    return base32ViaBigInt(createHash('sha256').update(spki).digest().subarray(0, 30)).replace(
      /(.{4})(?!$)/g,
      '$1:',
    );
  };

  it('agrees with an independent computation for an RSA key', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const expected = independent(publicKey);
    expect(libtrustKeyId(publicKey)).toBe(expected);
    expect(expected).toMatch(/^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
  });

  it('agrees with an independent computation for a P-256 key, hashing the named-curve SPKI', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    // Go's x509.MarshalPKIXPublicKey for P-256: 91 bytes, id-ecPublicKey + prime256v1 OID + the
    // uncompressed point (0x04 ‖ X ‖ Y), the same bytes libtrust hashes.
    expect(spki.length).toBe(91);
    expect(spki.subarray(0, 27).toString('hex')).toBe(
      '3059301306072a8648ce3d020106082a8648ce3d03010703420004',
    );
    expect(libtrustKeyId(publicKey)).toBe(independent(publicKey));
    expect(libtrustKeyId(privateKey)).toBe(independent(publicKey));
  });

  it('is the same for a private key, its public key and their PEM forms, and differs between keys', () => {
    const a = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = libtrustKeyId(a.publicKey);
    expect(libtrustKeyId(a.privateKey)).toBe(kid);
    expect(libtrustKeyId(a.publicKey.export({ type: 'spki', format: 'pem' }))).toBe(kid);
    expect(libtrustKeyId(a.privateKey.export({ type: 'pkcs8', format: 'pem' }))).toBe(kid);
    expect(libtrustKeyId(b.publicKey)).not.toBe(kid);
  });
});
