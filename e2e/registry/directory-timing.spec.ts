// A directory farther away than the password hash takes (a WAN, a busy Active Directory): a
// refused sign-in must take as long for a local account, a directory account and an unknown
// name, or its time tells an attacker which names exist and where. A Wharf of its own against
// a throw-away slapd behind a proxy that delays every packet.
import { expect, test } from '@playwright/test';
import { ldapEnv, LDAP_USERS, startSlapd, type Slapd } from '../ldap/slapd';
import { ADMIN_PASSWORD, startWharf, type WharfServer } from '../fixtures/wharf-server';
import { startDelayProxy, type DelayProxy } from '../fixtures/delay-proxy';

test.describe.configure({ mode: 'serial' });

/** Each way: a round trip to the directory costs twice this, several times the password hash. */
const DELAY_MS = 40;
let slapd: Slapd;
let proxy: DelayProxy;
let wharf: WharfServer;
const LOCAL_PASSWORD = 'local-Secret-1';
const locals = Array.from({ length: 4 }, (_, i) => `local-${i}-${Date.now().toString(36)}`);
const directoryUsers = ['alice', 'bob', 'carol', 'dave'] as const;

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
let address = 0;
/** One token request from its own address; its status and how long it took. */
async function signIn(username: string, password: string) {
  const n = address++;
  const started = performance.now();
  const res = await fetch(`${wharf.url}/v2/token?service=wharf-registry`, {
    headers: { Authorization: basic(username, password), 'X-Forwarded-For': `10.57.${n >> 8}.${n & 255}` },
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  slapd = await startSlapd();
  proxy = await startDelayProxy(slapd.port, DELAY_MS);
  wharf = await startWharf({
    name: 'directory-timing',
    env: {
      ...ldapEnv(slapd),
      LDAP_URL: `ldap://127.0.0.1:${proxy.port}`,
      // The refusals measured here must not lock the names they use.
      LOGIN_MAX_FAILURES_PER_USER: '10000',
    },
  });
  for (const username of locals) {
    const res = await fetch(`${wharf.url}/api/v1/users`, {
      method: 'POST',
      headers: { Authorization: basic('admin', ADMIN_PASSWORD), 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: LOCAL_PASSWORD }),
    });
    expect(res.status).toBe(201);
  }
});

test.afterAll(async () => {
  expect(await wharf?.stop()).toBe(0);
  await proxy?.stop();
  await slapd?.stop();
});

test('[THROTTLE]: with a distant directory, local users, directory users and unknown names are refused equally slowly', async () => {
  test.setTimeout(120_000);
  // Correct passwords still sign in, through the slow directory too (and warm its connections).
  expect((await signIn(locals[0]!, LOCAL_PASSWORD)).status).toBe(200);
  expect((await signIn('alice', LDAP_USERS.alice)).status).toBe(200);
  for (const name of [locals[1]!, 'bob', 'nobody-warm'])
    expect((await signIn(name, 'wrong-warm')).status).toBe(401);

  // The three kinds in adjacent triples, the order rotating: the median of the paired
  // differences cancels load that comes and goes over seconds. Without the equal work, a
  // local user's refusal is one password hash, an unknown name's one directory round trip and
  // a directory user's two, so the gaps are at least a round trip (2 × DELAY_MS); the bound
  // is half of one. A burst of load in one round does not repeat: three rounds are allowed.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const report: string[] = [];
  for (let round = 0; round < 3; round++) {
    const times = { local: [] as number[], directory: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 12; i++) {
      const tries = [
        ['local', locals[i % locals.length]!],
        ['directory', directoryUsers[i % directoryUsers.length]!],
        ['unknown', `ghost-${round}-${i}`],
      ] as const;
      for (let k = 0; k < 3; k++) {
        const [kind, name] = tries[(i + k) % 3]!;
        const { status, ms } = await signIn(name, `wrong-${round}-${i}`);
        expect(status, `${kind} ${name}`).toBe(401);
        times[kind].push(ms);
      }
    }
    const gap = (kind: 'local' | 'directory') => median(times[kind].map((t, i) => t - times.unknown[i]!));
    const [local, directory] = [gap('local'), gap('directory')];
    report.push(
      `unknown ${median(times.unknown).toFixed(1)} ms, local ${median(times.local).toFixed(1)} ms (paired gap ${local.toFixed(1)}), directory ${median(times.directory).toFixed(1)} ms (paired gap ${directory.toFixed(1)})`,
    );
    console.log(
      `refused sign-ins behind a ${2 * DELAY_MS} ms directory, round ${round + 1}: ${report.at(-1)}`,
    );
    if (Math.abs(local) < DELAY_MS && Math.abs(directory) < DELAY_MS) return;
  }
  throw new Error(`refusals take different times by kind of name in every round:\n${report.join('\n')}`);
});
