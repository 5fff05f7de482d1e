// Benchmark of the audit log (issue: Activity, audit log and webhooks). Seeds 1,000,000 audit
// events (200 projects, 2,000 repositories, 500 actors, 90 days) into its own Wharf and prints
// median and p95 of (target < 200 ms server time; on loopback the request time is the
// server time plus well under a millisecond):
//  - the first page of GET /api/v1/audit and of Administration → Audit log (HTML);
//  - filtered pages: by project and action, by actor and time range, a project's activity,
//    and a late page (page 200);
//  - the time to stream the CSV export of one project (~5,000 rows).
// Needs a build (npm run build):
//   node --import tsx scripts/bench/audit-bench.ts [--events 1000000]
import { request } from '@playwright/test';
import pg from 'pg';
import { signInViaApi } from '../../e2e/fixtures/auth';
import { ADMIN_PASSWORD, startWharf } from '../../e2e/fixtures/wharf-server';
import { timeIt } from './setup';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main() {
  const events = arg('events', 1_000_000);
  // Retention off: the seeded events span 90 days.
  const wharf = await startWharf({
    name: 'audit-bench',
    env: { LOG_LEVEL: 'warn', AUDIT_RETENTION_DAYS: '0' },
  });
  const db = new pg.Client({ connectionString: wharf.databaseUrl() });
  await db.connect();
  try {
    let t = performance.now();
    for (let from = 1; from <= events; from += 250_000) {
      await db.query(
        `INSERT INTO "AuditEvent" ("actorName", "actorKind", action, "targetType", target, project, repository, "sourceIp", detail, count, at)
         SELECT 'user-' || (i % 500), CASE WHEN i % 500 < 50 THEN 'robot' ELSE 'user' END,
                (ARRAY['registry.pull','registry.pull','registry.pull','registry.push','registry.delete','member.add','project.update','token.issue'])[1 + i % 8],
                'repository', 'bench-p' || (i % 200) || '/app-' || (i % 2000) || ':v' || (i % 50),
                'bench-p' || (i % 200), 'bench-p' || (i % 200) || '/app-' || (i % 2000), '10.0.' || (i % 250) || '.1',
                jsonb_build_object('digest', 'sha256:' || md5(i::text)), 1 + i % 3,
                (now() AT TIME ZONE 'UTC') - make_interval(secs => (i::double precision * 7776000 / $2))
           FROM generate_series($1::int, LEAST($1::int + 249999, $2::int)) AS i`,
        [from, events],
      );
    }
    await db.query(`INSERT INTO "Project" (name, "createdAt", "updatedAt")
                    SELECT 'bench-p' || i, now(), now() FROM generate_series(0, 199) AS i`);
    await db.query('VACUUM ANALYZE "AuditEvent"');
    console.log(
      `seeded ${events.toLocaleString('en')} audit events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const basic = await request.newContext({
      baseURL: wharf.url,
      extraHTTPHeaders: {
        Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`,
      },
    });
    const browser = await request.newContext({ baseURL: wharf.url });
    if (!(await signInViaApi(browser, 'admin', ADMIN_PASSWORD)).ok) throw new Error('sign-in failed');
    const get = (ctx: typeof basic, url: string) => async () => (await ctx.get(url)).status();
    const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const twoWeeks = new Date(Date.now() - 14 * 86_400_000).toISOString();

    console.log(`audit log with ${events.toLocaleString('en')} events:`);
    await timeIt(64, 'GET /api/v1/audit (first page)', 30, get(basic, '/api/v1/audit'));
    await timeIt(64, 'GET /admin/audit (HTML, first page)', 30, get(browser, '/admin/audit'));
    await timeIt(
      64,
      'GET /api/v1/audit?project=bench-p42&action=registry.push',
      30,
      get(basic, '/api/v1/audit?project=bench-p42&action=registry.push'),
    );
    await timeIt(
      64,
      'GET /api/v1/audit?actor=user-7&from=-14d&to=-7d',
      30,
      get(basic, `/api/v1/audit?actor=user-7&from=${twoWeeks}&to=${week}`),
    );
    await timeIt(
      64,
      'GET /api/v1/audit?repository=bench-p42/app-1042&action=member.*',
      30,
      get(basic, '/api/v1/audit?repository=bench-p42/app-1042&action=member.*'),
    );
    await timeIt(
      64,
      'GET /api/v1/projects/bench-p42/activity',
      30,
      get(basic, '/api/v1/projects/bench-p42/activity'),
    );
    await timeIt(
      64,
      'GET /admin/audit?project=bench-p42&action=registry.pull (HTML)',
      30,
      get(browser, '/admin/audit?project=bench-p42&action=registry.pull'),
    );
    await timeIt(64, 'GET /api/v1/audit?page=200 (late page)', 10, get(basic, '/api/v1/audit?page=200'));
    t = performance.now();
    const csv = await basic.get('/api/v1/audit?project=bench-p42&format=csv');
    const lines = (await csv.text()).split('\r\n').length - 2;
    console.log(
      `  CSV export of bench-p42 (${lines.toLocaleString('en')} rows)`.padEnd(66) +
        ` ${(performance.now() - t).toFixed(0)} ms`,
    );
    await basic.dispose();
    await browser.dispose();
  } finally {
    await db.end();
    await wharf.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
