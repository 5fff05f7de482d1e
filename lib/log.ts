// Structured logs with pino: JSON lines on stdout, one per event, at the level LOG_LEVEL sets.
// One logger per process (globalThis): Wharf's server (scripts/start.ts) creates it before
// Next.js loads, and every bundle of the app writes through the same one, so lines never
// interleave and `npm run dev` can pretty-print them all. Never pass secrets in `fields`;
// the redaction below is the safety net for the names secrets go by, not a licence.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { LOG_LEVELS, type LogLevel } from './env';
import { dateAt } from './clock';

export type LogFields = Record<string, unknown>;

/**
 * Field names whose value is never written: at the top level and inside the objects that carry
 * them (`headers.authorization`, `req.headers.cookie`, `form.password`). Explicit paths, no
 * wildcards: pino compiles them into a few property checks per line (a wildcard path costs
 * several times the whole line).
 */
const SECRET_FIELDS = [
  'password',
  'secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'authorization',
  'cookie',
  'proxy-authorization',
  'set-cookie',
];
const CONTAINERS = ['', 'headers', 'req.headers', 'res.headers', 'body', 'form', 'query'];
const key = (name: string) => (/^\w+$/.test(name) ? `.${name}` : `["${name}"]`);
export const REDACT_PATHS = CONTAINERS.flatMap((c) =>
  SECRET_FIELDS.map((f) => `${c}${key(f)}`.replace(/^\./, '')),
);
export const REDACTED = '[redacted]';

/** Wharf's line format: `{"level":"info","time":"<ISO 8601>","msg":"…",…fields}`. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: undefined, // no pid and hostname on every line
    timestamp: () => `,"time":"${dateAt().toISOString()}"`, // pino's isoTime, on the native clock
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
  };
}

/** LOG_LEVEL as pino takes it; a wrong value is refused by lib/env.ts at start, meanwhile info. */
export function levelFromEnv(value = process.env.LOG_LEVEL): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : 'info';
}

/**
 * Lines to a file descriptor (stdout), written once per turn of the event loop: the lines of
 * one turn (under load, many requests' access lines) go out in one write, not one each.
 * Written synchronously, as Node writes process.stdout to a pipe or file on Linux: no thread
 * pool round trip per write (pino's default for stdout), and nothing held beyond the turn that
 * wrote it. The process's exit (process.exit, a fatal error, an uncaught exception) writes
 * what is pending first; a full pipe is retried by sonic-boom (EAGAIN), a closed one (EPIPE)
 * ends logging, as with pino's own destination.
 */
export function turnBufferedDestination(fd = 1): DestinationStream & { flushSync(): void } {
  const out = pino.destination({ dest: fd, sync: true });
  // The setImmediate of now: Wharf's server creates its logger before Next.js wraps the global one.
  const schedule = setImmediate;
  let pending = '';
  const flushSync = () => {
    if (!pending) return;
    const lines = pending;
    pending = '';
    out.write(lines);
  };
  process.once('exit', flushSync);
  return {
    write(line: string) {
      if (!pending) schedule(flushSync);
      pending += line;
    },
    flushSync,
  };
}

/** A logger in Wharf's format, to stdout (once per turn: turnBufferedDestination) unless given another destination. */
export function createLogger(
  level: LogLevel = levelFromEnv(),
  destination: DestinationStream = turnBufferedDestination(),
): Logger {
  return pino(loggerOptions(level), destination);
}

const SLOT: unique symbol = Symbol.for('wharf.logger');
type Slot = { [SLOT]?: Logger };

/** The process-wide logger (created on first use). */
export function logger(): Logger {
  return ((globalThis as Slot)[SLOT] ??= createLogger());
}

/** Makes `next` the process-wide logger (the server's, before Next.js loads: pretty in dev). */
export function setLogger(next: Logger): void {
  (globalThis as Slot)[SLOT] = next;
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
// The message goes in first, so that it comes right after level and time (pino writes its
// message argument after the fields): a line reads, and is grepped, message first.
const at =
  (level: Level) =>
  (msg: string, fields?: LogFields): void => {
    const l = logger();
    if (!l.isLevelEnabled(level)) return; // no object built for a line not written
    if (fields) l[level]({ msg, ...fields });
    else l[level](msg);
  };

/** Whether lines of `level` are written now: guards fields that cost something to build. */
export function isLevelEnabled(level: Level): boolean {
  return logger().isLevelEnabled(level);
}

/** `log.info(message, fields)`: Wharf's call signature over pino's `(fields, message)`. */
export const log = {
  trace: at('trace'),
  debug: at('debug'),
  info: at('info'),
  warn: at('warn'),
  error: at('error'),
  fatal: at('fatal'),
};
