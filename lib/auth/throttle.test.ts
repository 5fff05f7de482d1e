import { describe, expect, it } from 'vitest';
import { checkAll, KnownPairs, Throttle } from '@/lib/auth/throttle';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Throttle', () => {
  const opts = { limit: 3, windowMs: 60_000, baseLockMs: 10_000, maxLockMs: 40_000 };

  it('blocks a key after `limit` failures within the window', () => {
    const c = clock();
    const t = new Throttle({ ...opts, now: c.now });
    t.fail('alice');
    t.fail('alice');
    expect(t.check('alice').allowed).toBe(true);
    t.fail('alice');
    expect(t.check('alice')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(t.check('bob').allowed).toBe(true);
  });

  it('forgets failures older than the window', () => {
    const c = clock();
    const t = new Throttle({ ...opts, now: c.now });
    t.fail('a');
    t.fail('a');
    c.advance(61_000);
    t.fail('a');
    expect(t.check('a').allowed).toBe(true);
  });

  it('unlocks by itself, doubling the lock time up to the cap', () => {
    const c = clock();
    const t = new Throttle({ ...opts, now: c.now });
    const lockOnce = () => {
      for (let i = 0; i < 3; i++) t.fail('a');
      const v = t.check('a');
      return v.allowed ? 0 : v.retryAfterSeconds;
    };
    expect(lockOnce()).toBe(10);
    c.advance(10_001);
    expect(t.check('a').allowed).toBe(true);
    expect(lockOnce()).toBe(20);
    c.advance(20_001);
    expect(lockOnce()).toBe(40);
    c.advance(40_001);
    expect(lockOnce()).toBe(40); // capped: never locked out for good
  });

  it('a success clears the record', () => {
    const c = clock();
    const t = new Throttle({ ...opts, now: c.now });
    t.fail('a');
    t.fail('a');
    t.succeed('a');
    t.fail('a');
    expect(t.check('a').allowed).toBe(true);
  });

  it('checkAll waits for the longest lock', () => {
    const c = clock();
    const user = new Throttle({ ...opts, now: c.now });
    const ip = new Throttle({ ...opts, baseLockMs: 30_000, now: c.now });
    for (let i = 0; i < 3; i++) {
      user.fail('u');
      ip.fail('1.2.3.4');
    }
    expect(
      checkAll([
        [user, 'u'],
        [ip, '1.2.3.4'],
      ]),
    ).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(
      checkAll([
        [user, 'other'],
        [ip, '5.6.7.8'],
      ]),
    ).toEqual({ allowed: true });
  });
});

describe('KnownPairs', () => {
  it('remembers a name that signed in from an address, per address, until it expires', () => {
    let now = 0;
    const known = new KnownPairs(1000, 10, () => now);
    known.add('alice', '10.0.0.1');
    expect(known.has('alice', '10.0.0.1')).toBe(true);
    expect(known.has('alice', '10.0.0.2')).toBe(false);
    expect(known.has('bob', '10.0.0.1')).toBe(false);
    now = 1001;
    expect(known.has('alice', '10.0.0.1')).toBe(false);
  });

  it('stays bounded, dropping the least recently used pair', () => {
    const known = new KnownPairs(60_000, 2);
    known.add('a', 'ip');
    known.add('b', 'ip');
    known.add('a', 'ip'); // a is now the most recent
    known.add('c', 'ip');
    expect([known.has('a', 'ip'), known.has('b', 'ip'), known.has('c', 'ip')]).toEqual([true, false, true]);
  });
});
