import { afterEach, describe, expect, it } from 'vitest';
import { dateAt, nowMs } from '@/lib/clock';

const Native = Date;
afterEach(() => {
  globalThis.Date = Native;
});

describe('clock', () => {
  it('keeps reading the Date it found at load after the global one is wrapped (as Next.js does)', () => {
    let wrappedCalls = 0;
    const Wrapped = function (this: unknown, ...args: []) {
      wrappedCalls += 1;
      return Reflect.construct(Native, args, new.target ?? Native);
    } as unknown as DateConstructor;
    Wrapped.now = () => {
      wrappedCalls += 1;
      return Native.now();
    };
    globalThis.Date = Wrapped;
    const before = Native.now();
    const now = nowMs();
    const at = dateAt();
    expect(wrappedCalls).toBe(0);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1000);
    expect(at).toBeInstanceOf(Native);
    expect(dateAt(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });
});
