// The deployment topology without Docker (issue: deployment): one origin in front of Wharf
// and the registry, as docker-compose.yml (Caddy) and the k8s Ingress route it:
//   /v2/token → Wharf, /v2/ → registry, everything else → Wharf.
// Debian's nginx is the reverse proxy here (private config and temp dir, 127.0.0.1 only); a
// second registry (Debian's docker-registry 2.8) trusts the suite Wharf's certificate and
// sends clients to the proxy's own /v2/token. The start-order test runs its own Wharf.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  registryAvailable,
  startRegistry,
  type RunningRegistry,
} from '../../scripts/registry/start-registry';
import { Api, createProject, createUser, uniqueName } from '../fixtures/api';
import { DockerCli, Podman, run } from '../fixtures/clients';
import { requestToken } from '../fixtures/token';
import { ADMIN_PASSWORD, freePort, ROOT, spawnWharf, waitFor } from '../fixtures/wharf-server';

const NGINX = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

function nginxAvailable(): boolean {
  try {
    accessSync(NGINX, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

type Proxy = { url: string; host: string; dir: string; accessLog: () => string; stop: () => Promise<void> };

/** The routing of deploy/caddy/Caddyfile, in nginx: a private prefix, no root-owned paths. */
function nginxConfig(dir: string, port: number, wharf: string, registry: string): string {
  return `worker_processes 1;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  upstream wharf { server ${wharf}; }
  upstream registry { server ${registry}; }
  server {
    listen 127.0.0.1:${port};
    # Layers stream through: no size limit, no buffering, long timeouts.
    client_max_body_size 0;
    proxy_request_buffering off;
    proxy_buffering off;
    proxy_read_timeout 900s;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    # The registry builds upload URLs from Host and X-Forwarded-Proto; Wharf takes the client
    # address from X-Forwarded-For (set, never appended: a client cannot forge it).
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-For $remote_addr;
    location = /v2/token { proxy_pass http://wharf; }
    location = /v2 { proxy_pass http://registry; }
    location /v2/ { proxy_pass http://registry; }
    location / { proxy_pass http://wharf; }
  }
}
`;
}

async function startNginx(wharfHost: string, registryHost: string): Promise<Proxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-nginx-'));
  // As root, nginx's workers run as nobody: they must reach the temp folders.
  chmodSync(dir, 0o755);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(path.join(dir, 'tmp', t), { recursive: true });
    chmodSync(path.join(dir, 'tmp', t), 0o777);
  }
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, wharfHost, registryHost));
  let output = '';
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', conf, '-g', `daemon off; pid ${dir}/nginx.pid;`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error('nginx exited');
        return (await fetch(`${url}/api/health`)).ok;
      },
      10_000,
      `nginx on ${url}`,
    );
  } catch (err) {
    const log = (() => {
      try {
        return readFileSync(path.join(dir, 'error.log'), 'utf8');
      } catch {
        return '';
      }
    })();
    await stop();
    throw new Error(`${(err as Error).message}\n${output}\n${log}`);
  }
  return {
    url,
    host: `127.0.0.1:${port}`,
    dir,
    accessLog: () => readFileSync(path.join(dir, 'access.log'), 'utf8'),
    stop,
  };
}

const wharfUrl = () => process.env.WHARF_E2E_URL!;
const signingCert = () => path.join(process.env.WHARF_E2E_DATA_DIR!, 'token', 'signing-cert.pem');

