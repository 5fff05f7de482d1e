// Directory changes reach every credential within LDAP_REVALIDATE_INTERVAL, and sign-in
// throttling that slows a sprayer without locking out the people behind the same address.
// A Wharf of its own against a throw-away slapd, changed with ldapmodify while it runs.
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { GROUPS_DN, ldapEnv, PEOPLE_DN, startSlapd, type Slapd } from '../ldap/slapd';
import { signInViaApi } from '../fixtures/auth';
import { ADMIN_PASSWORD, startWharf, type WharfServer } from '../fixtures/wharf-server';
import { accessOf } from '../fixtures/token';

test.describe.configure({ mode: 'serial' });

const REVALIDATE_MS = 2000;
let slapd: Slapd;
let wharf: WharfServer;
let admin: APIRequestContext;
let project: string;

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const developers = `cn=developers,${GROUPS_DN}`;
const admins = `cn=registry-admins,${GROUPS_DN}`;
const person = (uid: string) => `uid=${uid},${PEOPLE_DN}`;

async function token(options: {
  auth?: string;
  form?: Record<string, string>;
  scope?: string;
  ip?: string;
  offline?: boolean;
}) {
  const url = new URL('/v2/token', wharf.url);
  url.searchParams.set('service', 'wharf-registry');
  const headers: Record<string, string> = options.ip ? { 'X-Forwarded-For': options.ip } : {};
  let res: Response;
  if (options.form) {
    res = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        service: 'wharf-registry',
        ...options.form,
        ...(options.scope ? { scope: options.scope } : {}),
      }),
    });
  } else {
    if (options.scope) url.searchParams.set('scope', options.scope);
    if (options.offline) url.searchParams.set('offline_token', 'true');
    res = await fetch(url, {
      headers: { ...headers, ...(options.auth ? { Authorization: options.auth } : {}) },
    });
  }
  const body = (await res.json()) as { scope?: string; refresh_token?: string; token?: string };
  const actions = accessOf(body.token).flatMap((a) => a.actions.map((x) => `${a.name}:${x}`));
  return { status: res.status, body, actions };
}

/** docker login: the identity token (refresh token) the docker CLI would store. */
async function dockerLogin(username: string, password: string): Promise<string> {
  const res = await token({ auth: basic(username, password), offline: true });
  expect(res.status, `docker login as ${username}`).toBe(200);
  return res.body.refresh_token!;
}

const refresh = (refreshToken: string, scope?: string) =>
  token({ form: { grant_type: 'refresh_token', refresh_token: refreshToken }, scope });

async function session(username: string, password: string) {
  const ctx = await request.newContext({ baseURL: wharf.url });
  expect((await signInViaApi(ctx, username, password)).ok, `sign-in as ${username}`).toBe(true);
  return ctx;
}

const waitRevalidation = () => new Promise((r) => setTimeout(r, REVALIDATE_MS + 300));

test.beforeAll(async () => {
  test.setTimeout(180_000);
  slapd = await startSlapd();
  wharf = await startWharf({
    name: 'directory',
    env: {
      ...ldapEnv(slapd),
      LDAP_REVALIDATE_INTERVAL: `${REVALIDATE_MS / 1000}s`,
      // This suite tests the per-address lock itself.
      LOGIN_MAX_FAILURES_PER_IP: '30',
    },
  });
  admin = await request.newContext({
    baseURL: wharf.url,
    extraHTTPHeaders: { Authorization: basic('admin', ADMIN_PASSWORD) },
  });
  project = `dir-${Date.now().toString(36)}`;
  expect((await admin.post('/api/v1/projects', { data: { name: project } })).status()).toBe(201);
  expect(
    (
      await admin.post(`/api/v1/projects/${project}/members`, {
        data: { group: developers, role: 'developer' },
      })
    ).status(),
  ).toBe(201);
});

test.afterAll(async () => {
  await admin?.dispose();
  expect(await wharf?.stop()).toBe(0);
  await slapd?.stop();
});

