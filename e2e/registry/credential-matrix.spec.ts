// The permission matrix against the real registry: every credential kind (local password, LDAP
// password, LDAP group member, read-write and read-only personal access tokens, project and
// system robots, administrators' credentials) — each used directly and through the identity
// token `docker login` stores — × pull / push / delete / catalog × public / private project, and a
// private project with network rules (anonymous pull from 127.0.0.0/8, push only from 10.0.0.0/8,
// while every client here is on 127.0.0.1).
//
// Every cell goes the way a client goes: the request to the registry, its Bearer challenge,
// a token from Wharf for exactly the challenged scope (Basic, or the refresh grant with the
// identity token read from docker's config.json), the retry; the REGISTRY's answer decides.
// Podman, skopeo and the docker CLI prove a subset with real clients.
//
// A Wharf of its own against a throw-away slapd (e2e/ldap/slapd.ts) and a registry of its own,
// as in ldap.spec.ts. Tests run in order in one worker and share the set-up of beforeAll; no
// test depends on another one having run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startRegistry, type RunningRegistry } from '../../scripts/registry/start-registry';
import { groupDn, ldapEnv, startSlapd, type Slapd } from '../ldap/slapd';
import { Api } from '../fixtures/api';
import { Podman, run } from '../fixtures/clients';
import {
  dockerLogin,
  fetchRegistryToken,
  RegistryClient,
  storedDockerCredential,
  type RegistryCall,
  type RegistryCredential,
} from '../fixtures/matrix';
import { ADMIN_PASSWORD, startWharf, type WharfServer } from '../fixtures/wharf-server';

// ---- the expected table, written out by hand -------------------------------------------------
//
// Every person below holds the same role in all three projects — maintainer (pull, push,
// delete) — directly or through an LDAP group; robots hold pull+push on the private project only.
// The network project's rules bind everyone, administrators and robots included.
// Y = allowed, - = denied. Columns: public, private and network project pull/push/delete, catalog.
const EXPECTED = {
  //                public   private  network  catalog
  local: /*      */ 'Y Y Y    Y Y Y    Y - -    -',
  ldap: /*       */ 'Y Y Y    Y Y Y    Y - -    -',
  ldapGroup: /*  */ 'Y Y Y    Y Y Y    Y - -    -',
  rwToken: /*    */ 'Y Y Y    Y Y Y    Y - -    -',
  roToken: /*    */ 'Y - -    Y - -    Y - -    -',
  adminPassword: 'Y Y Y    Y Y Y    Y - -    Y',
  adminRwToken: 'Y Y Y    Y Y Y    Y - -    Y',
  adminRoToken: 'Y - -    Y - -    Y - -    -',
  ldapAdmin: /*  */ 'Y Y Y    Y Y Y    Y - -    Y',
  projectRobot: 'Y - -    Y Y -    Y - -    -',
  systemRobot: 'Y - -    Y Y -    Y - -    -',
  nonMember: /*  */ 'Y - -    - - -    Y - -    -',
  anonymous: /*  */ 'Y - -    - - -    Y - -    -',
} as const;
type SubjectKey = keyof typeof EXPECTED;

const SUBJECTS: Array<{ key: SubjectKey; label: string }> = [
  { key: 'local', label: 'local password (direct maintainer)' },
  { key: 'ldap', label: 'LDAP password (erin, direct maintainer)' },
  { key: 'ldapGroup', label: 'LDAP group member (bob, developers → maintainer)' },
  { key: 'rwToken', label: 'read-write token (of bob, LDAP group member)' },
  { key: 'roToken', label: 'read-only token (of bob, LDAP group member)' },
  { key: 'adminPassword', label: 'admin password' },
  { key: 'adminRwToken', label: "admin's read-write token" },
  { key: 'adminRoToken', label: "admin's read-only token" },
  { key: 'ldapAdmin', label: 'LDAP admin-group member (carol)' },
  { key: 'projectRobot', label: 'project robot (pull+push on private)' },
  { key: 'systemRobot', label: 'system robot (pull+push on private)' },
  { key: 'nonMember', label: 'LDAP non-member (dave)' },
  { key: 'anonymous', label: 'anonymous' },
];
const ROBOTS: readonly SubjectKey[] = ['projectRobot', 'systemRobot'];

