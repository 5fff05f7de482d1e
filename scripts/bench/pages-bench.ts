// Benchmarks of the browsing paths (issues: projects, registry browsing). Prints:
//  - the projects page (server-rendered HTML) and GET /api/v1/projects with 1,000 projects,
//    for a signed-in non-admin member of all of them (target < 200 ms);
//  - GET /api/v1/repositories/<repo>/tags with 5,000 tags: sorted by created on a late page,
//    and searched (target: fast; details are cached by digest).
// Runs its own Wharf (embedded PostgreSQL) on 127.0.0.1; needs a build (npm run build).
//   node --import tsx scripts/bench/pages-bench.ts
import { request } from '@playwright/test';
import pg from 'pg';
import { signInViaApi } from '../../e2e/fixtures/auth';
import { startWharf } from '../../e2e/fixtures/wharf-server';
import { timeIt } from './setup';

async function main() {
  // No registry behind it: the seeded repositories exist only in the database, and a reachable
  // (embedded) registry would have reconcile remove them; with the registry down it removes nothing.
  const wharf = await startWharf({
    name: 'pages-bench',
    env: { LOG_LEVEL: 'warn', REGISTRY_URL: 'http://127.0.0.1:1' },
  });
  const db = new pg.Client({ connectionString: wharf.databaseUrl() });
  await db.connect();
  try {
    const admin = await request.newContext({
      baseURL: wharf.url,
      extraHTTPHeaders: { Authorization: `Basic ${Buffer.from('admin:admin-e2e-Pass1').toString('base64')}` },
    });
    const created = await admin.post('/api/v1/users', {
      data: { username: 'bench-user', password: 'bench-password-1' },
    });
    if (created.status() !== 201) throw new Error(`user: ${created.status()}`);
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM "User" WHERE username = 'bench-user'`);
    const userId = rows[0]!.id;
    // 1,000 projects, the user a developer in each.
    await db.query(`INSERT INTO "Project" (name, "isPublic", description, "createdAt", "updatedAt")
                    SELECT 'bench-' || lpad(i::text, 4, '0'), i % 3 = 0, 'Benchmark project ' || i, now(), now() FROM generate_series(1, 1000) i`);
    await db.query(
      `INSERT INTO "Member" ("projectId", "userId", role, "createdAt", "updatedAt")
                    SELECT id, $1, 'developer', now(), now() FROM "Project" WHERE name LIKE 'bench-%'`,
      [userId],
    );
    // 5,000 tags in one repository, each with cached manifest details.
    const { rows: proj } = await db.query<{ id: number }>(
      `SELECT id FROM "Project" WHERE name = 'bench-0001'`,
    );
    const { rows: repo } = await db.query<{ id: number }>(
      `INSERT INTO "Repository" ("projectId", name, "lastPushAt", "createdAt", "updatedAt") VALUES ($1, 'bench-0001/app', now(), now(), now()) RETURNING id`,
      [proj[0]!.id],
    );
    await db.query(`INSERT INTO "Manifest" (digest, "mediaType", size, created, platforms, "isIndex", "fetchedAt")
                    SELECT 'sha256:' || lpad(to_hex(i), 64, '0'), 'application/vnd.oci.image.manifest.v1+json', 1000000 + i,
                           now() - (i || ' minutes')::interval, '[{"os":"linux","architecture":"amd64"}]', false, now()
                    FROM generate_series(1, 5000) i`);
    await db.query(
      `INSERT INTO "Tag" ("repositoryId", name, digest, "pushedAt", "pushedBy", "createdAt", "updatedAt")
                    SELECT $1, 'v' || i, 'sha256:' || lpad(to_hex(i), 64, '0'), now() - (i || ' seconds')::interval, 'bench-user', now(), now()
                    FROM generate_series(1, 5000) i`,
      [repo[0]!.id],
    );

    const user = await request.newContext({ baseURL: wharf.url });
    const signedIn = await signInViaApi(user, 'bench-user', 'bench-password-1');
    if (!signedIn.ok) throw new Error('sign-in failed');
    const basic = await request.newContext({
      baseURL: wharf.url,
      extraHTTPHeaders: {
        Authorization: `Basic ${Buffer.from('bench-user:bench-password-1').toString('base64')}`,
      },
    });

    console.log('projects (1,000, member of all):');
    await timeIt(58, 'GET /projects (HTML, session cookie)', 30, async () =>
      (await user.get('/projects')).status(),
    );
    await timeIt(58, 'GET /projects?q=bench-09&page=2 (HTML)', 30, async () =>
      (await user.get('/projects?q=bench-09&page=2')).status(),
    );
    await timeIt(58, 'GET /api/v1/projects?pageSize=100 (Basic, cached credentials)', 30, async () =>
      (await basic.get('/api/v1/projects?pageSize=100')).status(),
    );
    console.log('tags (5,000 in one repository):');
    await timeIt(58, 'GET …/tags?sort=-created&page=100', 30, async () =>
      (await basic.get('/api/v1/repositories/bench-0001/app/tags?sort=-created&page=100')).status(),
    );
    await timeIt(58, 'GET …/tags?sort=name&q=49', 30, async () =>
      (await basic.get('/api/v1/repositories/bench-0001/app/tags?sort=name&q=49')).status(),
    );
    await timeIt(58, 'GET /repositories/bench-0001/app?sort=-pushed&page=150 (HTML)', 30, async () =>
      (await user.get('/repositories/bench-0001/app?sort=-pushed&page=150')).status(),
    );
  } finally {
    await db.end();
    await wharf.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