test('[LDAP]: group roles hold for the password, a token and the docker login alike; removal from the group ends them', async () => {
  const scope = `repository:${project}/app:pull,push`;
  const identity = await dockerLogin('bob', 'bob-pw');
  const bob = await request.newContext({
    baseURL: wharf.url,
    extraHTTPHeaders: { Authorization: basic('bob', 'bob-pw') },
  });
  const pat = (await (await bob.post('/api/v1/users/me/tokens', { data: { name: 'ci' } })).json()) as {
    token: string;
  };
  const granted = [`${project}/app:pull`, `${project}/app:push`];
  expect((await token({ auth: basic('bob', 'bob-pw'), scope })).actions).toEqual(granted);
  expect((await token({ auth: basic('bob', pat.token), scope })).actions).toEqual(granted);
  expect((await refresh(identity, scope)).actions).toEqual(granted);

  await slapd.ldapAdd(`dn: ${developers}\nchangetype: modify\ndelete: member\nmember: ${person('bob')}\n`);
  await waitRevalidation();
  expect((await refresh(identity, scope)).actions).toEqual([]);
  expect((await token({ auth: basic('bob', pat.token), scope })).actions).toEqual([]);
  expect((await token({ auth: basic('bob', 'bob-pw'), scope })).actions).toEqual([]);
  await bob.dispose();
});

test('[LDAP]: removal from the admin group ends admin rights in the open session and the docker login', async () => {
  const carol = await session('carol', 'carol-pw');
  const identity = await dockerLogin('carol', 'carol-pw');
  expect(((await (await carol.get('/api/v1/users/me')).json()) as { admin: boolean }).admin).toBe(true);
  expect((await refresh(identity, 'registry:catalog:*')).body.scope).toBe('registry:catalog:*');

  // groupOfNames needs a member: dave joins before carol leaves.
  await slapd.ldapAdd(`dn: ${admins}\nchangetype: modify\nadd: member\nmember: ${person('dave')}\n`);
  await slapd.ldapAdd(`dn: ${admins}\nchangetype: modify\ndelete: member\nmember: ${person('carol')}\n`);
  await waitRevalidation();
  expect(((await (await carol.get('/api/v1/users/me')).json()) as { admin: boolean }).admin).toBe(false);
  expect((await carol.get('/api/v1/robots')).status()).toBe(403);
  const after = await refresh(identity, 'registry:catalog:*');
  expect(after.status).toBe(200);
  expect(after.body.scope).toBe('');
  await carol.dispose();
});

test('[LDAP]: a password changed in the directory ends sessions and docker logins; the new password works', async () => {
  const alice = await session('alice', 'alice-pw');
  const identity = await dockerLogin('alice', 'alice-pw');
  expect((await alice.get('/api/v1/users/me')).status()).toBe(200);

  await slapd.ldapAdd(
    `dn: ${person('alice')}\nchangetype: modify\nreplace: userPassword\nuserPassword: alice-new-pw\n`,
  );
  await waitRevalidation();
  expect((await alice.get('/api/v1/users/me')).status()).toBe(401);
  expect((await refresh(identity)).status).toBe(401);
  expect((await token({ auth: basic('alice', 'alice-pw') })).status).toBe(401);
  const again = await session('alice', 'alice-new-pw');
  expect((await again.get('/api/v1/users/me')).status()).toBe(200);
  await again.dispose();
  await alice.dispose();
});

test('[LDAP]: a user deleted from the directory loses every session, docker login and token', async () => {
  const erin = await session('erin', 'erin-pw');
  const identity = await dockerLogin('erin', 'erin-pw');
  const pat = (await (
    await erin.post('/api/v1/users/me/tokens', { data: { name: 'ci' }, headers: { Origin: wharf.url } })
  ).json()) as {
    token: string;
  };
  expect((await token({ auth: basic('erin', pat.token) })).status).toBe(200);

  await slapd.ldapAdd(`dn: ${person('erin')}\nchangetype: delete\n`);
  await waitRevalidation();
  expect((await erin.get('/api/v1/users/me')).status()).toBe(401);
  expect((await refresh(identity)).status).toBe(401);
  expect((await token({ auth: basic('erin', pat.token) })).status).toBe(401);
  await erin.dispose();
});