type Visibility = 'public' | 'private' | 'network';
type Action = 'pull' | 'push' | 'delete';
type Cell = { action: Action; visibility: Visibility } | { action: 'catalog' };
const CELLS: Cell[] = [
  { action: 'pull', visibility: 'public' },
  { action: 'push', visibility: 'public' },
  { action: 'delete', visibility: 'public' },
  { action: 'pull', visibility: 'private' },
  { action: 'push', visibility: 'private' },
  { action: 'delete', visibility: 'private' },
  { action: 'pull', visibility: 'network' },
  { action: 'push', visibility: 'network' },
  { action: 'delete', visibility: 'network' },
  { action: 'catalog' },
];

function expected(key: SubjectKey): boolean[] {
  const marks = EXPECTED[key].replace(/\s+/g, '');
  if (!/^[Y-]{10}$/.test(marks)) throw new Error(`bad EXPECTED row ${key}`);
  return [...marks].map((m) => m === 'Y');
}

function cellTitle(cell: Cell, allowed: boolean): string {
  const verdict = allowed ? 'allowed' : 'denied';
  if (cell.action === 'catalog') return `catalog listing is ${verdict}`;
  const prep = cell.action === 'pull' ? 'from' : cell.action === 'push' ? 'to' : 'in';
  return `${cell.action} ${prep} ${cell.visibility} is ${verdict}`;
}

type Via = 'direct' | 'docker';
const viaLabel = (key: SubjectKey, via: Via) =>
  via === 'direct'
    ? 'with its own credential'
    : ROBOTS.includes(key)
      ? 'via docker login (docker stores the robot secret)'
      : 'via docker login identity token';

// ---- set-up ------------------------------------------------------------------------------------

let slapd: Slapd;
let wharf: WharfServer;
let registry: RunningRegistry;
let reg: RegistryClient;
let admin: Api;
let podman: Podman;
const project: Record<Visibility, string> = { public: '', private: '', network: '' };
/** A manifest in the network project that every delete cell tries (and must fail) to delete. */
let networkVictim = '';
const IMAGE_TAG = 'v1';
const LOCAL_USER = 'mx-local';
const LOCAL_PASSWORD = 'mx-local-Secret-1';
/** The credential each subject presents directly. */
const direct = {} as Record<SubjectKey, RegistryCredential>;
/** Each subject's docker config directory after `docker login` (not for anonymous). */
const dockerConfig = {} as Record<Exclude<SubjectKey, 'anonymous'>, string>;
const TOKEN_NAMES = {
  rw: 'matrix-rw',
  ro: 'matrix-ro',
  adminRw: 'matrix-admin-rw',
  adminRo: 'matrix-admin-ro',
};
const adminCredential = (): RegistryCredential => ({
  kind: 'basic',
  username: 'admin',
  password: ADMIN_PASSWORD,
});

