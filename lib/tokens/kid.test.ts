import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32NoPad, libtrustKeyId } from '@/lib/tokens/kid';

describe('libtrustKeyId', () => {
  it('base32-encodes per RFC 4648 (test vectors, padding dropped)', () => {
    const enc = (s: string) => base32NoPad(Buffer.from(s));
    expect(enc('f')).toBe('MY');
    expect(enc('fo')).toBe('MZXQ');
    expect(enc('foo')).toBe('MZXW6');
    expect(enc('foob')).toBe('MZXW6YQ');
    expect(enc('fooba')).toBe('MZXW6YTB');
    expect(enc('foobar')).toBe('MZXW6YTBOI');
  });

  it('is the same for a private key, its public key and PEM forms, and differs between keys', () => {
    const a = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = libtrustKeyId(a.publicKey);
    expect(kid).toMatch(/^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
    expect(libtrustKeyId(a.privateKey)).toBe(kid);
    expect(libtrustKeyId(a.publicKey.export({ type: 'spki', format: 'pem' }))).toBe(kid);
    expect(libtrustKeyId(b.publicKey)).not.toBe(kid);
  });
});
