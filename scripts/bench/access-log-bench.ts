// Benchmark (issue: logs and latency metrics): what the access line costs the token endpoint.
// Two Wharfs, one with LOG_LEVEL=info (an access line per request, the default) and one with
// LOG_LEVEL=warn (no access line; the route match and the duration histogram run in both),
// loaded in alternating rounds so that other load on the machine hits both alike. Prints the
// median of each: the server's CPU time per token request (what the line costs Wharf) and
// requests/s (which also carries this process reading the info Wharf's stdout, as a log
// collector would). Everything runs on 127.0.0.1; needs a build.
//   node --import tsx scripts/bench/access-log-bench.ts [--rounds 8] [--requests 1500] [--concurrency 10]
import { startWharf, type WharfServer } from '../../e2e/fixtures/wharf-server';
import { load, SCOPE, serverCpuMs, setUpBenchUsers } from './setup';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 8);
const REQUESTS = arg('requests', 1500);
const CONCURRENCY = arg('concurrency', 10);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const wharfs: Record<'info' | 'warn', WharfServer> = {
    info: await startWharf({ name: 'access-log-bench-info', env: { LOG_LEVEL: 'info' } }),
    warn: await startWharf({ name: 'access-log-bench-warn', env: { LOG_LEVEL: 'warn' } }),
  };
  try {
    const rps: Record<'info' | 'warn', number[]> = { info: [], warn: [] };
    const cpu: Record<'info' | 'warn', number[]> = { info: [], warn: [] };
    const robots = {
      info: (await setUpBenchUsers(wharfs.info, { ldap: false })).robot!,
      warn: (await setUpBenchUsers(wharfs.warn, { ldap: false })).robot!,
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating which goes first, so neither always runs right after the other's load.
      for (const level of round % 2 ? (['warn', 'info'] as const) : (['info', 'warn'] as const)) {
        const pid = wharfs[level].process.pid!;
        const before = serverCpuMs(pid);
        const r = await load(`${wharfs[level].url}/v2/token${SCOPE}`, robots[level], {
          requests: REQUESTS,
          concurrency: CONCURRENCY,
        });
        if (r.failures) throw new Error(`${r.failures} token requests failed`);
        rps[level].push(r.rps);
        // load() sends 50 warm-up requests first: they count in the server's CPU too.
        cpu[level].push((serverCpuMs(pid) - before) / (REQUESTS + 50));
      }
    }
    const pct = (on: number, off: number) => `${(((on - off) / off) * 100).toFixed(1)} %`;
    const [cpuOn, cpuOff, rpsOn, rpsOff] = [cpu.info, cpu.warn, rps.info, rps.warn].map(median) as [
      number,
      number,
      number,
      number,
    ];
    console.log(
      `robot token requests, ${CONCURRENCY} concurrent, median of ${ROUNDS} rounds of ${REQUESTS}:`,
    );
    console.log('|                                  | server CPU ms/req | req/s  |');
    console.log(`| access line on  (LOG_LEVEL=info) | ${cpuOn.toFixed(3)} | ${rpsOn.toFixed(1)} |`);
    console.log(`| access line off (LOG_LEVEL=warn) | ${cpuOff.toFixed(3)} | ${rpsOff.toFixed(1)} |`);
    console.log(`| on vs off                        | ${pct(cpuOn, cpuOff)} | ${pct(rpsOn, rpsOff)} |`);
    const lines = wharfs.info.output().match(/"msg":"request"/g)?.length ?? 0;
    console.log(`  access lines written by the info Wharf: ${lines}`);
  } finally {
    await Promise.all([wharfs.info.stop(), wharfs.warn.stop()]);
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