async function apiAs(username: string, password: string): Promise<Api> {
  const { request } = await import('@playwright/test');
  const ctx = await request.newContext({
    baseURL: wharf.url,
    extraHTTPHeaders: { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  return new Api(ctx, username);
}

async function created(res: Promise<{ status: number; data: any }>, what: string) {
  const r = await res;
  if (r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.data)}`);
  return r.data;
}

async function createToken(api: Api, name: string, readOnly: boolean): Promise<string> {
  const data = await created(
    api.post('/api/v1/users/me/tokens', { name, expiresInDays: 7, readOnly }),
    `token ${name}`,
  );
  expect(data.token).toMatch(/^wharf_pat_/);
  return data.token;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  slapd = await startSlapd();
  wharf = await startWharf({ name: 'matrix', env: { ...ldapEnv(slapd), LDAP_TIMEOUT: '2s' } });
  registry = await startRegistry({
    realm: `${wharf.url}/v2/token`,
    rootCertBundle: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
  });
  reg = new RegistryClient(registry.host);
  admin = await apiAs('admin', ADMIN_PASSWORD);

  const stamp = Date.now().toString(36);
  project.private = `mx-private-${stamp}`;
  project.public = `mx-public-${stamp}`;
  project.network = `mx-network-${stamp}`;
  for (const v of ['private', 'public', 'network'] as const)
    await created(admin.post('/api/v1/projects', { name: project[v], public: v === 'public' }), 'project');
  await created(
    admin.post('/api/v1/users', { username: LOCAL_USER, password: LOCAL_PASSWORD, email: 'mx@example.test' }),
    'local user',
  );
  // The same role everywhere: maintainer, directly (local user, erin) or through the group (bob).
  for (const name of Object.values(project)) {
    await created(
      admin.post(`/api/v1/projects/${name}/members`, { username: LOCAL_USER, role: 'maintainer' }),
      'member',
    );
    await created(
      admin.post(`/api/v1/projects/${name}/members`, { username: 'erin', role: 'maintainer' }),
      'member',
    );
    await created(
      admin.post(`/api/v1/projects/${name}/members`, { group: groupDn('developers'), role: 'maintainer' }),
      'group member',
    );
  }

  // One image in each project, pushed by the admin with podman.
  podman = new Podman();
  const login = await podman.login('admin', ADMIN_PASSWORD, registry.host);
  expect(login.code, login.stderr).toBe(0);
  const privateRef = `${registry.host}/${project.private}/app:${IMAGE_TAG}`;
  const publicRef = `${registry.host}/${project.public}/app:${IMAGE_TAG}`;
  await podman.makeImage(privateRef);
  const networkRef = `${registry.host}/${project.network}/app:${IMAGE_TAG}`;
  expect((await podman.run(['tag', privateRef, publicRef])).code).toBe(0);
  expect((await podman.run(['tag', privateRef, networkRef])).code).toBe(0);
  for (const ref of [privateRef, publicRef, networkRef]) {
    const pushed = await podman.push(ref);
    expect(pushed.code, pushed.stderr).toBe(0);
  }
  networkVictim = await reg.pushThrowawayManifest(
    `${project.network}/app`,
    IMAGE_TAG,
    'victim',
    adminCredential(),
  );
  expect(
    (
      await admin.patch(`/api/v1/projects/${project.network}`, {
        anonymousPullCidrs: ['127.0.0.0/8'],
        pushCidrs: ['10.0.0.0/8'],
      })
    ).status,
  ).toBe(200);

  // Personal access tokens: bob's (an LDAP group member) and the admin's, read-write and read-only.
  const bob = await apiAs('bob', 'bob-pw');
  const rwToken = await createToken(bob, TOKEN_NAMES.rw, false);
  const roToken = await createToken(bob, TOKEN_NAMES.ro, true);
  await bob.dispose();
  const adminRwToken = await createToken(admin, TOKEN_NAMES.adminRw, false);
  const adminRoToken = await createToken(admin, TOKEN_NAMES.adminRo, true);

  // Robots: pull+push on the private project only.
  const projectRobot = await created(
    admin.post(`/api/v1/projects/${project.private}/robots`, {
      name: 'ci',
      actions: ['pull', 'push'],
      expiresInDays: 7,
    }),
    'project robot',
  );
  const systemRobot = await created(
    admin.post('/api/v1/robots', {
      name: `mx-sys-${stamp}`,
      permissions: [{ project: project.private, actions: ['pull', 'push'] }],
      expiresInDays: 7,
    }),
    'system robot',
  );

  const basic = (username: string, password: string): RegistryCredential => ({
    kind: 'basic',
    username,
    password,
  });
  Object.assign(direct, {
    local: basic(LOCAL_USER, LOCAL_PASSWORD),
    ldap: basic('erin', 'erin-pw'),
    ldapGroup: basic('bob', 'bob-pw'),
    rwToken: basic('bob', rwToken),
    roToken: basic('bob', roToken),
    adminPassword: basic('admin', ADMIN_PASSWORD),
    adminRwToken: basic('admin', adminRwToken),
    adminRoToken: basic('admin', adminRoToken),
    ldapAdmin: basic('carol', 'carol-pw'),
    projectRobot: basic(projectRobot.name, projectRobot.secret),
    systemRobot: basic(systemRobot.name, systemRobot.secret),
    nonMember: basic('dave', 'dave-pw'),
    anonymous: { kind: 'anonymous' },
  } satisfies Record<SubjectKey, RegistryCredential>);

  // `docker login` with every credential, each into a config directory of its own.
  await Promise.all(
    SUBJECTS.filter((s) => s.key !== 'anonymous').map(async ({ key }) => {
      const cred = direct[key] as Extract<RegistryCredential, { kind: 'basic' }>;
      const dir = mkdtempSync(path.join(tmpdir(), `wharf-matrix-docker-${key}-`));
      const res = await dockerLogin(dir, registry.host, cred.username, cred.password);
      if (!res.stdout.includes('Login Succeeded'))
        throw new Error(`docker login as ${key} failed: ${res.stdout}${res.stderr}`);
      dockerConfig[key as Exclude<SubjectKey, 'anonymous'>] = dir;
    }),
  );
});

test.afterAll(async () => {
  await admin?.dispose();
  await registry?.stop();
  expect(await wharf?.stop()).toBe(0);
  await slapd?.stop();
});

function credentialFor(key: SubjectKey, via: Via): RegistryCredential {
  if (via === 'direct' || key === 'anonymous') return direct[key];
  return storedDockerCredential(dockerConfig[key], registry.host);
}

const describeCall = (r: RegistryCall) =>
  `registry ${r.status} (challenge scope ${r.scope ?? '-'}, token endpoint ${r.tokenStatus ?? '-'}, ` +
  `granted ${JSON.stringify(r.access)}) ${r.body.slice(0, 300)}`;

const DENIED = [401, 403];
const MANIFEST_ACCEPT = {
  Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
};

type Observation = { call: RegistryCall; catalog?: string[]; manifestAfter?: number };

/** Exercises one cell against the registry: what the registry answered. */
async function probe(cell: Cell, credential: RegistryCredential): Promise<Observation> {
  if (cell.action === 'catalog') {
    const call = await reg.call('GET', '/v2/_catalog', credential);
    return { call, catalog: call.status === 200 ? JSON.parse(call.body).repositories : undefined };
  }
  const repo = `${project[cell.visibility]}/app`;
  if (cell.action === 'pull')
    return {
      call: await reg.call('GET', `/v2/${repo}/manifests/${IMAGE_TAG}`, credential, {
        headers: MANIFEST_ACCEPT,
      }),
    };
  if (cell.action === 'push')
    return {
      call: await reg.call('POST', `/v2/${project[cell.visibility]}/push-probe/blobs/uploads/`, credential),
    };
  if (cell.visibility === 'network') {
    const call = await reg.call('DELETE', `/v2/${repo}/manifests/${networkVictim}`, credential);
    const after = await reg.call('HEAD', `/v2/${repo}/manifests/${networkVictim}`, adminCredential(), {
      headers: MANIFEST_ACCEPT,
    });
    return { call, manifestAfter: after.status };
  }
  // A throw-away manifest of its own for every delete cell, so no cell affects another.
  const tag = `del-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const digest = await reg.pushThrowawayManifest(repo, IMAGE_TAG, tag, adminCredential());
  const call = await reg.call('DELETE', `/v2/${repo}/manifests/${digest}`, credential);
  const after = await reg.call('HEAD', `/v2/${repo}/manifests/${digest}`, adminCredential(), {
    headers: MANIFEST_ACCEPT,
  });
  return { call, manifestAfter: after.status };
}

/** The registry's answer for one cell against the expected table (soft: every cell of a row is reported). */
function assertCell(
  cell: Cell,
  allowed: boolean,
  { call, catalog, manifestAfter }: Observation,
  what: string,
) {
  const detail = `${what}: ${describeCall(call)}`;
  const success = cell.action === 'push' || cell.action === 'delete' ? 202 : 200;
  const verdict =
    call.status === success ? 'allowed' : DENIED.includes(call.status) ? 'denied' : `answered ${call.status}`;
  expect.soft(verdict, detail).toBe(allowed ? 'allowed' : 'denied');
  if (cell.action === 'catalog' && allowed && catalog)
    expect
      .soft(catalog, what)
      .toEqual(expect.arrayContaining([`${project.private}/app`, `${project.public}/app`]));
  if (cell.action === 'delete')
    expect
      .soft(manifestAfter, `${what}: the manifest is ${allowed ? 'gone' : 'still there'}`)
      .toBe(allowed ? 404 : 200);
}

// ---- the matrix: one test per credential kind and way of presenting it, one step per cell --------

for (const { key, label } of SUBJECTS) {
  for (const via of key === 'anonymous' ? (['direct'] as const) : (['direct', 'docker'] as const)) {
    const row = `[MATRIX]: ${label} ${viaLabel(key, via)}`;
    test(row, async () => {
      if (via === 'docker') {
        await test.step(`${row} – docker stored ${ROBOTS.includes(key) ? 'the secret (robots get no identity token)' : 'an identity token'}`, async () => {
          const stored = credentialFor(key, via);
          if (ROBOTS.includes(key)) expect(stored).toEqual(direct[key]);
          else {
            expect(stored.kind).toBe('identity-token');
            expect((stored as { token: string }).token).toMatch(/^wharf_rt_/);
          }
        });
      }
      const credential = credentialFor(key, via);
      const allowed = expected(key);
      // The cells are independent: ask the registry for all of them at once, then one step each.
      const observed = await Promise.all(CELLS.map((cell) => probe(cell, credential)));
      for (const [i, cell] of CELLS.entries()) {
        const what = `${row} – ${cellTitle(cell, allowed[i]!)}`;
        await test.step(what, () => assertCell(cell, allowed[i]!, observed[i]!, what));
      }
    });
  }
}

// ---- real clients with the stored docker logins --------------------------------------------------

const authfile = (key: Exclude<SubjectKey, 'anonymous'>) => path.join(dockerConfig[key], 'config.json');

async function podmanPushWith(key: Exclude<SubjectKey, 'anonymous'>, visibility: Visibility) {
  const source = `${registry.host}/${project.private}/app:${IMAGE_TAG}`;
  const repo = `${project[visibility]}/podman-${key.toLowerCase()}`;
  const ref = `${registry.host}/${repo}:${IMAGE_TAG}`;
  const tagged = await podman.run(['tag', source, ref]);
  expect(tagged.code, tagged.stderr).toBe(0);
  return { repo, res: await podman.run(['push', '--tls-verify=false', '--authfile', authfile(key), ref]) };
}

for (const { key, label } of SUBJECTS) {
  if (key === 'anonymous') continue;
  const allowed = expected(key);
  const pushes: Visibility[] = ROBOTS.includes(key) ? ['private', 'public'] : ['private'];
  for (const visibility of pushes) {
    const ok = allowed[CELLS.findIndex((c) => c.action === 'push' && c.visibility === visibility)]!;
    test(`[MATRIX]: ${label} ${viaLabel(key, 'docker')} – podman push to ${visibility} is ${ok ? 'allowed' : 'denied'}`, async () => {
      const { res, repo } = await podmanPushWith(key, visibility);
      if (ok) expect(res.code, res.stderr).toBe(0);
      else {
        expect(res.code, res.stdout).not.toBe(0);
        expect(res.stderr).toMatch(/unauthorized|authentication required|denied/i);
      }
      // The registry has the image exactly when the push was allowed.
      const there = await reg.call('HEAD', `/v2/${repo}/manifests/${IMAGE_TAG}`, adminCredential(), {
        headers: MANIFEST_ACCEPT,
      });
      expect(there.status).toBe(ok ? 200 : 404);
    });
  }
}

test('[MATRIX]: read-only tokens via docker login identity token – skopeo copy and podman pull from private work', async () => {
  const src = `docker://${registry.host}/${project.private}/app:${IMAGE_TAG}`;
  const dest = mkdtempSync(path.join(tmpdir(), 'wharf-matrix-skopeo-'));
  const copied = await run('skopeo', [
    'copy',
    '--src-tls-verify=false',
    '--src-authfile',
    authfile('roToken'),
    src,
    `dir:${dest}`,
  ]);
  expect(copied.code, copied.stderr).toBe(0);
  const puller = new Podman();
  const pulled = await puller.run([
    'pull',
    '--tls-verify=false',
    '--authfile',
    authfile('adminRoToken'),
    `${registry.host}/${project.private}/app:${IMAGE_TAG}`,
  ]);
  expect(pulled.code, pulled.stderr).toBe(0);
});

// ---- the Account API and revocation ----------------------------------------------------------

const realm = () => `${wharf.url}/v2/token`;
const identityToken = (key: Exclude<SubjectKey, 'anonymous' | 'projectRobot' | 'systemRobot'>) => {
  const stored = storedDockerCredential(dockerConfig[key], registry.host);
  if (stored.kind !== 'identity-token') throw new Error(`${key}: docker stored no identity token`);
  return stored;
};

test('[MATRIX]: the Account API lists every docker login with its method, token name and last use', async () => {
  // Use each login once, so lastUsedAt is set whatever ran before.
  const keys = [
    'local',
    'ldap',
    'ldapGroup',
    'rwToken',
    'roToken',
    'adminPassword',
    'adminRwToken',
    'adminRoToken',
  ] as const;
  for (const key of keys)
    expect((await fetchRegistryToken(realm(), 'wharf-registry', [], identityToken(key))).status, key).toBe(
      200,
    );

  const logins = async (username: string, password: string) => {
    const api = await apiAs(username, password);
    const res = await api.get('/api/v1/users/me/docker-logins');
    await api.dispose();
    expect(res.status).toBe(200);
    return res.data.items as Array<Record<string, unknown>>;
  };
  const used = { lastUsedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), clientId: 'docker' };

  const bob = await logins('bob', 'bob-pw');
  expect(bob).toHaveLength(3);
  expect(bob).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ method: 'ldap', tokenName: null, readOnly: false, ...used }),
      expect.objectContaining({ method: 'token', tokenName: TOKEN_NAMES.rw, readOnly: false, ...used }),
      expect.objectContaining({ method: 'token', tokenName: TOKEN_NAMES.ro, readOnly: true, ...used }),
    ]),
  );
  expect(await logins(LOCAL_USER, LOCAL_PASSWORD)).toEqual([
    expect.objectContaining({ method: 'password', tokenName: null, readOnly: false, ...used }),
  ]);
  expect(await logins('erin', 'erin-pw')).toEqual([
    expect.objectContaining({ method: 'ldap', tokenName: null, readOnly: false, ...used }),
  ]);
  const adminLogins = await logins('admin', ADMIN_PASSWORD);
  for (const expectedLogin of [
    { method: 'password', tokenName: null, readOnly: false },
    { method: 'token', tokenName: TOKEN_NAMES.adminRw, readOnly: false },
    { method: 'token', tokenName: TOKEN_NAMES.adminRo, readOnly: true },
  ])
    expect(adminLogins).toContainEqual(expect.objectContaining({ ...expectedLogin, ...used }));

  // A token never mints a token: creating one needs a session or the password.
  const withToken = await apiAs('bob', (direct.rwToken as { password: string }).password);
  expect(
    (await withToken.post('/api/v1/users/me/tokens', { name: 'from-a-token', readOnly: false })).status,
  ).toBe(403);
  await withToken.dispose();
});

