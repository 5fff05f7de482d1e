// Benchmark (issues: Docker token service, scale-out). Prints:
//  - a matrix of token requests/s and p50/p99 latency for a local user, an LDAP user (a
//    throw-away slapd) and a robot, at 1, 10 and 50 concurrent clients, with RSA (RS256) and
//    EC P-256 (ES256) signing keys; beside each row the bare node+jose token server of the
//    same key type (baseline, same run) and the ratio Wharf/baseline;
//  - podman push time of a small image through Wharf vs through the baseline, per key type.
// Every credential is cached after the warm-up, as in a push (one login, many token requests).
// A cell is measured in `--rounds` rounds that alternate the baseline and Wharf, so that a busy
// machine slows both alike: the table gives the median of the rounds, the ratio is the median
// of the rounds' ratios, and each server's CPU time per request (from /proc, all its threads)
// is the steadier measure of the work each does.
// Everything runs on 127.0.0.1. Needs a build (npm run build), podman, docker-registry, slapd.
//   node --import tsx scripts/bench/token-bench.ts [--requests 2000] [--rounds 5] [--concurrency 1,10,50]
//     [--keys rsa,ec] [--users local,ldap,robot] [--pushes 5]   (--pushes 0 skips the pushes)
//     [--log-level info]   (Wharf's LOG_LEVEL: info, the default, writes the access line per request)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOKEN_KEY_TYPES, type TokenKeyType } from '../../lib/tokens/key-type';
import { startRegistry } from '../registry/start-registry';
import { startWharf } from '../../e2e/fixtures/wharf-server';
import { Podman } from '../../e2e/fixtures/clients';
import { ldapEnv, startSlapd, type Slapd } from '../../e2e/ldap/slapd';
import {
  load,
  LOCAL_USER,
  percentile,
  PROJECT,
  SCOPE,
  serverCpuMs,
  setUpBenchUsers,
  USER_KINDS,
  type LoadResult,
  type UserKind,
} from './setup';

const rawArg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const numArg = (name: string, fallback: number) => Number(rawArg(name) ?? fallback);
const listArg = <T extends string>(name: string, fallback: readonly T[], allowed: readonly T[]): T[] => {
  const value = rawArg(name);
  const list = value ? (value.split(',').map((v) => v.trim()) as T[]) : [...fallback];
  const wrong = list.find((v) => !allowed.includes(v));
  if (wrong) throw new Error(`--${name}: unknown value ${wrong} (use ${allowed.join(',')})`);
  return list;
};

const REQUESTS = numArg('requests', 2000);
const CONCURRENCY = (rawArg('concurrency') ?? '1,10,50').split(',').map(Number);
const KEY_TYPES = listArg('keys', TOKEN_KEY_TYPES, TOKEN_KEY_TYPES);
const USERS = listArg('users', USER_KINDS, USER_KINDS);
const PUSHES = numArg('pushes', 5);
const ROUNDS = numArg('rounds', 5);
const LOG_LEVEL = rawArg('log-level') ?? 'info';
if (!(REQUESTS > 0) || !(ROUNDS > 0) || CONCURRENCY.some((c) => !Number.isInteger(c) || c < 1))
  throw new Error('--requests, --rounds and --concurrency must be positive numbers');

type Cell = LoadResult & { cpuPerRequest: number };

/** One load run against a server, with the CPU time the server process spent per request. */
async function measure(pid: number, url: string, headers: Record<string, string>, concurrency: number) {
  const before = serverCpuMs(pid);
  const result = await load(url, headers, { requests: REQUESTS, concurrency });
  return { ...result, cpuPerRequest: ((serverCpuMs(pid) - before) * 1000) / REQUESTS };
}

const median = (xs: readonly number[]) => percentile(xs, 50);

/** The rounds of one cell folded into one: medians of each figure, failures summed. */
function fold(cells: Cell[]): Cell {
  return {
    rps: median(cells.map((c) => c.rps)),
    p50: median(cells.map((c) => c.p50)),
    p99: median(cells.map((c) => c.p99)),
    cpuPerRequest: median(cells.map((c) => c.cpuPerRequest)),
    failures: cells.reduce((a, c) => a + c.failures, 0),
  };
}

