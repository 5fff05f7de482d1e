import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNodeBody, readWebBody } from './read-body';

/** A stream of `count` chunks of `size` bytes that records how many were pulled. */
function webStream(count: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === count) return controller.close();
      state.pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('readWebBody', () => {
  it('returns the whole body up to the cap', async () => {
    const { stream } = webStream(4, 1024);
    expect((await readWebBody(stream, 4096))!.length).toBe(4096);
    expect((await readWebBody(null, 10))!.length).toBe(0);
  });

  it('stops at the first chunk over the cap and cancels the stream', async () => {
    const { stream, state } = webStream(1000, 1024);
    expect(await readWebBody(stream, 4096)).toBeNull();
    expect(state.pulled).toBeLessThanOrEqual(6);
    expect(state.cancelled).toBe(true);
  });
});

describe('readNodeBody', () => {
  it('returns the whole body up to the cap', async () => {
    const body = await readNodeBody(Readable.from([Buffer.from('a=1&'), Buffer.from('b=2')]), 7);
    expect(body!.toString()).toBe('a=1&b=2');
  });

  it('stops over the cap and leaves the stream paused, not destroyed', async () => {
    let produced = 0;
    const stream = new Readable({
      read() {
        produced += 1;
        this.push(produced > 1000 ? null : Buffer.alloc(1024));
      },
    });
    expect(await readNodeBody(stream, 4096)).toBeNull();
    expect(stream.isPaused()).toBe(true);
    expect(stream.destroyed).toBe(false);
    expect(produced).toBeLessThan(100);
  });
});
