// Request bodies are capped before anything buffers them (issue: unauthenticated memory
// exhaustion): 50 MB posted to sign-in, the token endpoint and the JSON API are refused at
// once, with Content-Length and chunked, and Wharf's memory stays flat. A Wharf of its own: the
// suite's shared one grows with the other workers' traffic, which is not what is measured here.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, startWharf, type WharfServer } from '../fixtures/wharf-server';

let wharf: WharfServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // No registry: nothing here reaches one. The old generation is capped, so that the heap's
  // own growth (the collector's choice) does not pass for body bytes in the RSS test below;
  // a body held in memory is a Buffer, outside that heap, and still counts.
  wharf = await startWharf({
    name: 'body-limits',
    env: { REGISTRY_URL: 'http://127.0.0.1:9' },
    nodeFlags: ['--max-old-space-size=160'],
  });
});

test.afterAll(async () => {
  expect(await wharf?.stop()).toBe(0);
});

const MiB = 1024 * 1024;
const TOTAL = 50 * MiB;
const CHUNK = new Uint8Array(MiB).fill(0x61); // one shared 1 MiB chunk of "a", sent 50 times

/** Resident memory of Wharf's server process, in bytes. */
function wharfRss(): number {
  const pid = wharf.process.pid;
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** Streams 50 MB (prefix first) without allocating it; counts what the server let through. */
function fiftyMegabytes(prefix: string) {
  const sent = { bytes: 0 };
  const head = new TextEncoder().encode(prefix);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent.bytes >= TOTAL) return controller.close();
      const chunk = sent.bytes === 0 ? head : CHUNK.subarray(0, Math.min(MiB, TOTAL - sent.bytes));
      sent.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, sent };
}

const basicAdmin = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

const TARGETS = [
  {
    path: '/api/auth/callback/credentials',
    type: 'application/x-www-form-urlencoded',
    prefix: 'csrfToken=x&username=admin&password=',
    headers: {},
  },
  {
    path: '/v2/token',
    type: 'application/x-www-form-urlencoded',
    prefix: 'grant_type=password&username=admin&password=',
    headers: {},
  },
  {
    path: '/api/v1/projects',
    type: 'application/json',
    prefix: '{"name":"',
    headers: { Authorization: basicAdmin },
  },
];

async function post(target: (typeof TARGETS)[number], chunked: boolean) {
  const { stream, sent } = fiftyMegabytes(target.prefix);
  const res = await fetch(new URL(target.path, wharf.url), {
    method: 'POST',
    body: stream,
    duplex: 'half',
    headers: {
      'Content-Type': target.type,
      ...target.headers,
      // Without it, fetch sends a stream chunked.
      ...(chunked ? {} : { 'Content-Length': String(TOTAL) }),
    },
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), sentBytes: sent.bytes };
}

test.describe.configure({ mode: 'serial' });

test('POST 50 MB with Content-Length – 413 at once on sign-in, token endpoint and JSON API', async () => {
  for (const target of TARGETS) {
    const res = await post(target, false);
    expect(res.status, target.path).toBe(413);
    if (target.path === '/v2/token') {
      // The token endpoint answers in the registry's error format, as for its other errors.
      expect(res.body).toMatchObject({ error: 'invalid_request', errors: [{ code: 'INVALID_REQUEST' }] });
    } else {
      expect(res.body).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
    }
    expect(res.sentBytes, `${target.path}: the upload was cut short`).toBeLessThan(TOTAL);
  }
});

test('POST 50 MB chunked – counted and cut at the cap where Wharf reads the body; 411 on sign-in', async () => {
  const [signIn, token, api] = await Promise.all(TARGETS.map((t) => post(t, true)));
  // next-auth reads its body whole: a body of unknown length is refused before it starts.
  expect(signIn!.status).toBe(411);
  expect(signIn!.body).toEqual({
    error: { code: 'length_required', message: expect.stringMatching(/Content-Length/) },
  });
  expect(token!.status).toBe(413);
  expect(token!.body).toMatchObject({ error: 'invalid_request', errors: [{ code: 'INVALID_REQUEST' }] });
  expect(api!.status).toBe(413);
  expect(api!.body).toEqual({
    error: { code: 'payload_too_large', message: 'body larger than 65536 bytes' },
  });
  // Whether the client got to send the rest depends on its speed: on loopback it may finish
  // within the server's grace while the rest is discarded unread. That nothing is buffered is
  // what the memory test below proves.
});

test("Wharf's memory stays flat under 50 MB bodies (RSS grows by less than 50 MB)", async () => {
  // Warm up every path first (route code loaded, the admin's password verified and cached:
  // argon2 alone takes ~20 MB), so that only what the bodies cost is counted.
  for (let round = 0; round < 2; round++)
    for (const target of TARGETS) for (const chunked of [false, true]) await post(target, chunked);
  const before = wharfRss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, wharfRss())), 5);
  let mostSent = 0;
  try {
    for (let round = 0; round < 2; round++)
      for (const target of TARGETS)
        for (const chunked of [false, true])
          mostSent = Math.max(mostSent, (await post(target, chunked)).sentBytes);
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, wharfRss());
  const growth = peak - before;
  console.log(
    `Wharf RSS before ${(before / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, growth ${(growth / MiB).toFixed(1)} MiB over 12 posts of 50 MB (at most ${(mostSent / MiB).toFixed(1)} MiB of one left the client)`,
  );
  expect(growth).toBeLessThan(50 * MiB);
});
