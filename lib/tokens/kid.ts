// The libtrust key ID that registry 2.8 looks up a token's `kid` by (protocol.md §1.5):
// SHA-256 of the DER SubjectPublicKeyInfo, first 30 bytes, base32 without padding, in
// 12 groups of 4 joined by ':'.
import { createHash, createPublicKey, KeyObject } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32NoPad(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** `key` may be a PEM certificate, a PEM public or private key, or a KeyObject. */
export function libtrustKeyId(key: string | Buffer | KeyObject): string {
  const publicKey =
    key instanceof KeyObject && key.type === 'public'
      ? key
      : createPublicKey(key as string | Buffer | KeyObject);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const digest = createHash('sha256').update(spki).digest().subarray(0, 30);
  return base32NoPad(digest).match(/.{4}/g)!.join(':');
}
