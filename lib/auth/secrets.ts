// Every secret Wharf mints — personal access tokens, robot secrets, refresh tokens (docker's
// identity token), session ids — comes from newSecret: 256 random bits behind a recognisable
// prefix, stored only as SHA-256 (enough for high-entropy secrets; no slow hash needed).
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

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
  return sha256(secret, 'hex');
}

/**
 * SHA-256 in one call: `crypto.hash` skips the Hash object that `createHash` sets up each time;
 * the token endpoint hashes on every request.
 */
function sha256(data: string | Buffer, encoding: 'hex' | 'base64url'): string;
function sha256(data: string | Buffer, encoding: 'buffer'): Buffer;
function sha256(data: string | Buffer, encoding: 'hex' | 'base64url' | 'buffer'): string | Buffer {
  return encoding === 'buffer' ? hash('sha256', data, 'buffer') : hash('sha256', data, encoding);
}

/**
 * HMAC-SHA256 (RFC 2104) under a fixed key, as base64url: the value `createHmac` gives, from two
 * one-shot hashes of the precomputed padded keys (no HMAC context is set up per call, which
 * costs several times the hashing itself).
 */
export function hmacSha256(key: Buffer): (message: string) => string {
  const block = Buffer.alloc(64);
  (key.length > 64 ? sha256(key, 'buffer') : key).copy(block);
  const inner = Buffer.from(block.map((b) => b ^ 0x36));
  const outer = Buffer.from(block.map((b) => b ^ 0x5c));
  return (message) => {
    const innerHash = sha256(Buffer.concat([inner, Buffer.from(message, 'utf8')]), 'buffer');
    return sha256(Buffer.concat([outer, innerHash]), 'base64url');
  };
}

export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** True for a string shaped like a secret Wharf minted with this prefix (bounded length, base64url). */
export function looksMinted(value: string, prefix: string): boolean {
  return value.length <= prefix.length + 64 && value.startsWith(prefix) && /^[\w-]+$/.test(value);
}
