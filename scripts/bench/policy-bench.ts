// Benchmark of project policies (issue: storage quotas, tag retention). Starts its own Wharf
// (embedded PostgreSQL), seeds a project with N tags (default 5,000) over 50 repositories, each
// tag its own manifest (a config, 4 layers of a shared pool of 300, one layer of its own; every
// 20th an index of two platform manifests), then prints:
//  - the storage usage recomputation of that project (lib/policies/usage.ts, in this process on
//    the same database: median and worst of 5 runs, and that it matches the expected sum);
//  - the token endpoint's requests/s and the Wharf server's CPU time per request for a push
//    scope (pull,push) with the project's quota off (null) and on (a quota far above the usage,
//    so push is granted after the check), in paired rounds, and the on/off ratios (the CPU ratio
//    is the steadier one on a machine shared with other work);
//  - the token service function (handleTokenRequest) in this process, caches on, in 8×rounds
//    short paired batches: wall and CPU time per request, quota off and on.
// Needs a build (npm run build). Everything runs on 127.0.0.1.
//   node --conditions react-server --import tsx scripts/bench/policy-bench.ts [--tags 5000]
//     [--requests 1000] [--concurrency 1,10] [--rounds 6]
// (react-server: lib/ modules import 'server-only', which is empty under that condition.)
import { createHash } from 'node:crypto';
import pg from 'pg';
import { ADMIN_PASSWORD, startWharf } from '../../e2e/fixtures/wharf-server';
import {
  basic,
  load,
  percentile,
  PROJECT,
  SCOPE,
  serverCpuMs,
  setUpBenchUsers,
  type LoadResult,
} from './setup';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const TAGS = Number(arg('tags', '5000'));
const REQUESTS = Number(arg('requests', '1000'));
const CONCURRENCY = arg('concurrency', '1,10').split(',').map(Number);
const ROUNDS = Number(arg('rounds', '6'));
const REPOSITORIES = 50;
const SHARED_LAYERS = 300;

const digest = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;
const sizeOf = (s: string) =>
  1000 + (parseInt(createHash('md5').update(s).digest('hex').slice(0, 6), 16) % 5_000_000);

type Content = { digest: string; blobs: Array<[string, number]>; children: string[] };

/** The seeded manifests and the usage they should add up to (each distinct blob once). */
function seedContents(): {
  tags: Array<{ repo: string; tag: string; digest: string }>;
  contents: Content[];
  expected: number;
} {
  const contents: Content[] = [];
  const blobs = new Map<string, number>();
  const image = (key: string): Content => {
    const layers: Array<[string, number]> = [];
    for (let j = 0; j < 4; j++) {
      const shared = `shared-${parseInt(digest(`${key}-${j}`).slice(7, 13), 16) % SHARED_LAYERS}`;
      layers.push([digest(shared), sizeOf(shared)]);
    }
    layers.push([digest(`own-${key}`), sizeOf(`own-${key}`)]);
    const config: [string, number] = [digest(`config-${key}`), 1500];
    const c = { digest: digest(`manifest-${key}`), blobs: [config, ...layers], children: [] };
    for (const [d, s] of c.blobs) blobs.set(d, s);
    contents.push(c);
    return c;
  };
  const tags: Array<{ repo: string; tag: string; digest: string }> = [];
  for (let i = 0; i < TAGS; i++) {
    const repo = `${PROJECT}/app-${i % REPOSITORIES}`;
    let top: Content;
    if (i % 20 === 0) {
      const children = [image(`${i}-amd64`), image(`${i}-arm64`)];
      top = { digest: digest(`index-${i}`), blobs: [], children: children.map((c) => c.digest) };
      contents.push(top);
    } else top = image(String(i));
    tags.push({ repo, tag: `v${i}`, digest: top.digest });
  }
  return { tags, contents, expected: [...blobs.values()].reduce((a, b) => a + b, 0) };
}

