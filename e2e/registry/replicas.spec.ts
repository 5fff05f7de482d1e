// Two replicas on one PostgreSQL behind a round-robin reverse proxy, as the Kubernetes manifests
// run them: every decision is shared (locks, revocations, password changes, memberships), a
// change on one replica is enforced by the other within a second, reconcile runs on one at a
// time, and docker login + push keep working while one replica restarts.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startRegistry, type RunningRegistry } from '../../scripts/registry/start-registry';
import { Podman } from '../fixtures/clients';
import { ADMIN_PASSWORD, freePort, startWharf, type WharfServer } from '../fixtures/wharf-server';
import { accessOf } from '../fixtures/token';

test.describe.configure({ mode: 'serial' });

const SECRET = 'replicas-nextauth-secret-0123456789abcdef';
let a: WharfServer;
let b: WharfServer;
let proxy: { url: string; host: string; server: Server; hits: Map<string, number> };
let registry: RunningRegistry;
let bEnv: Record<string, string>;

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

async function call(base: string, method: string, url: string, auth: string, body?: unknown) {
  const res = await fetch(new URL(url, base), {
    method,
    headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : null };
}

async function token(base: string, auth: string | null, scope?: string) {
  const url = new URL('/v2/token', base);
  url.searchParams.set('service', 'wharf-registry');
  if (scope) url.searchParams.set('scope', scope);
  const res = await fetch(url, { headers: auth ? { Authorization: auth } : {} });
  const body = (await res.json()) as { token?: string };
  return { status: res.status, actions: accessOf(body.token).flatMap((x) => x.actions) };
}

/** Polls until `check` holds, and says how long the other replica took to enforce the change. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`not enforced within ${ms} ms`);
}

/** A round-robin HTTP proxy that, like nginx's proxy_next_upstream, tries the next replica when one refuses connections. */
async function startProxy(upstreams: () => string[]) {
  const hits = new Map<string, number>();
  let next = 0;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const targets = upstreams();
      const attempt = (tries: number) => {
        const target = new URL(targets[next++ % targets.length]!);
        const up = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: req.headers.host, 'x-forwarded-for': '127.0.0.1' },
          },
          (upRes) => {
            hits.set(target.origin, (hits.get(target.origin) ?? 0) + 1);
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
          },
        );
        up.on('error', () => (tries > 1 ? attempt(tries - 1) : res.writeHead(502).end()));
        up.end(body);
      };
      attempt(targets.length);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, server, hits };
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const proxyPort = await freePort();
  const publicUrl = `http://127.0.0.1:${proxyPort}`;
  const registryPort = await freePort();
  const common = {
    NEXTAUTH_SECRET: SECRET,
    WHARF_URL: publicUrl,
    REGISTRY_URL: `http://127.0.0.1:${registryPort}`,
    TRUST_PROXY: '1',
    LOGIN_MAX_FAILURES_PER_USER: '5',
  };
  a = await startWharf({ name: 'replica-a', env: common });
  bEnv = {
    ...common,
    DATABASE_URL: a.databaseUrl(),
    TOKEN_KEY_FILE: path.join(a.dataDir, 'token', 'signing-key.pem'),
    TOKEN_CERT_FILE: path.join(a.dataDir, 'token', 'signing-cert.pem'),
  };
  b = await startWharf({ name: 'replica-b', env: bEnv });
  const p = await startProxy(() => [a, b].filter((r) => r.process.exitCode === null).map((r) => r.url));
  p.server.close();
  // The proxy listens on the port WHARF_URL names (the token realm).
  proxy = await new Promise((resolve) => {
    p.server.listen(proxyPort, '127.0.0.1', () =>
      resolve({ ...p, url: publicUrl, host: `127.0.0.1:${proxyPort}` }),
    );
  });
  registry = await startRegistry({
    realm: `${publicUrl}/v2/token`,
    rootCertBundle: path.join(a.dataDir, 'token', 'signing-cert.pem'),
    port: registryPort,
  });
});

test.afterAll(async () => {
  await registry?.stop();
  proxy?.server.close();
  await b?.stop();
  await a?.stop();
});

const admin = basic('admin', ADMIN_PASSWORD);

async function user(prefix: string) {
  const username = `${prefix}-${Date.now().toString(36)}`;
  const password = `${username}-Secret1`;
  expect((await call(a.url, 'POST', '/api/v1/users', admin, { username, password })).status).toBe(201);
  return { username, password, auth: basic(username, password) };
}

test('[REPLICAS]: both replicas share one signing key and database; the proxy spreads requests', async () => {
  const u = await user('spread');
  for (let i = 0; i < 6; i++) expect((await token(proxy.url, u.auth)).status).toBe(200);
  expect(proxy.hits.get(new URL(a.url).origin)).toBeGreaterThan(0);
  expect(proxy.hits.get(new URL(b.url).origin)).toBeGreaterThan(0);
});

test('[REPLICAS]: a sign-in lock earned on one replica holds on the other', async () => {
  const u = await user('lock');
  for (let i = 0; i < 5; i++) expect((await token(a.url, basic(u.username, 'wrong'))).status).toBe(401);
  const waited = await within(1000, async () => (await token(b.url, u.auth)).status === 429);
  console.log(`lock seen by the other replica after ${waited} ms`);
});

