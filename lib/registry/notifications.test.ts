import { describe, expect, it } from 'vitest';
import { readEventsBody } from '@/lib/registry/notifications';

/** A body streamed in chunks of `size` bytes, as a request arrives. */
function stream(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
      at += size;
    },
  });
}

const envelope = (n: number) =>
  JSON.stringify({
    events: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, action: 'push', target: { tag: `t${i}` } })),
  });

describe('readEventsBody', () => {
  it('returns a body within the cap as text', async () => {
    expect(await readEventsBody(stream(envelope(3)), 1024)).toEqual({ text: envelope(3) });
    expect(await readEventsBody(null)).toEqual({ text: '' });
  });

  it('reads a larger body to its end and counts its events across chunk boundaries', async () => {
    const body = envelope(50);
    const read = await readEventsBody(stream(body, 5), 200);
    expect(read).toEqual({ tooLarge: true, bytes: Buffer.byteLength(body), events: 50 });
  });
});