async function seed(databaseUrl: string) {
  const { tags, contents, expected } = seedContents();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const repos = [...new Set(tags.map((t) => t.repo))];
    await client.query(
      `INSERT INTO "Repository" ("projectId", name, "createdAt", "updatedAt")
       SELECT p.id, r, now(), now() FROM unnest($1::text[]) AS r, "Project" p WHERE p.name = $2`,
      [repos, PROJECT],
    );
    await client.query(
      `INSERT INTO "Tag" ("repositoryId", name, digest, "pushedAt", "createdAt", "updatedAt")
       SELECT r.id, t.tag, t.digest, now(), now(), now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(repo, tag, digest) JOIN "Repository" r ON r.name = t.repo`,
      [tags.map((t) => t.repo), tags.map((t) => t.tag), tags.map((t) => t.digest)],
    );
    await client.query(
      `INSERT INTO "ManifestContent" (digest, blobs, children)
       SELECT d, b::jsonb, ARRAY(SELECT jsonb_array_elements_text(c::jsonb))
         FROM unnest($1::text[], $2::text[], $3::text[]) AS x(d, b, c)`,
      [
        contents.map((c) => c.digest),
        contents.map((c) => JSON.stringify(c.blobs)),
        contents.map((c) => JSON.stringify(c.children)),
      ],
    );
  } finally {
    await client.end();
  }
  return { expected, manifests: contents.length };
}

