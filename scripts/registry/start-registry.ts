// Starts a real CNCF distribution registry 2.8 (Debian's docker-registry, the same code as the
// registry:2 image) with token auth: Wharf's embedded registry (scripts/embedded-registry.ts),
// tests and development. By default it runs on 127.0.0.1 with a private temporary storage
// folder, from deploy/registry/config.yml with the per-run values given as REGISTRY_*
// environment overrides (the mechanism deployments use too), and is stopped by its PID.
//
// Library:  const registry = await startRegistry({ realm, rootCertBundle }); … await registry.stop();
// CLI:      npx tsx scripts/registry/start-registry.ts --realm http://127.0.0.1:3000/v2/token \
//             --cert data/token/signing-cert.pem [--service wharf-registry] [--issuer wharf]
//             [--port 5000] [--notify-url http://127.0.0.1:3000/api/registry/events]
//             [--notify-secret-file FILE] [--log-level debug] [--verbose]
import { spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localAddress } from '../../lib/env';

/** The names the registry binary goes by on PATH: Debian's package, and the image's own. */
export const REGISTRY_BINARY_NAMES = ['docker-registry', 'registry'] as const;

/** The repository root: this file lives in scripts/registry/ (cwd as the fallback under pure ESM). */
const ROOT = typeof __dirname === 'string' ? path.resolve(__dirname, '..', '..') : process.cwd();
export const DEFAULT_BASE_CONFIG = path.join(ROOT, 'deploy', 'registry', 'config.yml');

export type RegistryNotifications = {
  /** Wharf's sink, e.g. http://127.0.0.1:3000/api/registry/events. */
  url: string;
  /** Sent as `Authorization: Bearer <secret>` (Wharf's REGISTRY_NOTIFY_SECRET). */
  secret: string;
  timeout?: string;
  threshold?: number;
  backoff?: string;
};

export type StartRegistryOptions = {
  /** The token endpoint clients are sent to (auth.token.realm). */
  realm: string;
  /** PEM file with the token signing certificate(s) (auth.token.rootcertbundle). */
  rootCertBundle: string;
  /** auth.token.service, the tokens' audience. Default `wharf-registry` (Wharf's default). */
  service?: string;
  /** auth.token.issuer. Default `wharf` (Wharf's default). */
  issuer?: string;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Port; default 0: the registry takes a free one and logs it. */
  port?: number;
  notifications?: RegistryNotifications;
  /** Storage root; default a temporary folder removed by stop(). A given folder is kept. */
  storageDir?: string;
  /** Where the generated config.yml is written and kept; default a temporary folder removed by stop(). */
  configDir?: string;
  /** http.secret (signs upload state); default a fixed test value. */
  httpSecret?: string;
  /** Default deploy/registry/config.yml. */
  baseConfig?: string;
  /** Default $REGISTRY_BINARY, else docker-registry or registry on PATH. */
  binary?: string;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  startTimeoutMs?: number;
  /** Called with every chunk the registry writes (already redacted), e.g. process.stderr.write. */
  onOutput?: (chunk: string) => void;
};

export type RunningRegistry = {
  /** http://127.0.0.1:<port> (the listen address when it is not a wildcard) */
  url: string;
  /** 127.0.0.1:<port>, for podman/skopeo image references. */
  host: string;
  port: number;
  pid: number;
  storageDir: string;
  configFile: string;
  /** The registry's recent output, with the notification secret redacted. */
  logs: () => string;
  /** Settles when the process ends, with how it ended ("exited with code 2", "was killed by SIGKILL"). */
  exited: Promise<string>;
  /** Stops the process (SIGTERM, SIGKILL after 5 s) and removes the temporary files. Idempotent. */
  stop: () => Promise<void>;
};

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A command as the shell finds it: a path as it is, a bare name on PATH; undefined when not executable. */
function resolveCommand(command: string, pathVar = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/')) return executable(command) ? path.resolve(command) : undefined;
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, command);
    if (executable(file)) return file;
  }
  return undefined;
}

/**
 * The registry binary: `binary`, else $REGISTRY_BINARY, else the first of docker-registry and
 * registry on PATH; undefined when none of them is an executable file.
 */
