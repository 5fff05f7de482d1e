// A free TCP port on 127.0.0.1, for the test servers (Wharf, slapd, PostgreSQL, registries).
//
// Tests choose a port first and start the server on it later, sometimes seconds later (a
// registry's realm must name Wharf's port before Wharf runs). A port from the kernel's
// ephemeral range (bind to port 0) can be taken in that window by any outgoing connection of
// any process, which the suite makes by the thousand: the server then fails with EADDRINUSE.
// So ports come from below that range, where the kernel never picks a connection's local
// port, and from a block of their own per test worker, so two workers never hand out the
// same port; within a process they are handed out in turn. A port something already listens
// on is skipped.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const BLOCK = 1000;
const LOWEST = 15_000;

/** The first port of the kernel's ephemeral range (Linux), 32768 when it cannot be read. */
export function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** This process's block: the main process has the first, each Playwright or Vitest worker its own. */
export function portBlock(
  env: Record<string, string | undefined> = process.env,
  low = ephemeralLow(),
): [number, number] | null {
  const blocks = Math.floor((low - LOWEST) / BLOCK);
  if (blocks < 2) return null; // no room below the ephemeral range: let the kernel choose
  const worker = Number(env.TEST_PARALLEL_INDEX ?? env.VITEST_POOL_ID ?? -1);
  const slot = Number.isInteger(worker) ? (worker + 1) % blocks : 0;
  const first = LOWEST + slot * BLOCK;
  return [first, first + BLOCK];
}

let next: number | undefined;

export async function freePort(): Promise<number> {
  const block = portBlock();
  if (!block) return listenOn(0);
  const [first, end] = block;
  // A random start: a worker restarted in the same slot does not retrace its predecessor.
  // Read and advanced before each await, so calls in flight together never share a port.
  for (let tries = 0; tries < BLOCK; tries++) {
    const from: number = next ?? first + Math.floor(Math.random() * BLOCK);
    const port = first + ((from - first) % BLOCK);
    next = port + 1;
    try {
      return await listenOn(port);
    } catch {
      // in use: try the next one
    }
  }
  throw new Error(`no free port in ${first}-${end - 1}`);
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const { port: bound } = srv.address() as { port: number };
      srv.close(() => resolve(bound));
    });
  });
}