test('[MATRIX]: revoking the read-only token ends its docker login identity token; the others keep working', async () => {
  const ro = identityToken('roToken');
  const rw = identityToken('rwToken');
  const pullScope = `repository:${project.private}/app:pull`;
  expect((await fetchRegistryToken(realm(), 'wharf-registry', [pullScope], ro)).status).toBe(200);

  const bob = await apiAs('bob', 'bob-pw');
  const tokens = await bob.get('/api/v1/users/me/tokens');
  const id = (tokens.data.items as Array<{ id: number; name: string }>).find(
    (t) => t.name === TOKEN_NAMES.ro,
  )?.id;
  expect(id, JSON.stringify(tokens.data)).toBeDefined();
  expect((await bob.delete(`/api/v1/users/me/tokens/${id}`)).status).toBe(204);

  // The refresh grant with the identity token made from it: 401; so is the token itself.
  const refreshed = await fetchRegistryToken(realm(), 'wharf-registry', [pullScope], ro);
  expect(refreshed.status).toBe(401);
  expect(refreshed.body.error).toBe('invalid_grant');
  expect((await fetchRegistryToken(realm(), 'wharf-registry', [pullScope], direct.roToken)).status).toBe(401);
  // …and the registry is closed to it: a pull from private fails, with skopeo too.
  const pull = await reg.call('GET', `/v2/${project.private}/app/manifests/${IMAGE_TAG}`, ro, {
    headers: MANIFEST_ACCEPT,
  });
  expect(pull.status, describeCall(pull)).toBe(401);
  const skopeo = await run('skopeo', [
    'inspect',
    '--tls-verify=false',
    '--authfile',
    authfile('roToken'),
    `docker://${registry.host}/${project.private}/app:${IMAGE_TAG}`,
  ]);
  expect(skopeo.code).not.toBe(0);

  // bob's other logins are untouched, with their group role.
  const rwPush = await reg.call('POST', `/v2/${project.private}/push-probe/blobs/uploads/`, rw);
  expect(rwPush.status, describeCall(rwPush)).toBe(202);
  const logins = await bob.get('/api/v1/users/me/docker-logins');
  expect((logins.data.items as Array<{ tokenName: string | null }>).map((l) => l.tokenName).sort()).toEqual([
    TOKEN_NAMES.rw,
    null,
  ]);
  await bob.dispose();
});
