// What replicas tell each other, through PostgreSQL itself (LISTEN/NOTIFY, no extra server).
//
// - `auth`: something an authorization decision reads changed (users, memberships, projects,
//   tokens, robots, sessions, settings). Database triggers send it on commit, whoever wrote —
//   another replica, an admin with psql — and this process also bumps its epoch at once after
//   its own writes (lib/db.ts), so caches never serve a decision older than the change.
// - `throttle`: a sign-in lock was set (lib/auth/throttle.ts).
//
// In-memory caches key their entries by `cacheEpoch()`: any `auth` event, and any loss of the
// listening connection, moves the epoch on. While the listener is down the epoch is null and
// caches are bypassed: a cache may make Wharf faster, never more permissive.
import 'server-only';
import pg from 'pg';
import { getEnv } from '@/lib/env';
import { isDraining } from '@/lib/edge/lifecycle';
import { log } from '@/lib/log';
import { AUTH_TRIGGERS_SQL } from '@/lib/cluster/triggers';

export const CHANNEL = 'wharf_events';
export type ClusterTopic = 'auth' | 'throttle';
type Handler = (payload: string) => void;

type State = {
  client: pg.Client | null;
  listening: boolean;
  epoch: number;
  handlers: Map<ClusterTopic, Set<Handler>>;
  onReconnect: Set<() => void>;
  starting: Promise<void> | null;
  stopped: boolean;
  /** Failed connection attempts since the listener was lost (logged once, not per retry). */
  failures: number;
};

const g = globalThis as unknown as { wharfCluster?: State };
const state = (): State =>
  (g.wharfCluster ??= {
    client: null,
    listening: false,
    epoch: 0,
    handlers: new Map(),
    onReconnect: new Set(),
    starting: null,
    stopped: false,
    failures: 0,
  });

/** The current cache epoch, or null while this replica cannot hear the others (bypass caches). */
export function cacheEpoch(): number | null {
  const s = state();
  return s.listening ? s.epoch : null;
}

/** This process changed authorization data: its own caches drop it now, not when the event returns. */
export function bumpEpoch(): void {
  state().epoch += 1;
}

export function subscribe(topic: ClusterTopic, handler: Handler): () => void {
  const s = state();
  const set = s.handlers.get(topic) ?? new Set<Handler>();
  set.add(handler);
  s.handlers.set(topic, set);
  return () => set.delete(handler);
}

/** Runs after every (re)connection of the listener, e.g. to reload state missed while deaf. */
export function onReconnect(callback: () => void): void {
  state().onReconnect.add(callback);
}

/** Tells every replica (this one included, through the listener). */
export async function publish(pool: pg.Pool, topic: ClusterTopic, payload: string): Promise<void> {
  await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, `${topic}:${payload}`]);
}

function dispatch(message: string): void {
  const s = state();
  const i = message.indexOf(':');
  const topic = (i < 0 ? message : message.slice(0, i)) as ClusterTopic;
  const payload = i < 0 ? '' : message.slice(i + 1);
  if (topic === 'auth') s.epoch += 1;
  for (const handler of s.handlers.get(topic) ?? []) {
    try {
      handler(payload);
    } catch (err) {
      log.error('cluster event handler failed', { topic, err });
    }
  }
}

async function connect(): Promise<void> {
  const s = state();
  const connectionString = getEnv().DATABASE_URL;
  if (!connectionString || s.stopped) return;
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
  const lost = (why: unknown) => {
    if (s.client !== client) return;
    s.client = null;
    s.listening = false;
    s.epoch += 1;
    client.end().catch(() => undefined);
    // A replica that is stopping loses its listener when the database stops: no outage.
    if (!s.stopped && !isDraining()) {
      // One line per outage; the retries every second only at debug level.
      if (s.failures++ === 0)
        log.warn('cluster events: listener lost, caches bypassed until it is back', { err: why });
      else log.debug('cluster events: listener still down', { err: why, attempts: s.failures });
      setTimeout(() => void start(), 1000).unref();
    }
  };
  client.on('error', lost);
  client.on('end', () => lost('connection ended'));
  client.on('notification', (n) => {
    if (n.channel === CHANNEL && n.payload) dispatch(n.payload);
  });
  s.client = client;
  try {
    await client.connect();
    await client.query(AUTH_TRIGGERS_SQL);
    await client.query(`LISTEN ${CHANNEL}`);
  } catch (err) {
    lost(err);
    return;
  }
  if (s.client !== client) return;
  s.epoch += 1;
  s.listening = true;
  if (s.failures > 0) log.info('cluster events: listener back', { afterAttempts: s.failures });
  s.failures = 0;
  for (const callback of s.onReconnect) callback();
}

/** Starts listening (idempotent); retried every second while the database cannot be reached. */
export function start(): Promise<void> {
  const s = state();
  if (s.listening || s.stopped) return Promise.resolve();
  s.starting ??= connect()
    .catch(() => undefined)
    .finally(() => {
      s.starting = null;
    });
  return s.starting;
}

/** Stops listening (shutdown). */
export async function stop(): Promise<void> {
  const s = state();
  s.stopped = true;
  s.listening = false;
  const client = s.client;
  s.client = null;
  await client?.end().catch(() => undefined);
}
