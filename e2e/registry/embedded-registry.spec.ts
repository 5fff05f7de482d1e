// `npm start` alone gives a working registry: a Wharf started without REGISTRY_URL runs the
// stock registry (Debian's docker-registry 2.8) itself, podman pushes to it, and the embedded
// children (PostgreSQL, the registry) are restarted when they die and gone when Wharf stops.
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request, test } from '@playwright/test';
import {
  findRegistryBinary,
  REGISTRY_BINARY_NAMES,
  registryAvailable,
} from '../../scripts/registry/start-registry';
import { Api, createProject } from '../fixtures/api';
import { signInViaApi } from '../fixtures/auth';
import { Podman } from '../fixtures/clients';
import { ADMIN_PASSWORD, processRuns, startWharf, waitFor, type WharfServer } from '../fixtures/wharf-server';

type Health = {
  status: string;
  components: Record<
    'database' | 'registry',
    {
      status: string;
      error?: string;
      embedded?: { state: string; pid: number | null; restarts: number; lastExit: { reason: string } | null };
    }
  >;
};

const health = async (wharf: WharfServer): Promise<Health> =>
  (await fetch(`${wharf.url}/api/health`)).json() as Promise<Health>;

/** Whether a TCP port on 127.0.0.1 can be bound again (nothing listens on it any more). */
const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/** The Administration → System page as the admin sees it. */
async function systemPage(wharf: WharfServer): Promise<string> {
  const ctx = await request.newContext({ baseURL: wharf.url });
  try {
    expect((await signInViaApi(ctx, 'admin', ADMIN_PASSWORD)).ok).toBe(true);
    return await (await ctx.get('/admin/system')).text();
  } finally {
    await ctx.dispose();
  }
}

test.describe('embedded registry', () => {
  test.describe.configure({ mode: 'serial' });
  test.skip(!registryAvailable(), 'docker-registry is not installed');

  let wharf: WharfServer;
  let admin: Api;
  let podman: Podman;
  let project: string;
  let registryHost: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    wharf = await startWharf({ name: 'embedded' }); // no REGISTRY_URL
    admin = await Api.as('admin', ADMIN_PASSWORD, wharf.url);
    registryHost = `127.0.0.1:${wharf.registryPort}`;
  });

  test.afterAll(async () => {
    await admin?.dispose();
    await wharf?.stop();
  });

  const tagsOf = async (repository: string) =>
    (
      (await admin.get(`/api/v1/repositories/${repository}/tags?pageSize=100&sort=name`)).data.items ?? []
    ).map((t: { name: string }) => t.name);

  test('[EMBEDDED]: health reports the registry up, System names its host; podman logs in and pushes; the tag shows', async () => {
    const h = await health(wharf);
    expect(h.status).toBe('ok');
    expect(h.components.registry).toMatchObject({
      status: 'up',
      embedded: { state: 'running', restarts: 0 },
    });
    expect(processRuns(wharf.registryPid(), 'registry')).toBe(true);

    // Before any push, pull hints name the embedded registry's host.
    const page = await systemPage(wharf);
    expect(page).toMatch(
      new RegExp(`Registry host for pulls</dt><dd[^>]*>${registryHost} — the embedded registry`),
    );
    expect(page).toContain(`http://127.0.0.1:${wharf.registryPort} — reachable`);
    expect(page).toContain('embedded, started by Wharf');

    project = await createProject(admin, { prefix: 'embedded' });
    podman = new Podman();
    const login = await podman.login('admin', ADMIN_PASSWORD, registryHost);
    expect(login.code, login.stderr).toBe(0);
    const ref = `${registryHost}/${project}/app:v1`;
    await podman.makeImage(ref);
    const push = await podman.push(ref);
    expect(push.code, push.stderr).toBe(0);
    // The registry notified this Wharf (the generated secret works): the tag is listed.
    await expect.poll(() => tagsOf(`${project}/app`), { timeout: 15_000 }).toEqual(['v1']);
  });

  test('[SUPERVISION]: SIGKILL the database, then the registry: both are back within seconds, nothing is lost', async () => {
    const before = await health(wharf);
    const pgPid = wharf.postgresPid();
    process.kill(pgPid, 'SIGKILL');
    // A page that reads the database while it is down (logged, see the end of this test).
    expect((await fetch(`${wharf.url}/`)).status).toBeLessThan(600);
    await waitFor(
      async () => {
        const h = await health(wharf);
        return h.status === 'ok' && h.components.database.embedded?.restarts === 1;
      },
      20_000,
      'the embedded PostgreSQL to be back',
    );
    const afterDb = await health(wharf);
    expect(afterDb.components.database.embedded).toMatchObject({
      state: 'running',
      lastExit: { reason: 'was killed by SIGKILL' },
    });
    expect(afterDb.components.database.embedded!.pid).not.toBe(before.components.database.embedded!.pid);

    const registryPid = wharf.registryPid();
    process.kill(registryPid!, 'SIGKILL');
    await waitFor(
      async () => {
        const h = await health(wharf);
        return h.status === 'ok' && h.components.registry.embedded?.restarts === 1;
      },
      20_000,
      'the embedded registry to be back',
    );
    expect((await health(wharf)).components.registry.embedded).toMatchObject({
      state: 'running',
      lastExit: { reason: 'was killed by SIGKILL' },
    });
    expect(wharf.registryPid()).not.toBe(registryPid);

    // A token request and a push work again; the image pushed before is still there.
    const token = await fetch(
      `${wharf.url}/v2/token?service=wharf-registry&scope=repository:${project}/app:pull`,
      {
        headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
      },
    );
    expect(token.status).toBe(200);
    const ref = `${registryHost}/${project}/app:v2`;
    await podman.makeImage(ref);
    const push = await podman.push(ref);
    expect(push.code, push.stderr).toBe(0);
    await expect.poll(() => tagsOf(`${project}/app`), { timeout: 15_000 }).toEqual(['v1', 'v2']);
    const other = new Podman();
    await other.login('admin', ADMIN_PASSWORD, registryHost);
    const pull = await other.pull(`${registryHost}/${project}/app:v1`);
    expect(pull.code, pull.stderr).toBe(0);

    // The outage was logged as structured lines, not as error dumps with stacks.
    expect(wharf.output()).not.toMatch(/PrismaClient\w*Error|^\s+at /m);
  });

  test('[STOP]: SIGTERM stops Wharf with 0 and leaves no registry or PostgreSQL behind; ports are free', async () => {
    const registryPid = wharf.registryPid();
    const pgPid = wharf.postgresPid();
    const pgPort = Number(new URL(wharf.databaseUrl()).port);
    const exited = new Promise<number | null>((resolve) => wharf.process.once('exit', resolve));
    wharf.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Checked before the fixture's own clean-up could hide a leak.
    expect(processRuns(registryPid, 'registry')).toBe(false);
    expect(processRuns(pgPid, 'postgres')).toBe(false);
    expect(await portFree(wharf.registryPort)).toBe(true);
    expect(await portFree(pgPort)).toBe(true);
  });
});

