// Wharf launcher (`npm start`, `npm run dev`): validates settings, builds when there is no
// build, starts the embedded PostgreSQL when DATABASE_URL is not set, applies migrations
// with Prisma's own migrate, then serves the Next.js app. SIGINT/SIGTERM stop it cleanly.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { EnvError, parseEnv, type Env } from '../lib/env';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded-postgres';

const root = path.resolve(__dirname, '..');
const isDev = process.argv.includes('--dev');

// The embedded database, once started, is stopped on every way out.
let embedded: EmbeddedDb | undefined;

/** A start-up failure: printed as one line, after which the launcher cleans up and exits 1. */
class FatalError extends Error {}

function fail(message: string): never {
  throw new FatalError(message);
}

function say(msg: string) {
  process.stdout.write(JSON.stringify({ level: 'info', time: new Date().toISOString(), msg }) + '\n');
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} exited with ${code}`)),
    );
  });
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

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0]!.trim();
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

// Type-only: the service itself is registered at run time by the app (lib/tokens/fast-path.ts).
type TokenFastPath = import('../lib/tokens/fast-path').TokenFastPath;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/**
 * Answers GET/POST /v2/token with the token service the app registered at start-up
 * (lib/tokens/fast-path.ts), skipping the Next.js pipeline. Returns false to let Next.js
 * handle the request (other paths, or before the service is registered).
 */
function serveTokenFastPath(req: IncomingMessage, res: ServerResponse, ip: string): boolean {
  const fast = (globalThis as unknown as { wharfTokenFastPath?: TokenFastPath }).wharfTokenFastPath;
  const url = req.url ?? '';
  if (
    !fast ||
    !(url === '/v2/token' || url.startsWith('/v2/token?')) ||
    (req.method !== 'GET' && req.method !== 'POST')
  )
    return false;
  const query = new URL(url, 'http://wharf').searchParams;
  const common = {
    query,
    authorization: req.headers.authorization ?? null,
    ip,
    userAgent: req.headers['user-agent'],
  };
  const answer = (promise: ReturnType<TokenFastPath['handleTokenRequest']>) =>
    promise
      .then((r) => sendJson(res, r.status, r.body, r.headers))
      .catch(() =>
        sendJson(
          res,
          503,
          {
            details: 'the token service is temporarily unavailable',
            errors: [{ code: 'UNAVAILABLE', message: 'the token service is temporarily unavailable' }],
          },
          { 'Retry-After': '5' },
        ),
      );
  if (req.method === 'GET') {
    void answer(fast.handleTokenRequest({ method: 'GET', ...common }));
    return true;
  }
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded'))
    return false;
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > 64 * 1024) {
      sendJson(res, 413, { error: 'invalid_request', details: 'body too large' });
      req.destroy();
    } else chunks.push(c);
  });
  req.on('end', () => {
    if (size <= 64 * 1024)
      void answer(
        fast.handleTokenRequest({
          method: 'POST',
          ...common,
          form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        }),
      );
  });
  return true;
}

async function main() {
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }
  mkdirSync(env.WHARF_DATA_DIR, { recursive: true });
  process.env.NEXTAUTH_SECRET = env.NEXTAUTH_SECRET ?? persistentSecret(env, 'nextauth-secret');
  // The values are resolved now; the app parses the environment again, where NAME and NAME_FILE together are an error.
  delete process.env.NEXTAUTH_SECRET_FILE;
  process.env.NEXTAUTH_URL = env.WHARF_URL;
  process.env.NEXTAUTH_URL_INTERNAL ??= `http://127.0.0.1:${env.PORT}`;

  if (!isDev && !existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    say('no build found: running next build (once)');
    await run(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      ...process.env,
      NODE_ENV: 'production',
    });
  }

  // Created now so that a stop signal during start-up can close it; it listens at the end.
  const server = createServer();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`received ${signal}: stopping`);
    server.close();
    server.closeAllConnections();
    if (embedded) await embedded.stop().catch(() => undefined);
    process.exit(0);
  };
  // embedded-postgres installs its own exit hooks that end the process with 128+signal;
  // this launcher stops the database itself and exits 0 on a requested stop.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    try {
      embedded = await startEmbeddedPostgres({
        dir: path.join(env.WHARF_DATA_DIR, 'postgres'),
        port: env.WHARF_EMBEDDED_PG_PORT,
        password: persistentSecret(env, 'postgres-password'),
      });
    } catch (err) {
      fail(`cannot start the embedded PostgreSQL: ${(err as Error).message}`);
    }
    databaseUrl = embedded.url;
    say(`embedded PostgreSQL running on 127.0.0.1:${env.WHARF_EMBEDDED_PG_PORT}`);
  }
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.DATABASE_URL_FILE;
  if (embedded) process.env.WHARF_EMBEDDED_DB = '1';

  try {
    await run(
      process.execPath,
      [path.join(root, 'node_modules/prisma/build/index.js'), 'migrate', 'deploy'],
      prismaEnv(databaseUrl),
    );
  } catch {
    fail('database migrations failed (see above); is the database reachable?');
  }

  // Next.js is loaded only now, so that it sees DATABASE_URL and the secrets set above.
  const { default: next } = await import('next');
  const app = next({ dev: isDev, dir: root, hostname: env.HOST, port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Route handlers learn the client address from this header only; a client cannot set it.
    const ip = clientAddress(req, env.TRUST_PROXY);
    req.headers['x-wharf-client-ip'] = ip;
    // One id per request, in the logs and the response, to match a user's report with the logs.
    const requestId =
      env.TRUST_PROXY &&
      typeof req.headers['x-request-id'] === 'string' &&
      /^[\w.-]{1,100}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    if (serveTokenFastPath(req, res, ip)) return;
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new FatalError(`cannot listen on ${env.HOST}:${env.PORT}: ${err.message}`)),
    );
    server.listen(env.PORT, env.HOST, resolve);
  });
  // Next.js runs the instrumentation hook (first admin, signing key) on the first request:
  // make that request now, so first-start work is done before Wharf says it is ready.
  const local = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  await fetch(`http://${local.includes(':') ? `[${local}]` : local}:${env.PORT}/api/health`).catch(
    () => undefined,
  );
  say(`Wharf ready on http://${env.HOST}:${env.PORT} (public URL ${env.WHARF_URL})`);
}

main().catch(async (err) => {
  process.stderr.write(
    `wharf: ${err instanceof FatalError ? err.message : ((err as Error).stack ?? String(err))}\n`,
  );
  if (embedded) await embedded.stop().catch(() => undefined);
  process.exit(1);
});
