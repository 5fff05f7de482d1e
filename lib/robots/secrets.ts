// Secrets for robots and personal access tokens: 256 random bits behind a recognisable
// prefix, stored only as SHA-256 (enough for high-entropy secrets; no slow hash needed).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const PAT_PREFIX = 'wharf_pat_';
export const ROBOT_PREFIX = 'wharf_rb_';

export function newSecret(prefix: string): { secret: string; hash: string; display: string } {
  const secret = prefix + randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret), display: secret.slice(0, prefix.length + 6) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
