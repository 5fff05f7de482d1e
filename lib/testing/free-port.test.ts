import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralLow, freePort, portBlock } from './free-port';

describe('freePort', () => {
  it('hands out ports below the ephemeral range, where no outgoing connection can take them', async () => {
    const low = ephemeralLow();
    const ports = [await freePort(), await freePort(), await freePort()];
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) expect(port).toBeLessThan(low);
  });

  it('gives each worker a block of its own', () => {
    const blocks = [undefined, '0', '1', '2'].map((i) => portBlock({ TEST_PARALLEL_INDEX: i }, 32768)!);
    const sorted = [...blocks].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i][0]).toBeGreaterThanOrEqual(sorted[i - 1][1]);
    expect(sorted.at(-1)![1]).toBeLessThanOrEqual(32768);
  });

  it('lets the kernel choose when there is no room below the ephemeral range', () => {
    expect(portBlock({}, 1024)).toBeNull();
  });

  it('skips a port something listens on', async () => {
    const held = await freePort();
    const srv = createServer().listen(held + 1, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    try {
      expect(await freePort()).not.toBe(held + 1);
    } finally {
      srv.close();
    }
  });
});