async function pushTime(registryHost: string, login: { u: string; p: string }): Promise<number> {
  const podman = new Podman();
  const logged = await podman.login(login.u, login.p, registryHost);
  if (logged.code !== 0) throw new Error(`podman login failed: ${logged.stderr}`);
  const times: number[] = [];
  for (let i = 0; i < PUSHES; i++) {
    const ref = `${registryHost}/${PROJECT}/bench:${i}`;
    await podman.makeImage(ref, `bench ${i} ${Math.random()}`);
    const t = performance.now();
    const r = await podman.push(ref);
    if (r.code !== 0) throw new Error(`push failed: ${r.stderr}`);
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

/** The bare signer: its own process, its own generated key of the given type. */
async function startBaseline(keyType: TokenKeyType) {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-baseline-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'baseline-token-server.ts'), dir, keyType],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const info = await new Promise<{ port: number; cert: string }>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(JSON.parse(String(d))));
    child.once('exit', (code) => reject(new Error(`baseline exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${info.port}`,
    cert: info.cert,
    pid: child.pid!,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Row = {
  key: TokenKeyType;
  user: UserKind;
  concurrency: number;
  wharf: Cell;
  baseline: Cell;
  /** Median over the rounds of Wharf's req/s over the baseline's in the same round. */
  ratio: number;
};
type Push = { key: TokenKeyType; wharf: number; baseline: number };

async function benchKeyType(keyType: TokenKeyType, slapd: Slapd | undefined, rows: Row[], pushes: Push[]) {
  const wharf = await startWharf({
    name: `bench-${keyType}`,
    env: { LOG_LEVEL, TOKEN_KEY_TYPE: keyType, ...(slapd ? ldapEnv(slapd) : {}) },
  });
  const baseline = await startBaseline(keyType);
  const registries: Array<{ stop: () => Promise<void> }> = [];
  try {
    const headers = await setUpBenchUsers(wharf, { ldap: USERS.includes('ldap') });
    const wharfUrl = `${wharf.url}/v2/token${SCOPE}`;
    const baselineUrl = `${baseline.url}/token${SCOPE}`;
    // Both servers' JIT warm for every path before any cell counts, or the first cell pays for it.
    const warmUp = { requests: 300, concurrency: 10 };
    await load(baselineUrl, headers.local!, warmUp);
    for (const user of USERS) await load(wharfUrl, headers[user]!, warmUp);
    const wharfPid = wharf.process.pid!;
    for (const concurrency of CONCURRENCY) {
      const cells = new Map(USERS.map((u) => [u, { wharf: [] as Cell[], baseline: [] as Cell[] }]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const user of USERS) {
          // The baseline grants anything without looking at credentials; it runs right before
          // each Wharf cell, so both see the same machine.
          const c = cells.get(user)!;
          c.baseline.push(await measure(baseline.pid, baselineUrl, headers.local!, concurrency));
          c.wharf.push(await measure(wharfPid, wharfUrl, headers[user]!, concurrency));
        }
      }
      for (const [user, c] of cells) {
        const ratio = median(c.wharf.map((w, i) => w.rps / c.baseline[i]!.rps));
        rows.push({
          key: keyType,
          user,
          concurrency,
          wharf: fold(c.wharf),
          baseline: fold(c.baseline),
          ratio,
        });
        process.stderr.write(`  ${keyType} ${user} c=${concurrency}: ${ratio.toFixed(2)}x\n`);
      }
    }
    if (PUSHES > 0) {
      const wharfRegistry = await startRegistry({
        realm: `${wharf.url}/v2/token`,
        rootCertBundle: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
      });
      registries.push(wharfRegistry);
      const baseRegistry = await startRegistry({
        realm: `${baseline.url}/v2/token`,
        rootCertBundle: baseline.cert,
      });
      registries.push(baseRegistry);
      // The baseline answers on any path and grants whatever is asked.
      pushes.push({
        key: keyType,
        wharf: await pushTime(wharfRegistry.host, { u: LOCAL_USER.username, p: LOCAL_USER.password }),
        baseline: await pushTime(baseRegistry.host, { u: 'bench', p: 'x' }),
      });
    }
  } finally {
    for (const r of registries) await r.stop();
    baseline.stop();
    await wharf.stop();
    rmSync(wharf.dataDir, { recursive: true, force: true });
  }
}

function printTable(rows: Row[], pushes: Push[]) {
  const f = (n: number) => n.toFixed(1);
  const header = [
    'key',
    'user',
    'conc',
    'wharf req/s',
    'p50 ms',
    'p99 ms',
    'CPU us/req',
    'baseline req/s',
    'p50 ms',
    'p99 ms',
    'CPU us/req',
    'wharf/baseline',
    'CPU baseline/wharf',
    'failures',
  ];
  const lines = rows.map((r) => [
    r.key === 'ec' ? 'EC ES256' : 'RSA RS256',
    r.user,
    String(r.concurrency),
    f(r.wharf.rps),
    f(r.wharf.p50),
    f(r.wharf.p99),
    r.wharf.cpuPerRequest.toFixed(0),
    f(r.baseline.rps),
    f(r.baseline.p50),
    f(r.baseline.p99),
    r.baseline.cpuPerRequest.toFixed(0),
    `${r.ratio.toFixed(2)}x`,
    `${(r.baseline.cpuPerRequest / r.wharf.cpuPerRequest).toFixed(2)}x`,
    String(r.wharf.failures + r.baseline.failures),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(
    `\ntoken requests: ${REQUESTS} per cell and round, median of ${ROUNDS} alternating rounds, cached credentials, scope pull,push on one repository`,
  );
  console.log(row(header));
  console.log(
    `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const l of lines) console.log(row(l));
  if (pushes.length) {
    console.log(`\npodman push of a small image (median of ${PUSHES}):`);
    for (const p of pushes)
      console.log(
        `  ${p.key === 'ec' ? 'EC ES256 ' : 'RSA RS256'}  wharf ${f(p.wharf)} ms, baseline ${f(p.baseline)} ms, ratio ${(p.wharf / p.baseline).toFixed(2)}x`,
      );
  }
}

async function main() {
  const slapd = USERS.includes('ldap') ? await startSlapd() : undefined;
  const rows: Row[] = [];
  const pushes: Push[] = [];
  try {
    // One key type at a time: the two shared cores serve one Wharf and its load only.
    for (const keyType of KEY_TYPES) await benchKeyType(keyType, slapd, rows, pushes);
  } finally {
    await slapd?.stop();
  }
  printTable(rows, pushes);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
