// Throttling of failed sign-ins, per key (a username, `robot@address`, a client address),
// shared by every replica through PostgreSQL: failures are counted in one table, and a key
// that failed `limit` times within `windowMs` is locked for a time that doubles with each
// further lock, capped at `maxLockMs`. Locks always end, so an account is never locked out for
// good; a correct sign-in clears the key's record.
//
// Checks are answered from memory: every replica keeps the live locks, loaded at start and
// kept current over LISTEN/NOTIFY (lib/cluster/events.ts), so a lock earned on one replica
// holds on all of them at once. While a replica cannot listen it asks the database instead.
import 'server-only';
import { pool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { cacheEpoch, onReconnect, publish, subscribe } from '@/lib/cluster/events';
import { nowMs } from '@/lib/clock';

export type ThrottleRule = {
  /** Namespace of the keys in the shared table. */
  scope: 'user' | 'ip';
  limit: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
};

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The length of the next lock after `locks` earlier ones: doubling, capped. */
export function lockDurationMs(rule: Pick<ThrottleRule, 'baseLockMs' | 'maxLockMs'>, locks: number): number {
  return Math.min(rule.baseLockMs * 2 ** Math.min(locks, 30), rule.maxLockMs);
}

function verdictFor(until: number | undefined, now = nowMs()): ThrottleVerdict {
  return until !== undefined && until > now
    ? { allowed: false, retryAfterSeconds: Math.ceil((until - now) / 1000) }
    : { allowed: true };
}

// ---- the live locks of every replica ----------------------------------------------------------

const g = globalThis as unknown as {
  wharfThrottleLocks?: Map<string, number>;
  wharfThrottleWired?: boolean;
  wharfThrottleLoad?: Promise<boolean>;
  /** Set when `wharfThrottleLoad` resolved true: the map is complete (for `peek`). */
  wharfThrottleLoaded?: boolean;
};
const liveLocks = () => (g.wharfThrottleLocks ??= new Map());

function rememberLock(key: string, until: number): void {
  if (until > nowMs()) liveLocks().set(key, until);
}

async function loadLocks(): Promise<void> {
  const { rows } = await pool().query<{ key: string; until: number }>(
    `SELECT key, (extract(epoch FROM "lockedUntil") * 1000)::float8 AS until
       FROM "SignInThrottle" WHERE "lockedUntil" > now()`,
  );
  // Merged, not replaced: a lock announced while this query ran stays. Locks only expire.
  for (const r of rows) rememberLock(r.key, r.until);
}

/**
 * True once the locks in force were loaded for the current listening connection: before that,
 * the map may miss locks set while this replica was not listening, so checks ask the database.
 */
function locksReady(): Promise<boolean> {
  if (g.wharfThrottleLoad) return g.wharfThrottleLoad;
  const load: Promise<boolean> = loadLocks().then(
    // Only the load of the current connection completes the map: one begun before the listener
    // reconnected may miss locks set while this replica was deaf.
    () => {
      const current = g.wharfThrottleLoad === load;
      if (current) g.wharfThrottleLoaded = true;
      return current;
    },
    (err) => {
      log.warn('throttle locks not loaded', { err });
      if (g.wharfThrottleLoad === load) g.wharfThrottleLoad = undefined;
      return false;
    },
  );
  return (g.wharfThrottleLoad = load);
}

/** Wires the lock map to the cluster events (once per process). */
function wire(): void {
  if (g.wharfThrottleWired) return;
  g.wharfThrottleWired = true;
  subscribe('throttle', (payload) => {
    const i = payload.indexOf('|');
    if (i > 0) rememberLock(payload.slice(i + 1), Number(payload.slice(0, i)));
  });
  onReconnect(() => {
    g.wharfThrottleLoad = undefined;
    g.wharfThrottleLoaded = false;
    void locksReady();
  });
}

export class SharedThrottle {
  constructor(private readonly rule: ThrottleRule) {
    wire();
  }

  private key(key: string): string {
    return `${this.rule.scope}:${key}`.slice(0, 300);
  }

  /**
   * The verdict from the live locks without waiting, or undefined when they cannot be trusted
   * yet (not listening, or not loaded since the listener connected): then use `check`.
   */
  peek(key: string): ThrottleVerdict | undefined {
    if (cacheEpoch() === null || !g.wharfThrottleLoaded) return undefined;
    const k = this.key(key);
    const until = liveLocks().get(k);
    if (until !== undefined && until <= nowMs()) liveLocks().delete(k);
    return verdictFor(until);
  }

  async check(key: string): Promise<ThrottleVerdict> {
    if (cacheEpoch() !== null && (await locksReady())) {
      const verdict = this.peek(key);
      if (verdict) return verdict;
    }
    const k = this.key(key);
    // Not listening: the database is the truth.
    const { rows } = await pool().query<{ until: number | null }>(
      `SELECT (extract(epoch FROM "lockedUntil") * 1000)::float8 AS until FROM "SignInThrottle" WHERE key = $1`,
      [k],
    );
    return verdictFor(rows[0]?.until ?? undefined);
  }

  async fail(key: string): Promise<void> {
    const k = this.key(key);
    const { rows } = await pool().query<{ failures: number; locks: number }>(
      `INSERT INTO "SignInThrottle" AS t (key, failures, "windowStart", locks) VALUES ($1, 1, now(), 0)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t."windowStart" < now() - $2 * interval '1 millisecond' THEN 1 ELSE t.failures + 1 END,
         "windowStart" = CASE WHEN t."windowStart" < now() - $2 * interval '1 millisecond' THEN now() ELSE t."windowStart" END
       RETURNING failures, locks`,
      [k, this.rule.windowMs],
    );
    const row = rows[0]!;
    if (row.failures >= this.rule.limit) {
      const { rows: locked } = await pool().query<{ until: number }>(
        `UPDATE "SignInThrottle" SET "lockedUntil" = now() + $2 * interval '1 millisecond',
                locks = locks + 1, failures = 0, "windowStart" = now()
          WHERE key = $1 RETURNING (extract(epoch FROM "lockedUntil") * 1000)::float8 AS until`,
        [k, lockDurationMs(this.rule, row.locks)],
      );
      const until = locked[0]!.until;
      rememberLock(k, until);
      await publish(pool(), 'throttle', `${until}|${k}`);
    }
    if (Math.random() < 0.02) void sweep();
  }

  /** A correct sign-in clears the key's failures (only after a full check: this writes). */
  async succeed(key: string): Promise<void> {
    await pool().query(`DELETE FROM "SignInThrottle" WHERE key = $1 AND "lockedUntil" IS NULL`, [
      this.key(key),
    ]);
  }
}

/** Forgets idle records (no lock in force, no failure for a day) and expired known pairs. */
async function sweep(): Promise<void> {
  try {
    await pool().query(
      `DELETE FROM "SignInThrottle"
        WHERE ("lockedUntil" IS NULL OR "lockedUntil" < now() - interval '1 day')
          AND "windowStart" < now() - interval '1 day'`,
    );
    await pool().query(`DELETE FROM "KnownSignIn" WHERE until < now()`);
  } catch (err) {
    log.warn('throttle sweep failed', { err });
  }
}

/**
 * Pairs of (name, address) that signed in correctly lately, shared by every replica. A spray
 * of made-up names locks an address, but a person who already signed in from there keeps
 * working: the lock is for guessers, and a guesser cannot be on this list without the password.
 */
export class KnownPairs {
  constructor(private readonly ttlMs = 30 * 86400_000) {}

  async add(name: string, ip: string): Promise<void> {
    await pool().query(
      `INSERT INTO "KnownSignIn" (name, ip, until) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name, ip) DO UPDATE SET until = EXCLUDED.until`,
      [name.slice(0, 140), ip.slice(0, 64), this.ttlMs],
    );
  }

  async has(name: string, ip: string): Promise<boolean> {
    const { rowCount } = await pool().query(
      `SELECT 1 FROM "KnownSignIn" WHERE name = $1 AND ip = $2 AND until > now()`,
      [name.slice(0, 140), ip.slice(0, 64)],
    );
    return (rowCount ?? 0) > 0;
  }
}

export type LoginThrottles = { byUser: SharedThrottle; byIp: SharedThrottle; known: KnownPairs };

const globalForThrottle = globalThis as unknown as { wharfThrottles?: LoginThrottles };

/** The sign-in throttles (shared by the UI sign-in, the REST API and the token endpoint). */
export function loginThrottles(): LoginThrottles {
  globalForThrottle.wharfThrottles ??= {
    known: new KnownPairs(),
    byUser: new SharedThrottle({
      scope: 'user',
      limit: getEnv().LOGIN_MAX_FAILURES_PER_USER,
      windowMs: 15 * 60_000,
      baseLockMs: 30_000,
      maxLockMs: 15 * 60_000,
    }),
    byIp: new SharedThrottle({
      scope: 'ip',
      limit: getEnv().LOGIN_MAX_FAILURES_PER_IP,
      windowMs: 15 * 60_000,
      baseLockMs: 60_000,
      maxLockMs: 15 * 60_000,
    }),
  };
  return globalForThrottle.wharfThrottles;
}