test('[THROTTLE]: a spray of made-up names locks the address for guessers, not for people and robots who sign in there', async () => {
  const ip = '10.55.0.1';
  // A local user who signed in from this address before, and a robot.
  const user = `sprayed-${Date.now().toString(36)}`;
  expect(
    (await admin.post('/api/v1/users', { data: { username: user, password: 'sprayed-Secret-1' } })).status(),
  ).toBe(201);
  expect((await token({ auth: basic(user, 'sprayed-Secret-1'), ip })).status).toBe(200);
  const robot = (await (
    await admin.post(`/api/v1/projects/${project}/robots`, {
      data: { name: 'ci', actions: ['pull'], expiresInDays: 5 },
    })
  ).json()) as { name: string; secret: string };

  const answers: number[] = [];
  for (let i = 0; i < 35; i++)
    answers.push((await token({ auth: basic(`nobody-${i}`, 'guess'), ip })).status);
  expect(answers.slice(0, 30).every((s) => s === 401)).toBe(true);
  expect(answers.slice(30).every((s) => s === 429)).toBe(true);
  // A new guess from there waits; the same guess from elsewhere is only wrong.
  expect((await token({ auth: basic('nobody-x', 'guess'), ip })).status).toBe(429);
  expect((await token({ auth: basic('nobody-x', 'guess'), ip: '10.55.0.2' })).status).toBe(401);
  // People and robots who sign in correctly from the sprayed address keep working.
  expect((await token({ auth: basic(user, 'sprayed-Secret-1'), ip })).status).toBe(200);
  expect((await token({ auth: basic(robot.name, robot.secret), ip })).status).toBe(200);
});

test('[THROTTLE]: an unknown name answers as slowly as a known user with a wrong password (no enumeration by timing)', async () => {
  // Eight known users, so that none reaches the per-name lock (10 failures) in 72 tries.
  const users = Array.from({ length: 8 }, (_, i) => `timed-${i}-${Date.now().toString(36)}`);
  for (const username of users)
    expect(
      (await admin.post('/api/v1/users', { data: { username, password: 'timed-Secret-1' } })).status(),
    ).toBe(201);
  let address = 0;
  const time = async (name: string) => {
    const n = address++;
    const started = performance.now();
    const res = await token({ auth: basic(name, `wrong-${n}`), ip: `10.56.${n >> 8}.${n & 255}` });
    expect(res.status).toBe(401);
    return performance.now() - started;
  };
  // Known and unknown names in adjacent pairs, each request from its own address: the median
  // of the pairs' differences cancels the load other tests put on the machine, which comes and
  // goes over seconds. A leak (an unknown name skipping the password hash) shows in every
  // round; a burst of load in one round does not repeat, so three rounds are allowed. The
  // bound is a share of the answer time, since the hash is most of it: a machine fast enough
  // to hash in 8 ms would slip under a fixed 8 ms bound even with the leak.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const gaps: string[] = [];
  for (let round = 0; round < 3; round++) {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 24; i++) {
      const ghost = `ghost-${round}-${i}`;
      const user = users[(round * 24 + i) % users.length]!;
      // Alternate which of the pair goes first, so neither always meets a warmer process.
      if (i % 4 < 2) {
        known.push(await time(user));
        unknown.push(await time(ghost));
      } else {
        unknown.push(await time(ghost));
        known.push(await time(user));
      }
    }
    const gap = median(known.map((k, i) => k - unknown[i]!));
    gaps.push(
      `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms, paired gap ${gap.toFixed(1)} ms`,
    );
    console.log(`wrong password, round ${round + 1}: ${gaps.at(-1)}`);
    if (Math.abs(gap) < Math.max(3, 0.25 * median(known))) return;
  }
  throw new Error(`known and unknown names answer at different speeds in every round:\n${gaps.join('\n')}`);
});

test('[SHUTDOWN]: on SIGTERM a token request in flight completes, then Wharf exits 0', async () => {
  // A directory that hangs keeps dave's sign-in in flight while the stop signal arrives.
  slapd.pause();
  const inFlight = token({ auth: basic('dave', 'dave-pw') });
  await new Promise((r) => setTimeout(r, 500));
  const keepAlive = await fetch(new URL('/api/health', wharf.url));
  expect(keepAlive.status).toBe(200);
  wharf.process.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  slapd.resume();
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  const code = await new Promise<number | null>((resolve) =>
    wharf.process.exitCode !== null ? resolve(wharf.process.exitCode) : wharf.process.once('exit', resolve),
  );
  expect(code).toBe(0);
  expect(wharf.output()).toMatch(/received SIGTERM: stopping after [1-9]\d* request\(s\) in flight/);
});