async function main() {
  const wharf = await startWharf({
    name: 'policy-bench',
    env: { LOG_LEVEL: 'warn', RECONCILE_INTERVAL: '24h' },
  });
  try {
    const headers = (await setUpBenchUsers(wharf, { ldap: false })).local!;
    const { expected, manifests } = await seed(wharf.databaseUrl());
    Object.assign(process.env, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: wharf.databaseUrl(),
      WHARF_DATA_DIR: wharf.dataDir,
    });
    const { refreshProjectUsage } = await import('../../lib/policies/usage');
    const { pool } = await import('../../lib/db');
    const { rows } = await pool().query<{ id: number }>(`SELECT id FROM "Project" WHERE name = $1`, [
      PROJECT,
    ]);
    const projectId = rows[0]!.id;
    const times: number[] = [];
    let used = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      used = (await refreshProjectUsage(projectId)).usedBytes;
      times.push(performance.now() - t);
    }
    if (used !== expected) throw new Error(`usage ${used} differs from the expected ${expected}`);

    const admin = {
      ...basic('admin', ADMIN_PASSWORD),
      'Content-Type': 'application/json',
      Origin: wharf.url,
    };
    const setQuota = async (quotaBytes: number | null) => {
      const res = await fetch(`${wharf.url}/api/v1/projects/${PROJECT}`, {
        method: 'PATCH',
        headers: admin,
        body: JSON.stringify({ quotaBytes }),
      });
      if (res.status !== 200) throw new Error(`PATCH quota: ${res.status} ${await res.text()}`);
    };
    const url = `${wharf.url}/v2/token${SCOPE}`;
    await load(url, headers, { requests: 500, concurrency: 10 }); // JIT warm-up
    type Run = LoadResult & { cpuMsPerRequest: number };
    const cells: Array<{ concurrency: number; off: Run[]; on: Run[] }> = [];
    const pid = wharf.process.pid!;
    const measured = async (concurrency: number): Promise<Run> => {
      const before = serverCpuMs(pid);
      const result = await load(url, headers, { requests: REQUESTS, concurrency });
      // load() sends 50 warm-up requests first: they count in the server's CPU too.
      return { ...result, cpuMsPerRequest: (serverCpuMs(pid) - before) / (REQUESTS + 50) };
    };
    for (const concurrency of CONCURRENCY) {
      const cell = { concurrency, off: [] as Run[], on: [] as Run[] };
      for (let r = 0; r < ROUNDS; r++) {
        // Paired runs, the order swapped every round: drift of a shared machine cancels out.
        for (const quota of r % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          await setQuota(quota === 'on' ? used * 1000 : null);
          cell[quota].push(await measured(concurrency));
        }
        process.stderr.write(
          `  c=${concurrency} round ${r + 1}: off ${cell.off.at(-1)!.rps.toFixed(0)}, on ${cell.on.at(-1)!.rps.toFixed(0)} req/s\n`,
        );
      }
      cells.push(cell);
    }

    // The same request in this process (no HTTP), caches on (this process listens too), in
    // short alternating batches: the steadiest view of what the quota check costs.
    const { start: listen, stop: deafen } = await import('../../lib/cluster/events');
    const { handleTokenRequest } = await import('../../lib/tokens/service');
    await listen();
    const request = {
      method: 'GET' as const,
      query: new URLSearchParams(SCOPE.slice(1)),
      authorization: headers.Authorization!,
      ip: '127.0.0.1',
    };
    const inProcess = {
      off: [] as number[],
      on: [] as number[],
      offCpu: [] as number[],
      onCpu: [] as number[],
    };
    for (let r = 0; r < 8 * ROUNDS; r++) {
      for (const quota of r % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        await setQuota(quota === 'on' ? used * 1000 : null);
        await new Promise((resolve) => setTimeout(resolve, 100)); // the change's notification
        for (let i = 0; i < 50; i++) await handleTokenRequest(request);
        const cpu = process.cpuUsage();
        const t = performance.now();
        for (let i = 0; i < 200; i++)
          if ((await handleTokenRequest(request)).status !== 200) throw new Error('token refused');
        inProcess[quota].push(((performance.now() - t) * 1000) / 200);
        const used2 = process.cpuUsage(cpu);
        inProcess[quota === 'on' ? 'onCpu' : 'offCpu'].push((used2.user + used2.system) / 200);
      }
    }
    await deafen();
    await pool().end();

    const f = (n: number) => n.toFixed(1);
    console.log(
      `\nstorage usage recomputation: ${TAGS} tags in ${REPOSITORIES} repositories, ${manifests} manifests`,
    );
    console.log(
      `  median ${f(percentile(times, 50))} ms, worst ${f(Math.max(...times))} ms (5 runs); ${used} bytes, as expected`,
    );
    console.log(
      `\ntoken requests (pull,push on ${PROJECT}/app), ${REQUESTS} per run, ${ROUNDS} paired rounds (medians):`,
    );
    console.log(
      '| conc | quota off req/s | p50 ms | server CPU ms/req | quota on req/s | p50 ms | server CPU ms/req | on/off req/s | on/off CPU |',
    );
    console.log('|-----:|------:|------:|------:|------:|------:|------:|------:|------:|');
    for (const c of cells) {
      const med = (rs: Run[], k: 'rps' | 'p50' | 'cpuMsPerRequest') =>
        percentile(
          rs.map((r) => r[k]),
          50,
        );
      const pairs = (k: 'rps' | 'cpuMsPerRequest') =>
        percentile(
          c.on.map((r, i) => r[k] / c.off[i]![k]),
          50,
        );
      const failures = [...c.off, ...c.on].reduce((a, r) => a + r.failures, 0);
      const f3 = (n: number) => n.toFixed(3);
      console.log(
        `| ${c.concurrency} | ${f(med(c.off, 'rps'))} | ${f(med(c.off, 'p50'))} | ${f3(med(c.off, 'cpuMsPerRequest'))} | ${f(med(c.on, 'rps'))} | ${f(med(c.on, 'p50'))} | ${f3(med(c.on, 'cpuMsPerRequest'))} | ${f3(pairs('rps'))} | ${f3(pairs('cpuMsPerRequest'))} |${failures ? ` ${failures} failures` : ''}`,
      );
    }
    const ratio = (on: number[], off: number[]) =>
      percentile(
        on.map((v, i) => v / off[i]!),
        50,
      ).toFixed(3);
    console.log(
      `\nhandleTokenRequest in this process, ${8 * ROUNDS} paired batches of 200 (medians): quota off ${f(percentile(inProcess.off, 50))} µs (CPU ${f(percentile(inProcess.offCpu, 50))} µs), on ${f(percentile(inProcess.on, 50))} µs (CPU ${f(percentile(inProcess.onCpu, 50))} µs); on/off ${ratio(inProcess.on, inProcess.off)} (CPU ${ratio(inProcess.onCpu, inProcess.offCpu)})`,
    );
  } finally {
    await wharf.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
