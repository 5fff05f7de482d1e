// Benchmark (issue: Docker token service). Prints:
//  - token requests/s and p50/p99 latency at 50 concurrent for a cached local user, for
//    Wharf and, in the same run, for a bare node+jose token server (baseline);
//  - podman push time of a small image through Wharf vs through the baseline.
// Everything runs on 127.0.0.1. Needs a build (npm run build) and podman + docker-registry.
//   node --import tsx scripts/bench/token-bench.ts [--requests 5000] [--concurrency 50]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRegistry } from '../registry/start-registry';
import { startWharf } from '../../e2e/fixtures/wharf-server';
import { Podman } from '../../e2e/fixtures/clients';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 5000);
const CONCURRENCY = arg('concurrency', 50);
const PUSHES = arg('pushes', 5);

async function load(url: string, headers: Record<string, string>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  // Warm-up: fills caches (credential cache, JIT) before measuring.
  for (let i = 0; i < 50; i++) await fetch(url, { headers }).then((r) => r.arrayBuffer());
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next += 1;
        const t = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) failures += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { rps: REQUESTS / seconds, p50: pct(50), p99: pct(99), failures };
}

async function pushTimes(registryHost: string, login: { u: string; p: string } | null, project: string) {
  const podman = new Podman();
  if (login) await podman.login(login.u, login.p, registryHost);
  const times: number[] = [];
  for (let i = 0; i < PUSHES; i++) {
    const ref = `${registryHost}/${project}/bench:${i}`;
    await podman.makeImage(ref, `bench ${i} ${Math.random()}`);
    const t = performance.now();
    const r = await podman.push(ref);
    if (r.code !== 0) throw new Error(`push failed: ${r.stderr}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main() {
  const wharf = await startWharf({ name: 'bench', env: { LOG_LEVEL: 'warn' } });
  const baselineDir = mkdtempSync(path.join(tmpdir(), 'wharf-baseline-'));
  const baseline = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'baseline-token-server.ts'), baselineDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const baselineInfo = await new Promise<{ port: number; cert: string }>((resolve) =>
    baseline.stdout!.once('data', (d) => resolve(JSON.parse(String(d)))),
  );
  const baselineUrl = `http://127.0.0.1:${baselineInfo.port}`;
  const registries: Array<{ stop: () => Promise<void> }> = [];
  try {
    const auth = { Authorization: `Basic ${Buffer.from('admin:admin-e2e-Pass1').toString('base64')}` };
    const project = 'bench';
    await fetch(`${wharf.url}/api/v1/projects`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: project }),
    });
    const scope = `?service=wharf-registry&scope=repository:${project}/app:pull,push`;

    const w = await load(`${wharf.url}/v2/token${scope}`, auth);
    const b = await load(`${baselineUrl}/token${scope}`, auth);

    const wharfRegistry = await startRegistry({
      realm: `${wharf.url}/v2/token`,
      rootCertBundle: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
    });
    registries.push(wharfRegistry);
    const baseRegistry = await startRegistry({
      realm: `${baselineUrl}/v2/token`,
      rootCertBundle: baselineInfo.cert,
    });
    registries.push(baseRegistry);
    // The baseline registry's realm is <url>/v2/token; the baseline answers on any path.
    const wharfPush = await pushTimes(wharfRegistry.host, { u: 'admin', p: 'admin-e2e-Pass1' }, project);
    const basePush = await pushTimes(baseRegistry.host, { u: 'admin', p: 'x' }, project);

    const f = (n: number) => n.toFixed(1);
    console.log(`token requests (${REQUESTS} at ${CONCURRENCY} concurrent, cached local user):`);
    console.log(
      `  wharf    ${f(w.rps)} req/s  p50 ${f(w.p50)} ms  p99 ${f(w.p99)} ms  failures ${w.failures}`,
    );
    console.log(
      `  baseline ${f(b.rps)} req/s  p50 ${f(b.p50)} ms  p99 ${f(b.p99)} ms  failures ${b.failures}`,
    );
    console.log(
      `  ratio    ${(w.rps / b.rps).toFixed(2)}x of baseline throughput (target >= 0.5x), p99 target < 20 ms`,
    );
    console.log(`podman push of a small image (median of ${PUSHES}):`);
    console.log(
      `  wharf ${f(wharfPush)} ms, baseline ${f(basePush)} ms, ratio ${(wharfPush / basePush).toFixed(2)}x (target <= 1.2x)`,
    );
  } finally {
    for (const r of registries) await r.stop();
    baseline.kill();
    await wharf.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
