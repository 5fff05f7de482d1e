// Throttling of failed sign-ins, per key (username, client IP). A key that failed `limit`
// times within `windowMs` is blocked for a lock time that doubles with each further
// block, capped at `maxLockMs`; the lock always ends, so an account is never locked out
// for good, and a success clears the key's record.
import { getEnv } from '@/lib/env';

export type ThrottleOptions = {
  limit: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
  now?: () => number;
};

type Entry = { failures: number[]; lockedUntil: number; locks: number };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class Throttle {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions) {
    this.now = options.now ?? Date.now;
  }

  check(key: string): ThrottleVerdict {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && entry.lockedUntil > now) {
      return { allowed: false, retryAfterSeconds: Math.ceil((entry.lockedUntil - now) / 1000) };
    }
    return { allowed: true };
  }

  fail(key: string): void {
    const now = this.now();
    const entry = this.entries.get(key) ?? { failures: [], lockedUntil: 0, locks: 0 };
    entry.failures = entry.failures.filter((t) => now - t < this.options.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.options.limit) {
      const lockMs = Math.min(this.options.baseLockMs * 2 ** entry.locks, this.options.maxLockMs);
      entry.lockedUntil = now + lockMs;
      entry.locks += 1;
      entry.failures = [];
    }
    this.entries.set(key, entry);
    this.sweep(now);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  /** Drops idle entries so memory stays bounded under a spray of distinct keys. */
  private sweep(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [key, e] of this.entries) {
      const idle = e.lockedUntil < now && e.failures.every((t) => now - t >= this.options.windowMs);
      if (idle) this.entries.delete(key);
    }
  }
}

/** Checks several keys at once: blocked if any is blocked (the longest wait wins). */
export function checkAll(pairs: Array<[Throttle, string]>): ThrottleVerdict {
  let wait = 0;
  for (const [t, key] of pairs) {
    const v = t.check(key);
    if (!v.allowed) wait = Math.max(wait, v.retryAfterSeconds);
  }
  return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
}

/**
 * Pairs of (name, address) that signed in correctly lately. A spray of made-up names locks an
 * address, but a person or robot who already signed in from there keeps working: the lock is
 * for guessers, and a guesser cannot be on this list without the password.
 */
export class KnownPairs {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30 * 86400_000,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  private key(name: string, ip: string) {
    return `${name}\0${ip}`;
  }

  add(name: string, ip: string): void {
    const key = this.key(name, ip);
    this.entries.delete(key); // re-insert: Map order is then least recently used first
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, this.now() + this.ttlMs);
  }

  has(name: string, ip: string): boolean {
    const until = this.entries.get(this.key(name, ip));
    return until !== undefined && until > this.now();
  }
}

export type LoginThrottles = { byUser: Throttle; byIp: Throttle; known: KnownPairs };

const globalForThrottle = globalThis as unknown as { wharfThrottles?: LoginThrottles };

/** The process-wide sign-in throttles (shared by the UI sign-in and the token endpoint). */
export function loginThrottles(): LoginThrottles {
  globalForThrottle.wharfThrottles ??= {
    known: new KnownPairs(),
    byUser: new Throttle({
      limit: getEnv().LOGIN_MAX_FAILURES_PER_USER,
      windowMs: 15 * 60_000,
      baseLockMs: 30_000,
      maxLockMs: 15 * 60_000,
    }),
    byIp: new Throttle({
      limit: getEnv().LOGIN_MAX_FAILURES_PER_IP,
      windowMs: 15 * 60_000,
      baseLockMs: 60_000,
      maxLockMs: 15 * 60_000,
    }),
  };
  return globalForThrottle.wharfThrottles;
}
