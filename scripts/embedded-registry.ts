// Wharf's embedded registry: when REGISTRY_URL is not set, the launcher runs the stock CNCF
// distribution registry (REGISTRY_BINARY, else docker-registry or registry on PATH) through
// the same harness the tests use (scripts/registry/start-registry.ts), with its config and
// storage in <WHARF_DATA_DIR>/registry: token auth against this Wharf, notifications to it,
// delete enabled, listening on HOST:WHARF_EMBEDDED_REGISTRY_PORT. Its own log (one line per
// request) goes to <WHARF_DATA_DIR>/registry/registry.log; only its fatal errors reach Wharf's log.
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { localAddress, type Env } from '../lib/env';
import { reportEmbedded } from '../lib/embedded/status';
import { loadOrCreateSigningKey, signingCertPath, signingKeyOptions } from '../lib/tokens/keys';
import {
  findRegistryBinary,
  REGISTRY_BINARY_NAMES,
  startRegistry,
  type StartRegistryOptions,
} from './registry/start-registry';
import type { ChildRun } from './supervise';

/** What Wharf says, once, when it has no registry to run. */
export const NO_REGISTRY_BINARY =
  `no registry binary found (${REGISTRY_BINARY_NAMES.join(' or ')} on PATH): ` +
  'install one with `apt-get install docker-registry` (or set REGISTRY_BINARY), or set REGISTRY_URL to your registry';

/** The registry's pid while it runs, for tools that clean up after a Wharf that was killed. */
export const REGISTRY_PID_FILE = 'registry.pid';

export type EmbeddedRegistry = ChildRun & { restart: () => Promise<ChildRun> };

type Log = (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;

/** Registry output lines worth Wharf's log: why it stops (everything else is in registry.log). */
const NOTEWORTHY = /\blevel=(fatal|panic)\b/;
export const REGISTRY_LOG_FILE = 'registry.log';
/** registry.log is moved to registry.log.1 at this size (one older file is kept). */
const MAX_LOG_BYTES = 10 * 1024 * 1024;

/** Appends to a log file that is rotated once it is large. */
function rotatingLog(file: string): (chunk: string) => void {
  let size = existsSync(file) ? statSync(file).size : 0;
  return (chunk) => {
    try {
      if (size > MAX_LOG_BYTES) {
        renameSync(file, `${file}.1`);
        size = 0;
      }
      appendFileSync(file, chunk);
      size += Buffer.byteLength(chunk);
    } catch {
      // A full disk must not take the registry's supervision down with it.
    }
  };
}

/**
 * Starts the embedded registry, or returns undefined (and says why, in the log and on the
 * System page) when there is no binary or no certificate. Throws when it is there but does
 * not start (a port in use): the operator's to fix.
 */
export async function startEmbeddedRegistry(
  env: Env,
  secrets: { notify: string; http: string },
  log: Log,
): Promise<EmbeddedRegistry | undefined> {
  const unavailable = (detail: string) => {
    reportEmbedded('registry', { state: 'unavailable', detail });
    log('warn', `the embedded registry is not running: ${detail}`);
    return undefined;
  };
  // (A REGISTRY_BINARY that is not executable stopped the launcher before it got here.)
  const binary = findRegistryBinary(env.REGISTRY_BINARY);
  if (!binary) return unavailable(NO_REGISTRY_BINARY);
  // The registry trusts the token certificate, which Wharf generates on its first start.
  try {
    await loadOrCreateSigningKey(signingKeyOptions(env));
  } catch (err) {
    return unavailable(`the token signing key is unavailable: ${(err as Error).message}`);
  }
  const dir = path.join(env.WHARF_DATA_DIR, 'registry');
  mkdirSync(dir, { recursive: true });
  const writeLog = rotatingLog(path.join(dir, REGISTRY_LOG_FILE));
  const address = `${env.HOST}:${env.WHARF_EMBEDDED_REGISTRY_PORT}`;
  reportEmbedded('registry', {
    state: 'starting',
    detail: `${binary} on ${address}, data and registry.log in ${dir}`,
  });
  const options: StartRegistryOptions = {
    binary,
    realm: `${env.WHARF_URL}/v2/token`,
    rootCertBundle: signingCertPath(signingKeyOptions(env)),
    service: env.REGISTRY_SERVICE,
    issuer: env.TOKEN_ISSUER,
    host: env.HOST,
    port: env.WHARF_EMBEDDED_REGISTRY_PORT,
    configDir: dir,
    storageDir: path.join(dir, 'storage'),
    httpSecret: secrets.http,
    // To this Wharf directly, not through WHARF_URL (which may be a proxy in front of it).
    notifications: {
      url: `http://${localAddress(env.HOST)}:${env.PORT}/api/registry/events`,
      secret: secrets.notify,
    },
    onOutput: (chunk) => {
      writeLog(chunk);
      for (const line of chunk.split('\n'))
        if (NOTEWORTHY.test(line)) log('warn', 'embedded registry', { line: line.slice(0, 2000) });
    },
  };
  const pidFile = path.join(dir, REGISTRY_PID_FILE);
  const run = async (): Promise<ChildRun> => {
    const registry = await startRegistry(options);
    writeFileSync(pidFile, `${registry.pid}\n`);
    void registry.exited.then(() => rmSync(pidFile, { force: true }));
    return { pid: registry.pid, exited: registry.exited, stop: registry.stop };
  };
  const first = await run();
  return { ...first, restart: run };
}
