// Benchmark (issue: scale-out): token requests/s through Debian's nginx round-robin proxy to two
// Wharf replicas on one PostgreSQL (the second with DATABASE_URL pointing at the first's
// embedded database, the same signing key and NEXTAUTH_SECRET), against the same proxy with one
// replica. The proxy is in both runs, so the difference is the second replica. Prints a table
// for a local user and a robot at each concurrency. Everything runs on 127.0.0.1.
//   node --import tsx scripts/bench/replicas-bench.ts [--requests 3000] [--concurrency 10,50]
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startWharf, waitFor, type WharfServer } from '../../e2e/fixtures/wharf-server';
import { load, SCOPE, setUpBenchUsers, type LoadResult } from './setup';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REQUESTS = Number(arg('requests') ?? 3000);
const CONCURRENCY = (arg('concurrency') ?? '10,50').split(',').map(Number);
const NGINX = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

/** nginx round-robin over `upstreams` (keep-alive to them, as a production proxy does). */
async function startProxy(upstreams: string[]) {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-bench-nginx-'));
  chmodSync(dir, 0o755);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(path.join(dir, 'tmp', t), { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  upstream wharf {
${upstreams.map((u) => `    server ${u};`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://wharf;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', conf, '-g', `daemon off; pid ${dir}/nginx.pid;`],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/api/health`)).ok, 10_000, `nginx on ${url}`);
  return {
    url,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const hostOf = (w: WharfServer) => new URL(w.url).host;

async function main() {
  const secret = 'replicas-bench-nextauth-secret-0123456789';
  const common = {
    LOG_LEVEL: 'warn',
    NEXTAUTH_SECRET: secret,
    TRUST_PROXY: '1',
    REGISTRY_URL: 'http://127.0.0.1:9',
  };
  const a = await startWharf({ name: 'bench-replica-a', env: common });
  const b = await startWharf({
    name: 'bench-replica-b',
    env: {
      ...common,
      DATABASE_URL: a.databaseUrl(),
      TOKEN_KEY_FILE: path.join(a.dataDir, 'token', 'signing-key.pem'),
      TOKEN_CERT_FILE: path.join(a.dataDir, 'token', 'signing-cert.pem'),
    },
  });
  const rows: Array<{ user: string; concurrency: number; one: LoadResult; two: LoadResult }> = [];
  try {
    const headers = await setUpBenchUsers(a, { ldap: false });
    const one = await startProxy([hostOf(a)]);
    const two = await startProxy([hostOf(a), hostOf(b)]);
    try {
      for (const proxy of [one, two])
        for (const user of ['local', 'robot'] as const)
          await load(`${proxy.url}/v2/token${SCOPE}`, headers[user]!, { requests: 300, concurrency: 10 });
      for (const concurrency of CONCURRENCY)
        for (const user of ['local', 'robot'] as const) {
          const options = { requests: REQUESTS, concurrency };
          const r1 = await load(`${one.url}/v2/token${SCOPE}`, headers[user]!, options);
          const r2 = await load(`${two.url}/v2/token${SCOPE}`, headers[user]!, options);
          rows.push({ user, concurrency, one: r1, two: r2 });
          process.stderr.write(
            `  ${user} c=${concurrency}: one ${r1.rps.toFixed(0)}, two ${r2.rps.toFixed(0)} req/s\n`,
          );
        }
    } finally {
      one.stop();
      two.stop();
    }
  } finally {
    await b.stop();
    await a.stop();
  }
  const f = (n: number) => n.toFixed(1);
  console.log(`\ntoken requests through nginx: ${REQUESTS} per cell, cached credentials, RSA keys`);
  console.log(
    '| user | conc | one replica req/s | p50 ms | p99 ms | two replicas req/s | p50 ms | p99 ms | two/one | failures |',
  );
  console.log('|:-----|-----:|------:|------:|------:|------:|------:|------:|------:|------:|');
  for (const r of rows)
    console.log(
      `| ${r.user} | ${r.concurrency} | ${f(r.one.rps)} | ${f(r.one.p50)} | ${f(r.one.p99)} | ${f(r.two.rps)} | ${f(r.two.p50)} | ${f(r.two.p99)} | ${(r.two.rps / r.one.rps).toFixed(2)}x | ${r.one.failures + r.two.failures} |`,
    );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
