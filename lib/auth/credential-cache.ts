// A short-lived in-memory cache of verified username+secret pairs, so that a burst of
// token requests (a docker push asks for a token per layer) costs one password hash, not
// dozens. Keys are HMACs with a per-process random key: the cache never holds a password
// or a hash that could be attacked offline. Entries expire after `ttlMs`; callers still
// re-read the user row, so a disabled user or a changed password takes effect at once.
import { randomBytes } from 'node:crypto';
import { hmacSha256 } from '@/lib/auth/secrets';
import { nowMs } from '@/lib/clock';

export type CachedCredential = {
  kind: 'user';
  userId: number;
  credentialsChangedAt: number;
  /** Local password or directory (LDAP) password. */
  method: 'password' | 'ldap';
};

type Entry = { value: CachedCredential; expiresAt: number };

export class CredentialCache {
  private readonly mac = hmacSha256(randomBytes(32));
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = nowMs,
  ) {}

  /** An opaque key for a pair (HMAC with the per-process key; never the secret). */
  keyOf(username: string, secret: string): string {
    return this.digest(username, secret);
  }

  private digest(username: string, secret: string): string {
    return this.mac(`${username.toLowerCase()}\0${secret}`);
  }

  get(username: string, secret: string): CachedCredential | undefined {
    const k = this.digest(username, secret);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(k);
      return undefined;
    }
    return e.value;
  }

  set(username: string, secret: string, value: CachedCredential): void {
    if (this.entries.size >= this.maxEntries) {
      // Drop the oldest entry (Map keeps insertion order).
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(this.digest(username, secret), { value, expiresAt: this.now() + this.ttlMs });
  }

  /** Forgets every entry of a user (password change, disable). */
  forgetUser(userId: number): void {
    for (const [k, e] of this.entries) if (e.value.userId === userId) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}

const globalForCache = globalThis as unknown as { wharfCredentialCache?: CredentialCache };

export function credentialCache(): CredentialCache {
  globalForCache.wharfCredentialCache ??= new CredentialCache();
  return globalForCache.wharfCredentialCache;
}
