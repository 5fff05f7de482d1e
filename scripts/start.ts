// Wharf launcher (`npm start`, `npm run dev`): validates settings, builds when there is no
// build, starts the embedded PostgreSQL when DATABASE_URL is not set, applies migrations
// with Prisma's own migrate, starts the embedded registry when REGISTRY_URL is not set, then
// serves the Next.js app, with one access line per request (lib/log.ts: JSON lines on stdout;
// pretty-printed by `npm run dev`). The embedded children are supervised (restarted when they
// die; Wharf exits 1 when one keeps dying). SIGINT/SIGTERM stop it cleanly.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { bodyLimitFor, checkDeclaredBody, type BodyVerdict } from '../lib/edge/body-limits';
import { clientAddress } from '../lib/edge/client-address';
import { clientAddressHeaders, createEdgeKey, EDGE_KEY_ENV } from '../lib/edge/client-header';
import { readNodeBody } from '../lib/edge/read-body';
import type { EdgeRequest, EdgeResponse } from '../lib/edge/types';
import { EnvError, localAddress, parseEnv, type Env } from '../lib/env';
import { reportEmbedded } from '../lib/embedded/status';
import { startDraining } from '../lib/edge/lifecycle';
import { createLogger, levelFromEnv, log, setLogger } from '../lib/log';
import { observeHttpRequest } from '../lib/metrics';
import { appDirRoutes, loadRouteMatcher, routeMatcher } from '../lib/edge/route-pattern';
import { inRequestScope, type RequestScope } from '../lib/edge/request-scope';
import { contentSecurityPolicy } from '../lib/security-headers';
import { tokenEdge, type TokenEdge } from '../lib/tokens/edge-handoff';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedRegistry } from './embedded-registry';
import { findRegistryBinary } from './registry/start-registry';
import { supervise, type Supervised } from './supervise';

const root = path.resolve(__dirname, '..');
const isDev = process.argv.includes('--dev');

// The embedded children, once started, are stopped on every way out: the registry first
// (it notifies Wharf), then the database.
const children: Supervised[] = [];
const stopChildren = async () => {
  for (const child of children.splice(0).reverse()) await child.stop().catch(() => undefined);
};

/** A start-up failure: logged as one line, after which the launcher cleans up and exits 1. */
class FatalError extends Error {}

function fail(message: string): never {
  throw new FatalError(message);
}

/**
 * Runs a start-up tool (next build, prisma migrate). Its output goes to the log, one line per
 * line of it: at debug when it succeeds, at error when it fails (the lines say why).
 */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const level = code === 0 ? 'debug' : 'error';
      for (const line of output.split('\n')) if (line.trim()) log[level](line.trimEnd(), { tool: name });
      if (code === 0) resolve();
      else reject(new Error(`${name} exited with ${code}`));
    });
  });
}

/** The children's supervisors log through the same logger. */
const childLog = (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) =>
  log[level](msg, fields);

/** A start failure of a child as one line: the first line and the child's last words. */
function oneLine(err: unknown): string {
  const lines = String((err as Error)?.message ?? err)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const last = lines.length > 1 ? ` (${lines.at(-1)!.slice(0, 300)})` : '';
  return `${lines[0] ?? 'unknown error'}${last}`;
}

/** A secret kept in the data directory, generated on first start. */
function persistentSecret(env: Env, name: string): string {
  const dir = path.join(env.WHARF_DATA_DIR, 'secrets');
  const file = path.join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}

/** Prisma CLI environment: the JS schema engine needs no downloaded binaries. */
export function prismaEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? '/bin/false',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
}

/** A Node header as the edge modules read it: occurrences joined with commas. */
function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/** What every answer of Wharf's own server carries (pages get theirs from proxy.ts). */
const SERVER_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': contentSecurityPolicy({ isHttps: false }),
};

/**
 * Sends a whole answer. `own` are the server's per-request headers (X-Request-Id) when none was
 * set yet: headers given to writeHead alone are checked once, while each earlier setHeader
 * sends all of them through setHeader again (Node's slow path).
 */
