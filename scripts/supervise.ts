// Supervision of the launcher's embedded children (PostgreSQL, the registry): a child that
// ends without being asked is started again after a growing pause; /api/health says what
// happened (lib/embedded/status.ts); a child that keeps failing within a short window makes
// the launcher give up, so that the service manager above it (systemd, a container runtime)
// sees Wharf exit and can act.
import { EMBEDDED_LABEL, reportEmbedded, type EmbeddedName } from '../lib/embedded/status';

/** One run of a child process. */
export type ChildRun = {
  pid: number;
  /** Settles when the process ends, with how it ended ("was killed by SIGKILL"). */
  exited: Promise<string>;
  /** Stops it (idempotent; immediate when it has already ended). */
  stop: () => Promise<void>;
};

export type RestartPolicyOptions = {
  /** This many failures within `windowMs` and the launcher gives up. */
  maxFailures: number;
  windowMs: number;
  /** Pause before the first restart; doubled for each further failure in the window. */
  firstDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  maxFailures: 5,
  windowMs: 60_000,
  firstDelayMs: 500,
  maxDelayMs: 8_000,
};

/** Counts failures in a sliding window and chooses the pause before the next start. */
export class RestartPolicy {
  private failures: number[] = [];
  constructor(readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /** Records a failure at `now` (ms); the pause before starting again, or null: give up. */
  failed(now: number): number | null {
    const { maxFailures, windowMs, firstDelayMs, maxDelayMs } = this.options;
    this.failures = this.failures.filter((t) => now - t < windowMs).concat(now);
    const n = this.failures.length;
    if (n >= maxFailures) return null;
    return Math.min(firstDelayMs * 2 ** (n - 1), maxDelayMs);
  }

  /** Failures within the window as of the last failure. */
  get count(): number {
    return this.failures.length;
  }
}

type Log = (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;

export type SuperviseOptions = {
  name: EmbeddedName;
  /** The run started before supervision (a failed first start is the launcher's own error). */
  first: ChildRun;
  /** Starts the child again; a rejection counts as a failure, as an exit does. */
  restart: () => Promise<ChildRun>;
  /** Called once when the child failed too often: one line saying why (the launcher exits 1). */
  onGiveUp: (line: string) => void;
  log: Log;
  policy?: RestartPolicy;
  now?: () => number;
};

export type Supervised = {
  /** Stops supervision and the child (its current run, or one that is starting). */
  stop: () => Promise<void>;
};

export function supervise(o: SuperviseOptions): Supervised {
  const label = EMBEDDED_LABEL[o.name];
  const policy = o.policy ?? new RestartPolicy();
  const now = o.now ?? Date.now;
  let current = o.first;
  let stopping = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  reportEmbedded(o.name, { state: 'running', pid: current.pid });

  const loop = (async () => {
    for (;;) {
      let why = await current.exited;
      if (stopping) return;
      // Restart until a run comes up, or give up.
      for (;;) {
        const delay = policy.failed(now());
        reportEmbedded(o.name, {
          state: 'restarting',
          pid: null,
          lastExit: { at: new Date(now()).toISOString(), reason: why },
        });
        if (delay === null) {
          const seconds = Math.round(policy.options.windowMs / 1000);
          o.onGiveUp(
            `the ${label} failed ${policy.count} times within ${seconds} s (last: it ${why}); stopping`,
          );
          return;
        }
        o.log('warn', `the ${label} ${why}: starting it again`, { inMs: delay, failures: policy.count });
        await pause(delay);
        if (stopping) return;
        try {
          current = await o.restart();
          break;
        } catch (err) {
          why = `could not be started again (${(err as Error).message.split('\n')[0]})`;
          if (stopping) return;
        }
      }
      if (stopping) return void (await current.stop());
      const status = reportEmbedded(o.name, { state: 'running', pid: current.pid });
      reportEmbedded(o.name, { restarts: status.restarts + 1 });
      o.log('info', `the ${label} is running again`, { pid: current.pid, restarts: status.restarts + 1 });
    }
  })();

  return {
    stop: async () => {
      stopping = true;
      wake?.();
      await current.stop();
      await loop;
    },
  };
}