export function findRegistryBinary(binary = process.env.REGISTRY_BINARY || undefined): string | undefined {
  if (binary) return resolveCommand(binary);
  for (const name of REGISTRY_BINARY_NAMES) {
    const found = resolveCommand(name);
    if (found) return found;
  }
  return undefined;
}

/** Whether the registry binary is installed and executable (tests skip without it). */
export function registryAvailable(binary?: string): boolean {
  return findRegistryBinary(binary) !== undefined;
}

/** How a child process ended, for logs and /api/health. */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/** Keeps the last part of the output: a long-running dev registry must not grow without bound. */
const MAX_LOG_CHARS = 256 * 1024;

/** The environment overrides this run applies on top of the base config. */
function overrides(o: StartRegistryOptions, storageDir: string): Record<string, string> {
  const env: Record<string, string> = {
    REGISTRY_LOG_LEVEL: o.logLevel ?? 'info',
    REGISTRY_HTTP_ADDR: `${o.host?.includes(':') ? `[${o.host}]` : (o.host ?? '127.0.0.1')}:${o.port ?? 0}`,
    REGISTRY_HTTP_SECRET: o.httpSecret ?? 'wharf-test-registry-http-secret',
    REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storageDir,
    REGISTRY_STORAGE_DELETE_ENABLED: 'true',
    REGISTRY_AUTH_TOKEN_REALM: o.realm,
    REGISTRY_AUTH_TOKEN_SERVICE: o.service ?? 'wharf-registry',
    REGISTRY_AUTH_TOKEN_ISSUER: o.issuer ?? 'wharf',
    REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE: path.resolve(o.rootCertBundle),
  };
  if (o.notifications) {
    const n = o.notifications;
    env.REGISTRY_NOTIFICATIONS_EVENTS_INCLUDEREFERENCES = 'true';
    // A list cannot be set key by key: the whole endpoint list is given as JSON (valid YAML).
    env.REGISTRY_NOTIFICATIONS_ENDPOINTS = JSON.stringify([
      {
        name: 'wharf',
        url: n.url,
        headers: { Authorization: [`Bearer ${n.secret}`] },
        timeout: n.timeout ?? '2s',
        threshold: n.threshold ?? 3,
        backoff: n.backoff ?? '1s',
        ignoredmediatypes: ['application/octet-stream'],
      },
    ]);
  }
  return env;
}