function send(res: ServerResponse, { status, headers, body }: EdgeResponse, own?: OwnHeaders) {
  res.writeHead(status, {
    ...SERVER_HEADERS,
    ...own,
    ...headers,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The headers Wharf's server adds to every answer of a request: its id, and Connection: close while stopping. */
type OwnHeaders = Record<string, string>;

/**
 * An answer given before the request body was read to its end (too large, or of unknown
 * length where nothing counts it). The rest of the upload is never buffered: it is discarded
 * while the client reads the answer (clients then stop sending), and the connection is cut
 * after a short grace. Closing at once would reset it before some clients read the answer.
 */
function sendBeforeBody(req: IncomingMessage, res: ServerResponse, answer: EdgeResponse, own?: OwnHeaders) {
  send(res, answer, own);
  if (req.complete) return;
  res.once('finish', () => {
    req.resume();
    setTimeout(() => {
      if (!req.complete) req.socket.destroy();
    }, 2000).unref();
  });
}

/** Refuses a body by its headers alone, in the API's error envelope (lib/edge/body-limits.ts). */
function refuseBody(req: IncomingMessage, res: ServerResponse, verdict: BodyVerdict & { ok: false }) {
  const code = verdict.status === 413 ? 'payload_too_large' : 'length_required';
  sendBeforeBody(req, res, {
    status: verdict.status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ error: { code, message: verdict.message } }),
  });
}

/**
 * A Node request as the token edge reads it (lib/edge/types.ts). A class, not an object of
 * arrow functions: this runs for every token request, and functions made per request cost
 * a name each here (tsx keeps function names).
 */
class NodeEdgeRequest implements EdgeRequest {
  readonly method: string;
  readonly url: string;
  readonly entry = 'server' as const;
  constructor(
    private readonly req: IncomingMessage,
    readonly clientAddress: string,
    readonly requestId: string,
  ) {
    this.method = req.method ?? 'GET';
    this.url = req.url ?? '/';
  }
  header(name: string) {
    return headerValue(this.req.headers[name]);
  }
  readBody(maxBytes: number) {
    return readNodeBody(this.req, maxBytes);
  }
}

/** The token edge answers every failure itself: reaching this is a bug in it, or in sending. */
function tokenEdgeFailed(res: ServerResponse, own: OwnHeaders, err: unknown) {
  log.error('token edge failed', { requestId: own['X-Request-Id'], err });
  if (!res.headersSent) res.writeHead(500, { ...own, Connection: 'close' });
  res.end();
}

/** Answers /v2/token through the app's HTTP edge (lib/tokens/http-edge.ts), outside Next's pipeline. */
function serveToken(edge: TokenEdge, req: IncomingMessage, res: ServerResponse, ip: string, own: OwnHeaders) {
  edge(new NodeEdgeRequest(req, ip, own['X-Request-Id']!)).then(
    (answer) => {
      try {
        sendBeforeBody(req, res, answer, own); // Node itself sends no body to HEAD
      } catch (err) {
        tokenEdgeFailed(res, own, err);
      }
    },
    (err: unknown) => tokenEdgeFailed(res, own, err),
  );
}

async function main() {
  // `npm run dev`: the same lines, readable (pino-pretty, in this process: no worker thread).
  if (isDev) {
    const { default: pretty } = await import('pino-pretty');
    setLogger(createLogger(levelFromEnv(), pretty({ colorize: process.stdout.isTTY, sync: true })));
  }
  // Next.js telemetry stays off unless the operator turns it on.
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }
  // A registry binary named but missing is a wrong setting: said before anything starts.
  if (env.EMBEDDED_REGISTRY && env.REGISTRY_BINARY && !findRegistryBinary(env.REGISTRY_BINARY))
    fail(`Invalid setting REGISTRY_BINARY: ${env.REGISTRY_BINARY} is not an executable file`);
  mkdirSync(env.WHARF_DATA_DIR, { recursive: true });
  process.env.NEXTAUTH_SECRET = env.NEXTAUTH_SECRET ?? persistentSecret(env, 'nextauth-secret');
  // The values are resolved now; the app parses the environment again, where NAME and NAME_FILE together are an error.
  delete process.env.NEXTAUTH_SECRET_FILE;
  process.env.NEXTAUTH_URL = env.WHARF_URL;
  process.env.NEXTAUTH_URL_INTERNAL ??= `http://127.0.0.1:${env.PORT}`;

  if (!isDev && !existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    log.info('no build found: running next build (once)');
    await run(
      process.execPath,
      [path.join(root, 'node_modules/next/dist/bin/next'), 'build'],
      { ...process.env, NODE_ENV: 'production' },
      'next build',
    );
  }

  // Created now so that a stop signal during start-up can close it; it listens at the end.
  const server = createServer();
  // Idle keep-alive connections stay open longer than a load balancer's idle timeout (60 s
  // on common ones): with Node's 5 s default, a proxy or client that reuses a connection
  // just as Wharf closes it gets a reset (a 502 behind a proxy, ECONNRESET for a client).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  let stopping = false;
  // Requests whose answer has not closed yet (counted by the request listener below).
  let inFlight = 0;
  let drained: (() => void) | undefined;
  // Graceful stop for rolling updates: not ready at once (/api/health 503), no new
  // connections, requests in flight finish (bounded by WHARF_SHUTDOWN_TIMEOUT), then the
  // embedded registry and database stop and the process exits 0.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    startDraining();
    log.info(`received ${signal}: stopping after ${inFlight} request(s) in flight`);
    server.close();
    server.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        drained = resolve;
        setTimeout(resolve, env.WHARF_SHUTDOWN_TIMEOUT * 1000).unref();
      });
    }
    server.closeAllConnections();
    await stopChildren();
    process.exit(0);
  };
  // A child that keeps dying: one line, the rest stops as on SIGTERM but at once, exit 1.
  const giveUp = (line: string) => {
    if (stopping) return;
    stopping = true;
    startDraining();
    log.fatal(line);
    server.close();
    server.closeAllConnections();
    void stopChildren().finally(() => process.exit(1));
  };
  // embedded-postgres installs its own exit hooks that end the process with 128+signal;
  // this launcher stops the database itself and exits 0 on a requested stop.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const dir = path.join(env.WHARF_DATA_DIR, 'postgres');
    reportEmbedded('postgres', {
      state: 'starting',
      detail: `127.0.0.1:${env.WHARF_EMBEDDED_PG_PORT}, data in ${dir}`,
    });
    const db = await startEmbeddedPostgres({
      dir,
      port: env.WHARF_EMBEDDED_PG_PORT,
      password: persistentSecret(env, 'postgres-password'),
    }).catch((err) => fail(`cannot start the embedded PostgreSQL: ${oneLine(err)}`));
    children.push(
      supervise({ name: 'postgres', first: db, restart: db.restart, onGiveUp: giveUp, log: childLog }),
    );
    databaseUrl = db.url;
    process.env.WHARF_EMBEDDED_DB = '1';
    log.info(`embedded PostgreSQL running on 127.0.0.1:${env.WHARF_EMBEDDED_PG_PORT}`);
  }
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.DATABASE_URL_FILE;

  try {
    await run(
      process.execPath,
      [path.join(root, 'node_modules/prisma/build/index.js'), 'migrate', 'deploy'],
      prismaEnv(databaseUrl),
      'prisma migrate',
    );
  } catch {
    fail('database migrations failed (see above); is the database reachable?');
  }

  if (env.EMBEDDED_REGISTRY) {
    // The registry notifies this Wharf with a secret both sides know; the app reads it from the environment.
    const notify = env.REGISTRY_NOTIFY_SECRET ?? persistentSecret(env, 'registry-notify-secret');
    process.env.REGISTRY_NOTIFY_SECRET = notify;
    delete process.env.REGISTRY_NOTIFY_SECRET_FILE;
    const registry = await startEmbeddedRegistry(
      env,
      { notify, http: persistentSecret(env, 'registry-http-secret') },
      childLog,
    ).catch((err) =>
      fail(
        `cannot start the embedded registry on ${env.HOST}:${env.WHARF_EMBEDDED_REGISTRY_PORT}: ${oneLine(err)}`,
      ),
    );
    if (registry) {
      children.push(
        supervise({
          name: 'registry',
          first: registry,
          restart: registry.restart,
          onGiveUp: giveUp,
          log: childLog,
        }),
      );
      log.info(
        `embedded registry running on ${env.HOST}:${env.WHARF_EMBEDDED_REGISTRY_PORT} (${env.REGISTRY_URL})`,
      );
    }
  }

  // The key that marks the client address header for route handlers (lib/edge/client-header.ts):
  // random per start, in this process only (Next.js runs in it; the children above were started without it).
  const edgeKey = createEdgeKey();
  process.env[EDGE_KEY_ENV] = edgeKey;
  // Off: /v2/token goes through the Next.js route as under a plain `next start` (tests compare both).
  const useTokenFastPath = process.env.WHARF_TOKEN_FAST_PATH !== 'off';

  // Next.js is loaded only now, so that it sees DATABASE_URL and the secrets set above.
  const { default: next } = await import('next');
  const app = next({ dev: isDev, dir: root, hostname: env.HOST, port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Route patterns for the access line and the duration histogram, read once: the build's
  // (dev compiles routes on demand: there the app directory's).
  const routes = isDev
    ? { match: routeMatcher(appDirRoutes(path.join(root, 'app'))) }
    : loadRouteMatcher(path.join(root, '.next', 'routes-manifest.json'));
  if (routes.error) log.warn('no route manifest: access lines name no routes', { error: routes.error });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    inFlight += 1;
    const url = req.url ?? '/';
    // Filled by the credential module once the request's principal is known (a name only).
    const scope: RequestScope = { principal: undefined };
    const ip = clientAddress({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: headerValue(req.headers['x-forwarded-for']),
      trustedHops: env.TRUST_PROXY,
    });
    // One id per request, in the logs and the response, to match a user's report with the logs.
    const requestId =
      env.TRUST_PROXY > 0 &&
      typeof req.headers['x-request-id'] === 'string' &&
      /^[\w.-]{1,100}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : randomUUID();
    req.headers['x-request-id'] = requestId;
    // While stopping, keep-alive connections are closed after their answer.
    const own: OwnHeaders = stopping
      ? { 'X-Request-Id': requestId, Connection: 'close' }
      : { 'X-Request-Id': requestId };
    // The access line: its route pattern, never the path or query (tokens ride in query strings).
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
      const seconds = (performance.now() - started) / 1000;
      const route = routes.match(url);
      observeHttpRequest(route, res.statusCode, seconds);
      log.info('request', {
        requestId,
        method: req.method,
        route,
        status: res.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
        ip,
        user: scope.principal,
        ...(res.writableFinished ? null : { aborted: true }),
      });
    });
    inRequestScope(scope, () => dispatch(req, res, ip, own));
  });

  function dispatch(req: IncomingMessage, res: ServerResponse, ip: string, own: OwnHeaders) {
    const limit = bodyLimitFor(req.url ?? '/');
    if (limit.route === 'token') {
      // The token edge applies the same cap itself, in the token endpoint's error format,
      // whichever entry point serves it.
      const edge = useTokenFastPath ? tokenEdge() : undefined;
      if (edge) return serveToken(edge, req, res, ip, own);
    }
    for (const name in own) res.setHeader(name, own[name]!);
    // Route handlers learn the client address from this marked header only (a client's copy
    // is overwritten); the token edge above is handed the address directly.
    Object.assign(req.headers, clientAddressHeaders(ip, edgeKey));
    if (limit.route !== 'token') {
      // Every other body is capped here, before Next.js or next-auth reads (and buffers) it.
      const verdict = checkDeclaredBody(limit, {
        contentLength: req.headers['content-length'],
        transferEncoding: req.headers['transfer-encoding'],
      });
      if (!verdict.ok) return refuseBody(req, res, verdict);
    }
    void handle(req, res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new FatalError(`cannot listen on ${env.HOST}:${env.PORT}: ${err.message}`)),
    );
    server.listen(env.PORT, env.HOST, resolve);
  });
  // Next.js runs the instrumentation hook (first admin, signing key) on the first request:
  // make that request now, so first-start work is done before Wharf says it is ready.
  await fetch(`http://${localAddress(env.HOST)}:${env.PORT}/api/health`).catch(() => undefined);
  log.info(`Wharf ready on http://${env.HOST}:${env.PORT} (public URL ${env.WHARF_URL})`);
}

main().catch(async (err) => {
  if (err instanceof FatalError) log.fatal(err.message);
  else log.fatal('start-up failed', { err });
  await stopChildren();
  process.exit(1);
});
