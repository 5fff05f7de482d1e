import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger, levelFromEnv, log, logger, REDACTED, turnBufferedDestination } from '@/lib/log';
import { captureLog, type CapturedLog } from '@/lib/testing/capture-log';

let captured: CapturedLog | undefined;
afterEach(() => captured?.restore());

describe('log', () => {
  it("writes Wharf's line format: level name, ISO time, message, fields", () => {
    const { lines } = (captured = captureLog('info'));
    log.info('reconcile done', { repositories: 3 });
    log.warn('no fields');
    // In this order: level, time, message, fields.
    expect(captured.text().split('\n')[0]).toMatch(
      /^\{"level":"info","time":"[^"]+","msg":"reconcile done","repositories":3\}$/,
    );
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        msg: 'reconcile done',
        repositories: 3,
      },
      { level: 'warn', time: expect.any(String), msg: 'no fields' },
    ]);
  });

  it('writes nothing below LOG_LEVEL; errors with their type and message', () => {
    const { lines } = (captured = captureLog('warn'));
    log.info('not written');
    log.debug('not written either');
    log.error('audit write failed', { err: new TypeError('boom') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', err: { type: 'TypeError', message: 'boom' } });
  });

  it('redacts credentials, cookies and tokens by field name, at the top level and in the objects that carry them', () => {
    const { lines } = (captured = captureLog('info'));
    const secrets = [
      'hunter2-password',
      'Basic YWRtaW46aHVudGVyMg==',
      'sid=s3ss10n',
      'eyJ-bearer',
      'wharf_pat_x',
      'r3fr3sh',
    ];
    logger().info(
      {
        user: 'alice',
        password: secrets[0],
        authorization: secrets[1],
        headers: { authorization: `Bearer ${secrets[3]}`, cookie: secrets[2], 'user-agent': 'docker/27' },
        req: { headers: { 'proxy-authorization': secrets[1], cookie: secrets[2] } },
        res: { headers: { 'set-cookie': secrets[2] } },
        form: { password: secrets[0], refresh_token: secrets[5] },
        query: { token: secrets[4] },
        token: secrets[4],
        refreshToken: secrets[5],
      },
      'request',
    );
    const text = JSON.stringify(lines);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      user: 'alice',
      password: REDACTED,
      headers: { authorization: REDACTED, cookie: REDACTED, 'user-agent': 'docker/27' },
      req: { headers: { 'proxy-authorization': REDACTED } },
      form: { password: REDACTED, refresh_token: REDACTED },
    });
  });

  it('takes LOG_LEVEL when it is one of pino’s levels, info otherwise', () => {
    expect(levelFromEnv('debug')).toBe('debug');
    expect(levelFromEnv('silent')).toBe('silent');
    expect(levelFromEnv(undefined)).toBe('info');
    expect(levelFromEnv('verbose')).toBe('info');
  });
});

describe('turnBufferedDestination (stdout)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the lines of one turn of the event loop together, once the turn is over', async () => {
    const file = path.join(dir, 'turn.log');
    const fd = openSync(file, 'w');
    const l = createLogger('info', turnBufferedDestination(fd));
    l.info({ msg: 'one' });
    l.info({ msg: 'two' });
    expect(readFileSync(file, 'utf8')).toBe(''); // not yet: still this turn
    await new Promise((r) => setImmediate(r));
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((x) => JSON.parse(x).msg),
    ).toEqual(['one', 'two']);
    l.info({ msg: 'three' });
    await new Promise((r) => setImmediate(r));
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    closeSync(fd);
  });

  it('loses nothing written just before the process ends, by process.exit or an uncaught exception', () => {
    const logModule = path.resolve(__dirname, 'log');
    for (const end of ['process.exit(3)', 'throw new Error("boom")']) {
      const script = path.join(dir, 'end.ts');
      writeFileSync(
        script,
        `import { log } from ${JSON.stringify(logModule)};\n` +
          `for (let i = 0; i < 500; i++) log.info('line', { i });\nlog.error('last words');\n${end};\n`,
      );
      const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((x) => JSON.parse(x) as { msg: string });
      expect(lines, end).toHaveLength(501);
      expect(lines.at(-1)!.msg).toBe('last words');
      expect(run.status, end).not.toBe(0);
    }
  });
});