/** The parent's environment without REGISTRY_* (Wharf's own REGISTRY_URL etc. must not leak in). */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('REGISTRY_')) delete env[name];
  return env;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the registry and resolves once `GET /v2/` answers 401 with a Bearer challenge for
 * `realm`, i.e. token auth is active. Rejects (with the registry's output) when it exits or
 * does not get there within startTimeoutMs.
 */
export async function startRegistry(options: StartRegistryOptions): Promise<RunningRegistry> {
  const binary = findRegistryBinary(options.binary);
  if (!binary)
    throw new Error(
      `registry binary ${options.binary ?? (process.env.REGISTRY_BINARY || REGISTRY_BINARY_NAMES.join(' or '))} is not installed or not executable`,
    );
  if (!existsSync(options.rootCertBundle))
    throw new Error(`root certificate bundle ${options.rootCertBundle} does not exist`);

  // A given config folder is kept; a temporary one (with the default storage) is removed by stop().
  const workDir = options.configDir ?? mkdtempSync(path.join(tmpdir(), 'wharf-registry-'));
  mkdirSync(workDir, { recursive: true });
  const storageDir = options.storageDir ?? path.join(workDir, 'storage');
  mkdirSync(storageDir, { recursive: true });
  const env = overrides(options, storageDir);
  // The generated config: the base file, with the overrides of this run noted on top.
  const configFile = path.join(workDir, 'config.yml');
  const applied = Object.keys(env).map((k) => `#   ${k}`);
  writeFileSync(
    configFile,
    [`# Generated by scripts/registry/start-registry.ts; overridden by environment:`, ...applied, '']
      .concat(readFileSync(options.baseConfig ?? DEFAULT_BASE_CONFIG, 'utf8'))
      .join('\n'),
  );

  const secret = options.notifications?.secret;
  // The registry logs notification headers at start-up; keep the secret out of our logs.
  const redact = (s: string) => (secret ? s.split(secret).join('<redacted>') : s);
  let output = '';
  const child = spawn(binary, ['serve', configFile], {
    env: { ...inheritedEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (data: Buffer) => {
    const chunk = redact(data.toString('utf8'));
    output = (output + chunk).slice(-MAX_LOG_CHARS);
    options.onOutput?.(chunk);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let exited = false;
  const exitedPromise = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve(exitReason(code, signal));
    }),
  );
  // A test runner that dies without calling stop() must not leave the registry running.
  const killOnExit = () => {
    if (!exited && child.pid) process.kill(child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  // A registry that ended by itself (and is started again) leaves no listener behind.
  void exitedPromise.then(() => process.removeListener('exit', killOnExit));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    if (!exited && child.pid) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => !exited && process.kill(child.pid!, 'SIGKILL'), 5_000);
      await exitedPromise;
      clearTimeout(timer);
    }
    if (!options.configDir) rmSync(workDir, { recursive: true, force: true });
  };

  const fail = async (why: string): Promise<never> => {
    const tail = output.slice(-3000);
    await stop();
    throw new Error(`registry did not start: ${why}\n${tail}`);
  };

  if (child.pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once('error', resolve));
    return fail(error.message);
  }
  const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
  let port = 0;
  while (!port) {
    // The registry logs the address it bound, which is how port 0 becomes a real port.
    const m = /listening on (?:\[[^\]]*\]|[^\s:]+):(\d+)/.exec(output);
    if (m) port = Number(m[1]);
    else if (exited) return fail(`it exited with code ${child.exitCode}`);
    else if (Date.now() > deadline) return fail('no "listening on" line in time');
    else await sleep(25);
  }
  const host = `${localAddress(options.host ?? '127.0.0.1')}:${port}`;
  const url = `http://${host}`;
  for (;;) {
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(2_000) });
      const challenge = res.headers.get('www-authenticate') ?? '';
      if (res.status === 401 && challenge.startsWith(`Bearer realm="${options.realm}"`)) break;
      return fail(`GET /v2/ answered ${res.status} "${challenge}" instead of a token challenge`);
    } catch {
      if (exited) return fail(`it exited with code ${child.exitCode}`);
      if (Date.now() > deadline) return fail(`${url}/v2/ did not answer in time`);
      await sleep(50);
    }
  }
  return {
    url,
    host,
    port,
    pid: child.pid,
    storageDir,
    configFile,
    logs: () => output,
    exited: exitedPromise,
    stop,
  };
}

/** `--name value` arguments of the CLI. */
function cliArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const realm = cliArg('realm');
  const cert = cliArg('cert');
  if (!realm || !cert) {
    process.stderr.write(
      'usage: npx tsx scripts/registry/start-registry.ts --realm <token URL> --cert <PEM> [--service S] [--issuer I]\n' +
        '       [--port P] [--storage DIR] [--notify-url URL --notify-secret-file FILE] [--log-level L] [--verbose]\n' +
        '       (the notification secret may also come from $REGISTRY_NOTIFY_SECRET)\n',
    );
    process.exit(2);
  }
  const notifyUrl = cliArg('notify-url');
  const secretFile = cliArg('notify-secret-file');
  // Read from a file or the environment, not argv, so the secret stays out of `ps` output.
  const secret = secretFile ? readFileSync(secretFile, 'utf8').trim() : process.env.REGISTRY_NOTIFY_SECRET;
  if (notifyUrl && !secret)
    throw new Error('--notify-url needs --notify-secret-file or $REGISTRY_NOTIFY_SECRET');
  const port = cliArg('port');
  const registry = await startRegistry({
    realm,
    rootCertBundle: cert,
    service: cliArg('service'),
    issuer: cliArg('issuer'),
    port: port === undefined ? undefined : Number(port),
    storageDir: cliArg('storage'),
    notifications: notifyUrl && secret ? { url: notifyUrl, secret } : undefined,
    logLevel: cliArg('log-level') as StartRegistryOptions['logLevel'],
    onOutput: process.argv.includes('--verbose') ? (c) => process.stderr.write(c) : undefined,
  });
  process.stdout.write(
    `registry on ${registry.url} (pid ${registry.pid}, storage ${registry.storageDir}); Ctrl-C stops it\n`,
  );
  const shutdown = () => void registry.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

// Run as a CLI only when executed directly (tsx runs this file as CommonJS), not when imported.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`start-registry: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
