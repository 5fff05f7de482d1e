// Shared by the token benchmarks: the bench project and its users, the load generator and the
// server's CPU time.
import { readFileSync } from 'node:fs';
import { ADMIN_PASSWORD, type WharfServer } from '../../e2e/fixtures/wharf-server';
import { LDAP_USERS } from '../../e2e/ldap/slapd';

export const PROJECT = 'bench';
/** What a push asks for: pull,push on one repository. */
export const SCOPE = `?service=wharf-registry&scope=repository:${PROJECT}/app:pull,push`;
export const LOCAL_USER = { username: 'bench-dev', password: 'bench-dev-Secret1' };
export const LDAP_USER = 'alice';
export const USER_KINDS = ['local', 'ldap', 'robot'] as const;
export type UserKind = (typeof USER_KINDS)[number];

export const basic = (username: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});

/**
 * The bench project with a developer of each kind: a local user, the directory user alice (when
 * `ldap`; Wharf must have LDAP_* settings) and a robot. Returns each kind's Basic header.
 */
export async function setUpBenchUsers(
  wharf: Pick<WharfServer, 'url'>,
  { ldap }: { ldap: boolean },
): Promise<Partial<Record<UserKind, Record<string, string>>>> {
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${wharf.url}${route}`, {
      method: 'POST',
      headers: { ...basic('admin', ADMIN_PASSWORD), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  };
  await post('/api/v1/projects', { name: PROJECT });
  const { username, password } = LOCAL_USER;
  await post('/api/v1/users', { username, password, email: 'bench@example.test' });
  await post(`/api/v1/projects/${PROJECT}/members`, { username, role: 'developer' });
  if (ldap) await post(`/api/v1/projects/${PROJECT}/members`, { username: LDAP_USER, role: 'developer' });
  const robot = await post(`/api/v1/projects/${PROJECT}/robots`, {
    name: 'ci',
    actions: ['pull', 'push'],
    expiresInDays: 7,
  });
  return {
    local: basic(username, password),
    ...(ldap ? { ldap: basic(LDAP_USER, LDAP_USERS[LDAP_USER]) } : {}),
    robot: basic(robot.name!, robot.secret!),
  };
}

export type LoadResult = { rps: number; p50: number; p99: number; failures: number };

/**
 * `requests` GETs of `url` from `concurrency` clients, after 50 sequential warm-up requests that
 * fill caches (credential cache, JIT).
 */
export async function load(
  url: string,
  headers: Record<string, string>,
  { requests, concurrency }: { requests: number; concurrency: number },
): Promise<LoadResult> {
  for (let i = 0; i < 50; i++) await fetch(url, { headers }).then((r) => r.arrayBuffer());
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        const t = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) failures += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    rps: requests / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
  };
}

/** The p-th percentile (nearest rank) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * CPU time (ms) the Wharf server process has used: on a machine shared with other work,
 * requests/s swing by tens of percent between runs, the server's CPU per request much less.
 */
export function serverCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
}

/**
 * Times `n` calls of `fn` (an HTTP request answering its status; 200 expected) after 3
 * warm-ups, and prints the median and p95 after `label` padded to `width`.
 */
export async function timeIt(width: number, label: string, n: number, fn: () => Promise<number>) {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const status = await fn();
    if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
    times.push(performance.now() - t);
  }
  const p = (q: number) => percentile(times, q).toFixed(1);
  console.log(`  ${label.padEnd(width)} median ${p(50)} ms  p95 ${p(95)} ms`);
}