test('[REPLICAS]: a password change, token revoke, robot disable and member removal on one replica are enforced by the other within a second', async () => {
  const u = await user('change');
  const project = `repl-${Date.now().toString(36)}`;
  expect((await call(a.url, 'POST', '/api/v1/projects', admin, { name: project })).status).toBe(201);
  const member = await call(a.url, 'POST', `/api/v1/projects/${project}/members`, admin, {
    username: u.username,
    role: 'developer',
  });
  expect(member.status).toBe(201);
  const scope = `repository:${project}/app:pull,push`;
  // Warm replica B's caches: the same answers come from memory from now on.
  for (let i = 0; i < 3; i++) expect((await token(b.url, u.auth, scope)).actions).toEqual(['pull', 'push']);

  // Member removal on A.
  expect(
    (await call(a.url, 'DELETE', `/api/v1/projects/${project}/members/${member.data.id}`, admin)).status,
  ).toBe(204);
  console.log(
    `member removal: ${await within(1000, async () => (await token(b.url, u.auth, scope)).actions.length === 0)} ms`,
  );

  // Token revoke on A.
  const pat = await call(a.url, 'POST', '/api/v1/users/me/tokens', u.auth, { name: 'ci' });
  expect(pat.status).toBe(201);
  const patAuth = basic(u.username, pat.data.token);
  expect((await token(b.url, patAuth)).status).toBe(200);
  expect((await call(a.url, 'DELETE', `/api/v1/users/me/tokens/${pat.data.id}`, u.auth)).status).toBe(204);
  console.log(
    `token revoke: ${await within(1000, async () => (await token(b.url, patAuth)).status === 401)} ms`,
  );

  // Robot disable on A.
  const robot = await call(a.url, 'POST', `/api/v1/projects/${project}/robots`, admin, {
    name: 'ci',
    actions: ['pull'],
    expiresInDays: 5,
  });
  expect(robot.status).toBe(201);
  const robotAuth = basic(robot.data.name, robot.data.secret);
  expect((await token(b.url, robotAuth)).status).toBe(200);
  expect(
    (await call(a.url, 'PATCH', `/api/v1/robots/${robot.data.id}`, admin, { disabled: true })).status,
  ).toBe(200);
  console.log(
    `robot disable: ${await within(1000, async () => (await token(b.url, robotAuth)).status === 401)} ms`,
  );

  // Password change on A.
  expect((await token(b.url, u.auth)).status).toBe(200);
  const reset = await call(a.url, 'PATCH', `/api/v1/users/${u.username}`, admin, {
    password: 'changed-Secret-9',
  });
  expect(reset.status).toBe(200);
  console.log(
    `password change: ${await within(1000, async () => (await token(b.url, u.auth)).status === 401)} ms`,
  );
});

test('[REPLICAS]: reconcile runs on one replica at a time', async () => {
  // Hold the reconcile lock as a third party: both replicas then skip, rather than run alongside.
  const holder = new pg.Client({ connectionString: a.databaseUrl() });
  await holder.connect();
  try {
    await holder.query('SELECT pg_advisory_lock($1)', [0x77686172]);
    for (const replica of [a, b]) {
      const res = await call(replica.url, 'POST', '/api/v1/system/reconcile', admin);
      expect(res.status).toBe(200);
      expect(res.data.skipped).toBe('another replica is reconciling');
    }
    await holder.query('SELECT pg_advisory_unlock($1)', [0x77686172]);
    const res = await call(b.url, 'POST', '/api/v1/system/reconcile', admin);
    expect(res.status).toBe(200);
    expect(res.data.skipped).toBeUndefined();
  } finally {
    await holder.end();
  }
});

test('[REPLICAS]: docker login and podman push through the proxy keep working while one replica restarts', async () => {
  const u = await user('pusher');
  const project = `roll-${Date.now().toString(36)}`;
  expect((await call(a.url, 'POST', '/api/v1/projects', admin, { name: project })).status).toBe(201);
  expect(
    (
      await call(a.url, 'POST', `/api/v1/projects/${project}/members`, admin, {
        username: u.username,
        role: 'developer',
      })
    ).status,
  ).toBe(201);
  const podman = new Podman();
  expect((await podman.login(u.username, u.password, registry.host)).code).toBe(0);
  // While B is down, a lock is earned on A: B must know it from its first request on.
  const locked = await user('lockedwhiledown');
  const restart = (async () => {
    expect(await b.stop()).toBe(0);
    for (let i = 0; i < 5; i++)
      expect((await token(a.url, basic(locked.username, 'wrong'))).status).toBe(401);
    b = await startWharf({ name: 'replica-b', env: bEnv });
    // At once (the lock lasts 30 s; the pushes alongside may take longer on a loaded machine).
    expect((await token(b.url, locked.auth)).status).toBe(429);
  })();
  for (let i = 0; i < 3; i++) {
    const ref = `${registry.host}/${project}/app:v${i}`;
    await podman.makeImage(ref);
    const pushed = await podman.push(ref);
    expect(pushed.code, pushed.stderr).toBe(0);
  }
  await restart;
  const ref = `${registry.host}/${project}/app:after`;
  await podman.makeImage(ref);
  expect((await podman.push(ref)).code).toBe(0);
});
