// The one Prisma client of the process, connected through the pg driver adapter.
import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { getEnv } from '@/lib/env';
import { bumpEpoch } from '@/lib/cluster/events';
import { log } from '@/lib/log';

export { Prisma } from '@/lib/generated/prisma/client';
export type { User } from '@/lib/generated/prisma/client';

const globalForDb = globalThis as unknown as { wharfDb?: PrismaClient; wharfPool?: pg.Pool };

/** The one connection pool, shared by Prisma and the few hot-path plain-SQL queries. */
export function pool(): pg.Pool {
  if (!globalForDb.wharfPool) {
    const connectionString = getEnv().DATABASE_URL;
    if (!connectionString) {
      throw new Error('DATABASE_URL is not set (the launcher sets it for the embedded database)');
    }
    globalForDb.wharfPool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 3000 });
    // An idle connection dropped by the server (database restart) must not crash the process.
    globalForDb.wharfPool.on('error', () => undefined);
    // Nor one that is checked out (a job holding an advisory lock, an interactive transaction)
    // when the server goes away between two of its queries: pg-pool listens to idle clients
    // only, and an 'error' nobody listens to is an uncaught exception. The holder's next query
    // fails instead, and pg-pool drops the broken client when it is released.
    globalForDb.wharfPool.on('connect', (client) => client.on('error', () => undefined));
  }
  return globalForDb.wharfPool;
}

/** Models an authorization decision reads: the database triggers announce their changes too. */
const AUTH_MODELS = new Set([
  'User',
  'Member',
  'Project',
  'PersonalToken',
  'RefreshToken',
  'Session',
  'Robot',
  'RobotPermission',
  'Setting',
]);
const WRITES = new Set(['create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany']);
/** Bookkeeping columns whose writes change no decision. */
const BOOKKEEPING = new Set(['lastUsedAt', 'lastLoginAt', 'ldapSyncedAt']);

/**
 * The client, with this process's cache epoch moved on after each write to authorization
 * data: its own caches drop the old state before the database's notification comes back.
 */
function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool()) }).$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const result = await query(args);
        if (model && AUTH_MODELS.has(model) && WRITES.has(operation)) {
          const data = (args as { data?: unknown }).data;
          const keys = data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data) : [];
          if (!keys.length || keys.some((k) => !BOOKKEEPING.has(k))) bumpEpoch();
        }
        return result;
      },
    },
  }) as unknown as PrismaClient;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    globalForDb.wharfDb ??= createClient();
    const value = Reflect.get(globalForDb.wharfDb, prop);
    return typeof value === 'function' ? value.bind(globalForDb.wharfDb) : value;
  },
});

/** True when the database answers a trivial query within the timeout. */
export async function pingDatabase(
  timeoutMs = 2000,
): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: describeDbError(err) };
  }
}

export function describeDbError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/timeout/i.test(message)) return 'database did not answer in time';
  if (/ECONNREFUSED|ECONNRESET|connect|reach|terminat|closed the connection|57P0[123]/i.test(message))
    return 'database unreachable';
  return 'database error';
}

/** Prisma's "cannot reach / lost / timed out waiting for" the database server errors. */
const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/**
 * True for an error that only says the database cannot be reached right now (Prisma's
 * connection errors, PostgreSQL shutting down, a refused connection to the database's port):
 * news for one log line, not for a stack trace.
 */
export function isDatabaseConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; clientVersion?: unknown; port?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (PRISMA_CONNECTION_CODES.has(code) || /^57P0[123]$/.test(code)) return true;
  if (e.clientVersion !== undefined) return describeDbError(err) !== 'database error';
  if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') return false;
  const url = getEnv().DATABASE_URL;
  return !!url && String(e.port) === (new URL(url).port || '5432');
}

/**
 * Errors Next.js prints (a page whose data could not be read) arrive as multi-line dumps with
 * stacks; while the database is down every request would print one. Those that only say the
 * database cannot be reached become one structured line instead; everything else is untouched.
 */
export function logDatabaseOutagesAsOneLine(): void {
  const g = globalThis as unknown as { wharfDbConsole?: boolean };
  if (g.wharfDbConsole) return;
  g.wharfDbConsole = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const err = args.find(isDatabaseConnectionError) as
      (Error & { code?: unknown; digest?: unknown }) | undefined;
    if (!err) return original(...args);
    const lines = err.message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    log.error('database unavailable', {
      error: describeDbError(err),
      detail: lines.at(-1)?.slice(0, 200),
      code: err.code,
      digest: err.digest,
    });
  };
}

/** PostgreSQL's "cannot store this text" errors: NUL bytes in text (22021) or `\u0000` in JSON (22P05). */
const INVALID_TEXT_CODES = new Set(['22021', '22P05']);
const INVALID_TEXT_MESSAGE =
  /invalid byte sequence for encoding|unsupported Unicode escape sequence|has no equivalent in encoding|\b(?:22021|22P05)\b/;

/**
 * True for an error caused by text the database refuses (from pg directly, or wrapped by
 * Prisma's driver adapter): bad input, not a server fault.
 */
export function isInvalidTextError(err: unknown): boolean {
  const e = err as {
    code?: unknown;
    message?: unknown;
    cause?: { originalCode?: unknown; code?: unknown };
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  } | null;
  if (!e || typeof e !== 'object') return false;
  const codes = [
    e.code,
    e.cause?.originalCode,
    e.cause?.code,
    e.meta?.driverAdapterError?.cause?.originalCode,
  ];
  if (codes.some((c) => typeof c === 'string' && INVALID_TEXT_CODES.has(c))) return true;
  return typeof e.message === 'string' && INVALID_TEXT_MESSAGE.test(e.message);
}
