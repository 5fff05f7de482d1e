import { describe, expect, it } from 'vitest';
import { readJson } from '@/lib/http';

/** A request whose body is `count` chunks of 1 KiB; records how many the reader pulled. */
function bigRequest(count: number, headers: Record<string, string> = {}) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === count) return controller.close();
      state.pulled += 1;
      controller.enqueue(
        new TextEncoder().encode(state.pulled === 1 ? '["'.padEnd(1024, 'a') : 'a'.repeat(1024)),
      );
    },
    cancel() {
      state.cancelled = true;
    },
  });
  const req = new Request('http://wharf.test/api/v1/x', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
  return { req, state };
}

describe('readJson', () => {
  it('parses JSON; an empty body is {}; malformed JSON is bad_request', async () => {
    const post = (body: string) => new Request('http://wharf.test/', { method: 'POST', body });
    expect(await readJson(post('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJson(post(''))).toEqual({});
    await expect(readJson(post('{'))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('stops reading at the cap (a streamed body is never buffered whole)', async () => {
    const { req, state } = bigRequest(50 * 1024);
    await expect(readJson(req, 64 * 1024)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(state.pulled).toBeLessThan(70);
    expect(state.cancelled).toBe(true);
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const { req, state } = bigRequest(200, { 'content-length': String(200 * 1024) });
    await expect(readJson(req, 64 * 1024)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(state.pulled).toBeLessThanOrEqual(1);
  });
});
