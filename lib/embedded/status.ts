// The embedded children of the launcher (PostgreSQL when DATABASE_URL is unset, the registry
// when REGISTRY_URL is unset) as the launcher runs them and the app reports them: one typed
// slot in the process (no Next.js imports), written by scripts/start.ts, read by /api/health
// and Administration → System.
const SLOT = Symbol.for('wharf.embedded');

export type EmbeddedName = 'postgres' | 'registry';
export const EMBEDDED_LABEL: Record<EmbeddedName, string> = {
  postgres: 'embedded PostgreSQL',
  registry: 'embedded registry',
};

/**
 * starting: first start; running; restarting: it ended unexpectedly and is started again
 * (with backoff); unavailable: it cannot run (e.g. no registry binary), `detail` says why.
 */
export type EmbeddedState = 'starting' | 'running' | 'restarting' | 'unavailable';

export type EmbeddedChild = {
  state: EmbeddedState;
  pid: number | null;
  /** Restarts after unexpected exits since Wharf started. */
  restarts: number;
  /** The last unexpected exit: when, and how it ended ("killed by SIGKILL", "exited with code 1"). */
  lastExit: { at: string; reason: string } | null;
  /** What runs (binary, port) or, when unavailable, why and what to do. */
  detail: string | null;
};

type Slot = Partial<Record<EmbeddedName, EmbeddedChild>>;

function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  return (g[SLOT] ??= {});
}

/** Records a change of a child (the launcher's side). */
export function reportEmbedded(name: EmbeddedName, change: Partial<EmbeddedChild>): EmbeddedChild {
  const current = slot()[name] ?? { state: 'starting', pid: null, restarts: 0, lastExit: null, detail: null };
  const next = { ...current, ...change };
  slot()[name] = next;
  return next;
}

/** The child's status, or undefined when this Wharf does not run it (external database or registry). */
export function embeddedStatus(name: EmbeddedName): EmbeddedChild | undefined {
  return slot()[name];
}

/**
 * Why a component that does not answer is down, when its embedded child says more than the
 * connection error does; undefined when it is running (then the connection error is the news).
 */
export function embeddedDownReason(name: EmbeddedName): string | undefined {
  const child = embeddedStatus(name);
  if (!child || child.state === 'running') return undefined;
  const label = EMBEDDED_LABEL[name];
  if (child.state === 'unavailable') return child.detail ?? `the ${label} is not running`;
  if (child.state === 'restarting')
    return `the ${label} is being restarted${child.lastExit ? ` (it ${child.lastExit.reason})` : ''}`;
  return `the ${label} is starting`;
}
