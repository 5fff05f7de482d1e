// The wall clock for code that runs on every request (log timestamps, token times, cache and
// throttle expiry). Next.js wraps the global Date in its server to notice clock reads during
// prerenders with cacheComponents (node-environment-extensions/date.js), which Wharf does not
// use: each `Date.now()` and `new Date()` then also looks up two async-local stores. Wharf's
// server (scripts/start.ts) loads this module before Next.js, and the Date it finds then is
// kept for every module instance of the process (the app's bundles load their own copy
// later). Fake timers installed after that do not reach it: tests pass times explicitly.
const SLOT: unique symbol = Symbol.for('wharf.nativeDate');
type Slot = { [SLOT]?: DateConstructor };

const NativeDate: DateConstructor = ((globalThis as Slot)[SLOT] ??= Date);

/** Milliseconds since the epoch, as `Date.now()`. */
export const nowMs: () => number = () => NativeDate.now();

/** The current time, or the given epoch milliseconds, as a Date. */
export const dateAt = (ms: number = NativeDate.now()): Date => new NativeDate(ms);