/** A PATH with every program of the current one except the registry binaries. */
function pathWithoutRegistry(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-path-'));
  const skip = new Set<string>(REGISTRY_BINARY_NAMES);
  for (const from of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    let names: string[] = [];
    try {
      names = readdirSync(from);
    } catch {
      continue;
    }
    for (const name of names) {
      if (skip.has(name)) continue;
      try {
        symlinkSync(path.join(from, name), path.join(dir, name));
      } catch {
        // the first directory on PATH wins, as for the shell
      }
    }
  }
  return dir;
}

test('[NO BINARY]: without a registry binary Wharf starts anyway, and health and System say how to get one', async () => {
  test.setTimeout(180_000);
  const wharf = await startWharf({
    name: 'no-registry',
    env: { PATH: pathWithoutRegistry(), REGISTRY_BINARY: '' },
  });
  try {
    const h = await health(wharf);
    expect(h.status).toBe('degraded');
    expect(h.components.database.status).toBe('up');
    expect(h.components.registry).toMatchObject({ status: 'down', embedded: { state: 'unavailable' } });
    expect(h.components.registry.error).toContain('apt-get install docker-registry');
    expect(h.components.registry.error).toContain('REGISTRY_URL');
    // Said once in the log, and on the System page.
    expect(wharf.output().match(/no registry binary found/g)).toHaveLength(1);
    expect(await systemPage(wharf)).toContain('apt-get install docker-registry');
  } finally {
    expect(await wharf.stop()).toBe(0);
  }
});

test('[GIVE UP]: a registry that keeps dying makes Wharf stop everything and exit 1 with one line', async () => {
  test.skip(!registryAvailable(), 'docker-registry is not installed');
  test.setTimeout(180_000);
  // The real registry the first time; afterwards it dies at once, as a broken install would.
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-flaky-registry-'));
  const binary = path.join(dir, 'registry');
  writeFileSync(
    binary,
    `#!/bin/sh\nif [ -e "${dir}/started" ]; then echo 'level=fatal msg="simulated crash"' >&2; exit 3; fi\n` +
      `touch "${dir}/started"\nexec "${findRegistryBinary()}" "$@"\n`,
    { mode: 0o755 },
  );
  const wharf = await startWharf({ name: 'give-up', env: { REGISTRY_BINARY: binary } });
  const pgPid = wharf.postgresPid();
  const exited = new Promise<number | null>((resolve) => wharf.process.once('exit', resolve));
  process.kill(wharf.registryPid()!, 'SIGKILL');
  expect(await exited).toBe(1);
  const said = wharf
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{"level":"fatal"'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);
  expect(said).toEqual([
    'the embedded registry failed 5 times within 60 s (last: it could not be started again (registry did not start: it exited with code 3)); stopping',
  ]);
  expect(processRuns(pgPid, 'postgres')).toBe(false);
  await wharf.stop();
});
