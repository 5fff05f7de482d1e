// Every secret Wharf mints — personal access tokens, robot secrets, refresh tokens (docker's
// identity token), session ids — comes from newSecret: 256 random bits behind a recognisable
// prefix, stored only as SHA-256 (enough for high-entropy secrets; no slow hash needed).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const PAT_PREFIX = 'wharf_pat_';
export const ROBOT_PREFIX = 'wharf_rb_';
export const REFRESH_TOKEN_PREFIX = 'wharf_rt_';
export const SESSION_PREFIX = 'wharf_ss_';

/** Prefixes of secrets Wharf minted: never a password, so never checked as one. */
export const MINTED_PREFIXES = [PAT_PREFIX, ROBOT_PREFIX, REFRESH_TOKEN_PREFIX, SESSION_PREFIX] as const;

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

/** True for a string shaped like a secret Wharf minted with this prefix (bounded length, base64url). */
export function looksMinted(value: string, prefix: string): boolean {
  return value.length <= prefix.length + 64 && value.startsWith(prefix) && /^[\w-]+$/.test(value);
}
