// Reads a request body up to a cap and stops at the first byte over it, without buffering
// more: for Node streams (Wharf's server) and web streams (Next.js route handlers).
import type { Readable } from 'node:stream';

/** Collects chunks until the cap; `add` answers false once the body is too large. */
function cappedCollector(maxBytes: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    add(chunk: Uint8Array): boolean {
      size += chunk.byteLength;
      if (size > maxBytes) return false;
      chunks.push(chunk);
      return true;
    },
    result: () => Buffer.concat(chunks, size),
  };
}

/** A web stream's body, or null when it exceeds `maxBytes` (the stream is then cancelled). */
export async function readWebBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const collector = cappedCollector(maxBytes);
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return collector.result();
    if (!collector.add(value)) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
  }
}

/**
 * A Node stream's body, or null when it exceeds `maxBytes`. The stream is then left paused
 * (not destroyed: for an HTTP request that would also close the socket the answer goes out on).
 */
export function readNodeBody(stream: Readable, maxBytes: number): Promise<Buffer | null> {
  const collector = cappedCollector(maxBytes);
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      if (collector.add(chunk)) return;
      done();
      stream.pause();
      resolve(null);
    };
    const onEnd = () => {
      done();
      resolve(collector.result());
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
