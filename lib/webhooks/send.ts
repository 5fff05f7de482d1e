// One HTTP POST of a webhook delivery: to an address the target policy allows (checked on the
// resolved addresses, and the connection uses the address checked), redirects not followed,
// a time limit for the whole attempt, at most a little of the answer read.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress, type TargetPolicy } from '@/lib/webhooks/targets';

export const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Resolves the URL's host and checks every address; throws TargetRefused with the reason. */
export async function checkTarget(url: URL, policy: TargetPolicy): Promise<void> {
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw new TargetRefused(`${host} cannot be resolved`);
    }
  }
  for (const address of addresses) {
    const why = refusedAddress(address, policy);
    if (why) throw new TargetRefused(why);
  }
}

function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const refused = list.map((a) => refusedAddress(a.address, policy)).find(Boolean);
      if (refused || !list.length)
        return callback(new TargetRefused(refused ?? `${hostname} has no address`), '', 4);
      if ((options as { all?: boolean }).all)
        return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export type SendResult = { status: number; durationMs: number } | { error: string; durationMs: number };

export async function postWebhook(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  verifyTls: boolean;
  policy: TargetPolicy;
  timeoutMs?: number;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(options.url);
  try {
    if (isIP(hostOf(url))) await checkTarget(url, options.policy);
  } catch (err) {
    return { error: (err as Error).message, durationMs: elapsed() };
  }
  const timeoutMs = options.timeoutMs ?? ATTEMPT_TIMEOUT_MS;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(options.policy),
      rejectUnauthorized: options.verifyTls,
      headers: { ...options.headers, 'Content-Length': String(Buffer.byteLength(options.body)) },
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ error: `no answer within ${timeoutMs / 1000} s`, durationMs: elapsed() });
    }, timeoutMs);
    request.on('error', (err) => finish({ error: err.message.slice(0, 300), durationMs: elapsed() }));
    request.on('response', (res) => {
      let bytes = 0;
      const done = () => {
        finish({ status: res.statusCode ?? 0, durationMs: elapsed() });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_ANSWER_BYTES) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    request.end(options.body);
  });
}
