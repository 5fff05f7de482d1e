import { describe, expect, it } from 'vitest';
import { lockDurationMs } from '@/lib/auth/throttle';

// The counting and the locks live in PostgreSQL and are shared by every replica; they are
// exercised against the real database by e2e/api/credentials.spec.ts, e2e/registry/robots.spec.ts,
// e2e/registry/directory.spec.ts and e2e/registry/replicas.spec.ts. Here: the lock lengths.
describe('lockDurationMs', () => {
  const rule = { baseLockMs: 30_000, maxLockMs: 15 * 60_000 };

  it('doubles with each further lock', () => {
    expect([0, 1, 2, 3].map((locks) => lockDurationMs(rule, locks))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
  });

  it('is capped, so a lock always ends within the maximum', () => {
    expect(lockDurationMs(rule, 5)).toBe(15 * 60_000);
    expect(lockDurationMs(rule, 1_000)).toBe(15 * 60_000);
  });
});
