import { afterEach, describe, expect, it, vi } from 'vitest';
import { embeddedStatus } from '@/lib/embedded/status';
import { RestartPolicy, supervise, type ChildRun } from '@/scripts/supervise';

/** A fake child run: `die(reason)` ends it as if it crashed. */
function fakeRun(pid: number) {
  let die!: (reason: string) => void;
  const exited = new Promise<string>((resolve) => (die = resolve));
  const run: ChildRun & { die: typeof die; stopped: boolean } = {
    pid,
    exited,
    die,
    stopped: false,
    stop: async () => {
      run.stopped = true;
      die('exited with code 0');
    },
  };
  return run;
}

const policy = () =>
  new RestartPolicy({ maxFailures: 3, windowMs: 10_000, firstDelayMs: 10, maxDelayMs: 25 });
const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 2000 });

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('wharf.embedded')];
});

describe('RestartPolicy', () => {
  it('doubles the pause per failure in the window, up to the cap, and gives up at the limit', () => {
    const p = new RestartPolicy({ maxFailures: 4, windowMs: 60_000, firstDelayMs: 500, maxDelayMs: 1500 });
    expect(p.failed(0)).toBe(500);
    expect(p.failed(1000)).toBe(1000);
    expect(p.failed(2000)).toBe(1500);
    expect(p.failed(3000)).toBeNull();
  });

  it('forgets failures older than the window', () => {
    const p = new RestartPolicy({ maxFailures: 2, windowMs: 60_000, firstDelayMs: 500, maxDelayMs: 8000 });
    expect(p.failed(0)).toBe(500);
    expect(p.failed(61_000)).toBe(500);
    expect(p.count).toBe(1);
    expect(p.failed(62_000)).toBeNull();
  });
});

describe('supervise', () => {
  it('starts a child that died again and reports what happened', async () => {
    const first = fakeRun(1);
    const second = fakeRun(2);
    const restart = vi.fn(async () => second);
    const onGiveUp = vi.fn();
    const s = supervise({ name: 'registry', first, restart, onGiveUp, log: () => {}, policy: policy() });
    expect(embeddedStatus('registry')).toMatchObject({ state: 'running', pid: 1, restarts: 0 });

    first.die('was killed by SIGKILL');
    await until(() => embeddedStatus('registry')?.pid === 2);
    expect(embeddedStatus('registry')).toMatchObject({
      state: 'running',
      restarts: 1,
      lastExit: { reason: 'was killed by SIGKILL' },
    });
    expect(restart).toHaveBeenCalledTimes(1);
    await s.stop();
    expect(second.stopped).toBe(true);
    expect(restart).toHaveBeenCalledTimes(1); // a requested stop is no failure
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('gives up with one line after repeated failures within the window', async () => {
    const runs = [fakeRun(1), fakeRun(2), fakeRun(3)];
    let i = 0;
    const onGiveUp = vi.fn();
    supervise({
      name: 'postgres',
      first: runs[0]!,
      restart: async () => {
        const run = runs[++i]!;
        setTimeout(() => run.die('exited with code 1'), 5);
        return run;
      },
      onGiveUp,
      log: () => {},
      policy: policy(),
    });
    runs[0]!.die('was killed by SIGKILL');
    await until(() => onGiveUp.mock.calls.length === 1);
    expect(onGiveUp).toHaveBeenCalledWith(
      'the embedded PostgreSQL failed 3 times within 10 s (last: it exited with code 1); stopping',
    );
    expect(embeddedStatus('postgres')?.state).toBe('restarting');
  });

  it('counts a start that fails as a failure, and says why', async () => {
    const first = fakeRun(1);
    const onGiveUp = vi.fn();
    supervise({
      name: 'registry',
      first,
      restart: async () => {
        throw new Error('registry did not start: it exited with code 1\nbind: address already in use');
      },
      onGiveUp,
      log: () => {},
      policy: policy(),
    });
    first.die('was killed by SIGTERM');
    await until(() => onGiveUp.mock.calls.length === 1);
    expect(onGiveUp.mock.calls[0]![0]).toBe(
      'the embedded registry failed 3 times within 10 s (last: it could not be started again (registry did not start: it exited with code 1)); stopping',
    );
  });

  it('restarts nothing after stop()', async () => {
    const first = fakeRun(1);
    const restart = vi.fn(async () => fakeRun(2));
    const s = supervise({
      name: 'registry',
      first,
      restart,
      onGiveUp: () => {},
      log: () => {},
      policy: policy(),
    });
    await s.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(first.stopped).toBe(true);
    expect(restart).not.toHaveBeenCalled();
  });
});
