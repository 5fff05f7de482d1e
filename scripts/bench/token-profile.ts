// Where the time of one token request goes, for a cached local user (issue: scale-out). Starts
// a Wharf (for its database, key and user), then, in this process, runs the token endpoint's
// steps one after another with a timer around each, on the same database and key:
//   parse (Basic header, scopes) → credential check (cache hit, minus its DB read)
//   → DB round trip (user row + projects, loadTokenContext) → grants → signing → JSON body;
// then the whole service function (handleTokenRequest) in-process, and the same request over
// HTTP at concurrency 1; the difference is the HTTP server, client and loopback.
//   node --conditions react-server --import tsx scripts/bench/token-profile.ts [--key rsa|ec] [--iterations 2000]
// (react-server: lib/ modules import 'server-only', which is empty under that condition.)
import { startWharf } from '../../e2e/fixtures/wharf-server';
import type { TokenKeyType } from '../../lib/tokens/key-type';
import { basic, load, LOCAL_USER, percentile, SCOPE, setUpBenchUsers } from './setup';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const KEY = (arg('key') ?? 'rsa') as TokenKeyType;
const ITERATIONS = Number(arg('iterations') ?? 2000);

type Spans = Record<string, number[]>;

async function main() {
  const wharf = await startWharf({ name: `profile-${KEY}`, env: { LOG_LEVEL: 'warn', TOKEN_KEY_TYPE: KEY } });
  try {
    const headers = (await setUpBenchUsers(wharf, { ldap: false })).local!;
    // This process uses the same database, data directory (key) and settings as the server.
    Object.assign(process.env, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: wharf.databaseUrl(),
      WHARF_DATA_DIR: wharf.dataDir,
      TOKEN_KEY_TYPE: KEY,
    });
    const [
      { parseBasicAuth },
      { authenticate },
      { loadTokenContext },
      grants,
      jwt,
      scope,
      signing,
      perms,
      access,
      svc,
    ] = await Promise.all([
      import('../../lib/auth/basic'),
      import('../../lib/auth/credentials'),
      import('../../lib/tokens/context'),
      import('../../lib/tokens/grants'),
      import('../../lib/tokens/jwt'),
      import('../../lib/tokens/scope'),
      import('../../lib/tokens/signing'),
      import('../../lib/permissions'),
      import('../../lib/projects/access'),
      import('../../lib/tokens/service'),
    ]);
    const query = new URLSearchParams(SCOPE.slice(1));
    const request = {
      method: 'GET' as const,
      query,
      authorization: headers.Authorization!,
      ip: '127.0.0.1',
      userAgent: 'token-profile',
    };

    /** One token request, step by step, as lib/tokens/service.ts composes it. */
    const stepwise = async (spans: Spans) => {
      const mark = (name: string, since: number) => (spans[name] ??= []).push(performance.now() - since);
      let t = performance.now();
      const creds = parseBasicAuth(request.authorization);
      const scopes = scope.parseScopes(query.getAll('scope'));
      const projectNames = grants.projectNamesOf(scopes);
      if (!creds || creds === 'malformed') throw new Error('bad credentials header');
      mark('parse', t);

      t = performance.now();
      let db = 0;
      let ctx: Awaited<ReturnType<typeof loadTokenContext>> | undefined;
      const principal = await authenticate({
        username: creds.username,
        password: creds.password,
        ip: request.ip,
        audience: 'registry',
        loadUser: async (userId) => {
          const d = performance.now();
          ctx = await loadTokenContext({ userId, projectNames });
          db += performance.now() - d;
          return ctx.user;
        },
      });
      const credential = performance.now() - t - db;
      (spans['credential check'] ??= []).push(credential);
      (spans['DB round trip'] ??= []).push(db);
      if (principal.kind !== 'user' || !ctx) throw new Error('expected a cached user (no DB read happened)');

      t = performance.now();
      const projects = new Map(
        ctx.projects.map((p) => [
          p.name,
          { isPublic: p.isPublic, principal: access.principalOf(principal, perms.highestRole(p.roles)) },
        ]),
      );
      const granted = grants.computeGrants({ scopes, isAdmin: false, projects });
      mark('grants', t);

      t = performance.now();
      const key = await signing.getSigningKey();
      const signed = await jwt.signRegistryToken({
        key,
        subject: principal.user.username,
        audience: 'wharf-registry',
        issuer: 'wharf',
        lifetimeSeconds: 900,
        access: granted.access,
      });
      mark(`signing (${key.alg})`, t);

      t = performance.now();
      jwt.tokenAnswerJson(signed.token, { expires_in: signed.expiresIn, issued_at: signed.issuedAt });
      mark('JSON body', t);
      if (granted.access.length !== 1) throw new Error('the bench user should be granted the scope');
    };

    // The first request verifies the password (argon2) and fills the credential cache.
    if ((await svc.handleTokenRequest(request)).status !== 200) throw new Error('the bench user was refused');
    const warm: Spans = {};
    for (let i = 0; i < 200; i++) await stepwise(warm);
    const spans: Spans = {};
    for (let i = 0; i < ITERATIONS; i++) await stepwise(spans);
    const service: number[] = [];
    for (let i = 0; i < 200; i++) await svc.handleTokenRequest(request);
    for (let i = 0; i < ITERATIONS; i++) {
      const t = performance.now();
      const res = await svc.handleTokenRequest(request);
      service.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`token request answered ${res.status}`);
    }
    const http = await load(
      `${wharf.url}/v2/token${SCOPE}`,
      basic(LOCAL_USER.username, LOCAL_USER.password),
      {
        requests: ITERATIONS,
        concurrency: 1,
      },
    );

    const median = (xs: number[]) => percentile(xs, 50);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const stepsMedian = Object.values(spans).reduce((a, xs) => a + median(xs), 0);
    const serviceMedian = median(service);
    console.log(
      `\none token request, cached local user, ${KEY.toUpperCase()} key, ${ITERATIONS} iterations (ms)`,
    );
    console.log('| span | median | mean | share of HTTP p50 |');
    console.log('|:--|--:|--:|--:|');
    const line = (name: string, med: number, avg?: number) =>
      console.log(
        `| ${name} | ${med.toFixed(3)} | ${avg?.toFixed(3) ?? '—'} | ${((100 * med) / http.p50).toFixed(0)}% |`,
      );

    for (const [name, xs] of Object.entries(spans)) line(name, median(xs), mean(xs));
    line(
      'sum of the steps',
      stepsMedian,
      Object.values(spans).reduce((a, xs) => a + mean(xs), 0),
    );
    line('handleTokenRequest in-process (+metrics, debug log)', serviceMedian, mean(service));
    line('HTTP server + client + loopback (p50 difference)', http.p50 - serviceMedian);
    line('HTTP request at concurrency 1 (p50)', http.p50);
  } finally {
    await wharf.stop();
    const { rmSync } = await import('node:fs');
    rmSync(wharf.dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0), // the pg pool of this process would keep it alive
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
