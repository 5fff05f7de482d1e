import { beforeEach, describe, expect, it, vi } from 'vitest';

// The epoch as the listener would report it: a number while listening, null while deaf.
const epoch = vi.hoisted(() => ({ value: 1 as number | null }));
vi.mock('@/lib/cluster/events', () => ({ cacheEpoch: () => epoch.value }));

const { cached, peekCached, touchDue, touchPending } = await import('@/lib/cluster/epoch-cache');

describe('peekCached (the token endpoint reads it without waiting)', () => {
  beforeEach(() => {
    epoch.value = 1;
  });

  it('answers only what cached() loaded in the current epoch', async () => {
    expect(peekCached('t1', 'k')).toBeUndefined();
    await cached('t1', 'k', async () => 'row');
    expect(peekCached('t1', 'k')).toBe('row');
    epoch.value = 2; // a change anywhere: nothing loaded before it is answered
    expect(peekCached('t1', 'k')).toBeUndefined();
  });

  it('answers nothing while the replica cannot hear the others', async () => {
    await cached('t2', 'k', async () => 'row');
    epoch.value = null;
    expect(peekCached('t2', 'k')).toBeUndefined();
  });

  it('keeps a cached "no such row" (null) apart from "not loaded" (undefined)', async () => {
    await cached('t3', 'gone', async () => null);
    expect(peekCached('t3', 'gone')).toBeNull();
  });
});

describe('touchPending', () => {
  it('says a write is due without claiming it; touchDue claims it once', () => {
    const long = new Date(Date.now() - 120_000);
    expect(touchPending('k1', long)).toBe(true);
    expect(touchPending('k1', long)).toBe(true);
    expect(touchDue('k1', long)).toBe(true);
    expect(touchPending('k1', long)).toBe(false);
    expect(touchDue('k1', long)).toBe(false);
    expect(touchPending('k2', new Date())).toBe(false);
  });
});
