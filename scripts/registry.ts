// Starts the Debian `docker-registry` 2.8 binary (the registry:2 code) with token auth
// against a running Wharf, on 127.0.0.1 with a private storage folder. Used by the tests
// and for development:
//   node --import tsx scripts/registry.ts --wharf http://127.0.0.1:3000 --cert data/token/signing-cert.pem [--port 5000]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type RegistryOptions = {
  wharfUrl: string;
  certFile: string;
  service?: string;
  issuer?: string;
  port?: number;
  notifySecret?: string;
  binary?: string;
  deleteEnabled?: boolean;
};

export type RunningRegistry = {
  url: string;
  host: string;
  port: number;
  storage: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

export const REGISTRY_BINARY = process.env.REGISTRY_BINARY ?? '/usr/bin/docker-registry';

export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-registry-'));
  const storage = path.join(dir, 'storage');
  mkdirSync(storage);
  const base = readFileSync(path.join(__dirname, '..', 'deploy', 'registry', 'config.yml'), 'utf8');
  const config = path.join(dir, 'config.yml');
  writeFileSync(config, base);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REGISTRY_LOG_LEVEL: 'info',
    REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storage,
    REGISTRY_STORAGE_DELETE_ENABLED: String(options.deleteEnabled ?? true),
    REGISTRY_HTTP_ADDR: `127.0.0.1:${options.port ?? 0}`,
    REGISTRY_HTTP_SECRET: 'wharf-test-http-secret',
    REGISTRY_AUTH_TOKEN_REALM: `${options.wharfUrl}/v2/token`,
    REGISTRY_AUTH_TOKEN_SERVICE: options.service ?? 'wharf-registry',
    REGISTRY_AUTH_TOKEN_ISSUER: options.issuer ?? 'wharf',
    REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE: path.resolve(options.certFile),
  };
  if (options.notifySecret) {
    env.REGISTRY_NOTIFICATIONS_ENDPOINTS = JSON.stringify([
      {
        name: 'wharf',
        url: `${options.wharfUrl}/api/registry/events`,
        headers: { Authorization: [`Bearer ${options.notifySecret}`] },
        timeout: '2s',
        threshold: 3,
        backoff: '1s',
        ignoredmediatypes: ['application/octet-stream'],
      },
    ]);
  } else {
    env.REGISTRY_NOTIFICATIONS_ENDPOINTS = '[]';
  }
  let out = '';
  const child = spawn(options.binary ?? REGISTRY_BINARY, ['serve', config], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`registry did not start:\n${out.slice(-2000)}`)), 15_000);
    const check = () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`registry exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    storage,
    process: child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const wharfUrl = arg('wharf') ?? 'http://127.0.0.1:3000';
  const certFile = arg('cert') ?? 'data/token/signing-cert.pem';
  startRegistry({
    wharfUrl,
    certFile,
    port: Number(arg('port') ?? 5000),
    notifySecret: arg('notify-secret') ?? process.env.REGISTRY_NOTIFY_SECRET,
  })
    .then((r) => {
      process.stdout.write(`registry on ${r.url} (storage ${r.storage}); Ctrl-C stops it\n`);
      const stop = () => void r.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      process.stderr.write(`registry: ${(err as Error).message}\n`);
      process.exit(1);
    });
}