test.describe('single origin behind a reverse proxy', () => {
  test.skip(!nginxAvailable(), `nginx is not installed (${NGINX}; Debian package nginx)`);
  test.skip(!registryAvailable(), 'docker-registry is not installed');

  let registry: RunningRegistry | undefined;
  let proxy: Proxy | undefined;

  test.beforeAll(async () => {
    // The proxy's port must be known before the registry starts (its realm is the proxy), so
    // the registry gets a fixed free port and nginx starts first.
    const registryPort = await freePort();
    proxy = await startNginx(new URL(wharfUrl()).host, `127.0.0.1:${registryPort}`);
    registry = await startRegistry({
      realm: `${proxy.url}/v2/token`,
      rootCertBundle: signingCert(),
      port: registryPort,
    });
  });

  test.afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  test('[PROXY]: /api/health and pages are Wharf, /v2/ is the registry, /v2/token is Wharf', async () => {
    const health = await fetch(`${proxy!.url}/api/health`);
    expect(health.status).toBe(200);
    const body = await health.json();
    const direct = await (await fetch(`${wharfUrl()}/api/health`)).json();
    expect(Object.keys(body.components)).toEqual(Object.keys(direct.components));
    expect(body.components.database.status).toBe('up');
    expect(health.headers.get('docker-distribution-api-version')).toBeNull();

    // The registry's challenge sends clients back to the same origin.
    const v2 = await fetch(`${proxy!.url}/v2/`);
    expect(v2.status).toBe(401);
    expect(v2.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    expect(v2.headers.get('www-authenticate')).toBe(
      `Bearer realm="${proxy!.url}/v2/token",service="wharf-registry"`,
    );
    // /v2 is the registry's too (it redirects to /v2/ on the proxy's host, not its own).
    const bare = await fetch(`${proxy!.url}/v2`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(new URL(bare.headers.get('location')!, proxy!.url).href).toBe(`${proxy!.url}/v2/`);

    const token = await fetch(`${proxy!.url}/v2/token?service=wharf-registry`, {
      headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
    });
    expect(token.status).toBe(200);
    const answer = await token.json();
    expect(answer.token).toEqual(expect.any(String));
    // A token from the proxy's /v2/token opens the proxied registry.
    const catalogue = await fetch(`${proxy!.url}/v2/`, {
      headers: { Authorization: `Bearer ${answer.token}` },
    });
    expect(catalogue.status).toBe(200);

    const login = await fetch(`${proxy!.url}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('<html');
  });

  test('[PROXY]: docker login, podman login, push and pull through the single host', async () => {
    test.setTimeout(90_000);
    const admin = await Api.admin();
    const user = await createUser(admin, { prefix: 'proxy' });
    const project = await createProject(admin, { prefix: 'proxy' });
    expect(
      (
        await admin.post(`/api/v1/projects/${project}/members`, {
          username: user.username,
          role: 'developer',
        })
      ).status,
    ).toBe(201);

    const docker = new DockerCli();
    const dockerLogin = await run(
      'docker',
      ['--config', docker.config, 'login', proxy!.host, '-u', user.username, '--password-stdin'],
      { input: user.password },
    );
    expect(dockerLogin.stdout + dockerLogin.stderr).toContain('Login Succeeded');

    const ref = `${proxy!.host}/${project}/app:v1`;
    const pusher = new Podman();
    const login = await pusher.login(user.username, user.password, proxy!.host);
    expect(login.code, login.stderr).toBe(0);
    await pusher.makeImage(ref);
    const push = await pusher.push(ref);
    expect(push.code, push.stderr).toBe(0);

    const puller = new Podman();
    expect((await puller.login(user.username, user.password, proxy!.host)).code).toBe(0);
    const pull = await puller.pull(ref);
    expect(pull.code, pull.stderr).toBe(0);

    // It landed in the proxied registry, and every call went through the proxy.
    const token = await requestToken({
      username: user.username,
      password: user.password,
      scopes: [`repository:${project}/app:pull`],
    });
    const tags = await fetch(`${registry!.url}/v2/${project}/app/tags/list`, {
      headers: { Authorization: `Bearer ${token.body.token}` },
    });
    expect(tags.status).toBe(200);
    expect((await tags.json()).tags).toEqual(['v1']);
    const log = proxy!.accessLog();
    expect(log).toMatch(/"GET \/v2\/token\?[^"]*" 200/);
    expect(log).toMatch(new RegExp(`"PUT /v2/${project}/app/manifests/v1 [^"]*" 201`));
    expect(log).toMatch(new RegExp(`"GET /v2/${project}/app/manifests/v1 [^"]*" 200`));
  });
});

/** A Wharf on a port chosen in advance (the registry's realm must name it before it runs). */
function startWharfAt(port: number, pgPort: number, dataDir: string, env: Record<string, string>) {
  const { url, child, exited, output } = spawnWharf({ port, pgPort, dataDir, env });
  const killOnExit = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    url,
    output,
    ready: () =>
      Promise.race([
        waitFor(async () => (await fetch(`${url}/api/health`)).ok, 120_000, 'Wharf'),
        exited.then((code) => {
          throw new Error(`Wharf exited with ${code}\n${output().slice(-3000)}`);
        }),
      ]),
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

test('[START ORDER]: registry before Wharf, and a registry restarted under a running Wharf, both recover', async () => {
  test.skip(!registryAvailable(), 'docker-registry is not installed');
  test.setTimeout(120_000);
  const [wharfPort, pgPort, registryPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = path.join(ROOT, 'e2e', '.tmp', `start-order-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const storageDir = mkdtempSync(path.join(tmpdir(), 'wharf-order-storage-'));
  // A signing key provided from outside, as on Kubernetes (a Secret): the registry can trust
  // its certificate before this Wharf has ever run. (The suite Wharf's pair serves as one.)
  const suiteToken = path.join(process.env.WHARF_E2E_DATA_DIR!, 'token');
  const env = {
    REGISTRY_URL: `http://127.0.0.1:${registryPort}`,
    TOKEN_KEY_FILE: path.join(suiteToken, 'signing-key.pem'),
    TOKEN_CERT_FILE: path.join(suiteToken, 'signing-cert.pem'),
  };
  const wharfUrlB = `http://127.0.0.1:${wharfPort}`;
  const startB = () =>
    startRegistry({
      realm: `${wharfUrlB}/v2/token`,
      rootCertBundle: env.TOKEN_CERT_FILE,
      port: registryPort,
      storageDir,
    });
  const health = async () => {
    const res = await fetch(`${wharfUrlB}/api/health`);
    return { status: res.status, registry: (await res.json()).components.registry.status as string };
  };

  // 1. The registry first: it answers 401 challenges naming Wharf; logins fail while Wharf is away.
  let registry: RunningRegistry | undefined = await startB();
  let wharf: ReturnType<typeof startWharfAt> | undefined;
  try {
    const challenge = await fetch(`${registry.url}/v2/`);
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toContain(`realm="${wharfUrlB}/v2/token"`);
    expect((await new Podman().login('admin', ADMIN_PASSWORD, registry.host)).code).not.toBe(0);

    // 2. Wharf comes later: logins and pushes work, with nothing restarted.
    wharf = startWharfAt(wharfPort, pgPort, dataDir, env);
    await wharf.ready();
    expect(await health()).toEqual({ status: 200, registry: 'up' });
    const project = uniqueName('order');
    const created = await fetch(`${wharfUrlB}/api/v1/projects`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ name: project, public: false, description: 'start order' }),
    });
    expect(created.status).toBe(201);
    const podman = new Podman();
    expect((await podman.login('admin', ADMIN_PASSWORD, registry.host)).code).toBe(0);
    const ref = `${registry.host}/${project}/app:v1`;
    await podman.makeImage(ref);
    const push = await podman.push(ref);
    expect(push.code, push.stderr).toBe(0);

    // 3. The registry goes away under a running Wharf: Wharf stays healthy (degraded) and
    //    sees the registry again when it is back, without a restart.
    await registry.stop();
    expect(await health()).toEqual({ status: 200, registry: 'down' });
    registry = await startB();
    await waitFor(async () => (await health()).registry === 'up', 20_000, 'registry up in health');
    const again = new Podman();
    expect((await again.login('admin', ADMIN_PASSWORD, registry.host)).code).toBe(0);
    const pull = await again.pull(ref);
    expect(pull.code, pull.stderr).toBe(0);
  } finally {
    await registry?.stop();
    const code = await wharf?.stop();
    if (wharf && code !== 0 && code !== null)
      console.error(`Wharf exited with ${code}\n${wharf.output().slice(-3000)}`);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(storageDir, { recursive: true, force: true });
  }
});
