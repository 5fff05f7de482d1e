import { describe, expect, it } from 'vitest';
import { isDraining, startDraining } from '@/lib/edge/lifecycle';

describe('lifecycle', () => {
  it('is shared through one slot, so the server and the app see the same state', () => {
    expect(isDraining()).toBe(false);
    startDraining();
    const slot = (globalThis as unknown as Record<symbol, { draining: boolean }>)[
      Symbol.for('wharf.lifecycle')
    ];
    expect(slot?.draining).toBe(true);
    expect(isDraining()).toBe(true);
  });
});
