// A read-through cache whose entries live for one cache epoch (lib/cluster/events.ts): any
// change to authorization data on any replica, or a lost listener, empties it. Only for data
// an authorization decision reads; bookkeeping (last used) is written by `touchDue`.
import 'server-only';
import { cacheEpoch } from '@/lib/cluster/events';
import { nowMs } from '@/lib/clock';

type Store = { epoch: number; entries: Map<string, unknown> };
const g = globalThis as unknown as { wharfEpochCaches?: Map<string, Store> };

/**
 * The value for `key` in the named cache, loaded with `load` when absent. Without a listener
 * (no epoch) nothing is cached; an answer loaded while the epoch moved on is not kept.
 */
export async function cached<T>(cache: string, key: string, load: () => Promise<T>, max = 5000): Promise<T> {
  const epoch = cacheEpoch();
  if (epoch === null) return load();
  const store = storeOf(cache, epoch);
  if (store.entries.has(key)) return store.entries.get(key) as T;
  const value = await load();
  if (cacheEpoch() === epoch) {
    if (store.entries.size >= max) store.entries.clear();
    store.entries.set(key, value);
  }
  return value;
}

function storeOf(cache: string, epoch: number): Store {
  const stores = (g.wharfEpochCaches ??= new Map());
  let store = stores.get(cache);
  if (!store || store.epoch !== epoch) stores.set(cache, (store = { epoch, entries: new Map() }));
  return store;
}

/** What `cached` would answer without loading: the current epoch's value, else undefined. */
export function peekCached<T>(cache: string, key: string): T | undefined {
  const epoch = cacheEpoch();
  return epoch === null ? undefined : (storeOf(cache, epoch).entries.get(key) as T | undefined);
}

const touched = new Map<string, number>();

/**
 * True at most once a minute per key (a credential's "last used"): the hot path writes
 * bookkeeping rarely, whether the row it read came from a cache or not.
 */
export function touchDue(key: string, lastUsedAt: Date | null, everyMs = 60_000): boolean {
  if (!touchPending(key, lastUsedAt, everyMs)) return false;
  if (touched.size > 50_000) touched.clear();
  touched.set(key, nowMs());
  return true;
}

/** Whether `touchDue` would say true now (without claiming the write). */
export function touchPending(key: string, lastUsedAt: Date | null, everyMs = 60_000): boolean {
  return nowMs() - Math.max(touched.get(key) ?? 0, lastUsedAt?.getTime() ?? 0) >= everyMs;
}
