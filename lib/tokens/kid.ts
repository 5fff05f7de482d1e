// The libtrust key ID that registry 2.8 looks a token's `kid` up by (distribution docs/spec/auth/jwt.md,
// docker/libtrust util.go keyIDFromCryptoKey): SHA-256 of the DER SubjectPublicKeyInfo,
// first 30 bytes (240 bits), RFC 4648 base32 without padding (exactly 48 characters),
// in 12 groups of 4 joined by ':'. The registry keys its trusted keys by this value for
// every certificate in auth.token.rootcertbundle.
import { createHash, createPublicKey, KeyObject } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (upper case), `=` padding left out as libtrust trims it. */
export function base32NoPad(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff; // only the unread low bits matter
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The libtrust key ID of a key pair. `key` may be a PEM certificate, a PEM public or private
 * key, or a KeyObject; the ID depends only on the public key.
 */
export function libtrustKeyId(key: string | Buffer | KeyObject): string {
  const publicKey = key instanceof KeyObject && key.type === 'public' ? key : createPublicKey(key);
  // Same bytes as Go's x509.MarshalPKIXPublicKey (SPKI, not PKCS#1).
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const digest = createHash('sha256').update(spki).digest().subarray(0, 30);
  return base32NoPad(digest).match(/.{4}/g)!.join(':');
}
