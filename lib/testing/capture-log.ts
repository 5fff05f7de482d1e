// Tests: the process-wide logger (lib/log.ts) swapped for one that keeps its lines, parsed.
import { Writable } from 'node:stream';
import type { LogLevel } from '@/lib/env';
import { createLogger, logger, setLogger } from '@/lib/log';

export type CapturedLog = {
  lines: Array<Record<string, unknown>>;
  /** Everything written, as written. */
  text: () => string;
  /** Puts the previous logger back. */
  restore: () => void;
};

export function captureLog(level: LogLevel = 'trace'): CapturedLog {
  let text = '';
  const lines: CapturedLog['lines'] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const previous = logger();
  setLogger(createLogger(level, sink));
  return { lines, text: () => text, restore: () => setLogger(previous) };
}
