import { describe, expect, it } from 'vitest';
import { isDatabaseConnectionError, isInvalidTextError, logDatabaseOutagesAsOneLine } from '@/lib/db';
import { captureLog } from '@/lib/testing/capture-log';

describe('isInvalidTextError', () => {
  it('recognises PostgreSQL refusing NUL in text or JSON, however it is wrapped', () => {
    // pg's DatabaseError (plain SQL queries)
    expect(
      isInvalidTextError({ code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' }),
    ).toBe(true);
    expect(isInvalidTextError({ code: '22P05', message: 'unsupported Unicode escape sequence' })).toBe(true);
    // Prisma's driver adapter error and its query-engine message
    expect(isInvalidTextError({ name: 'DriverAdapterError', cause: { originalCode: '22021' } })).toBe(true);
    expect(
      isInvalidTextError({
        code: 'P2010',
        meta: { driverAdapterError: { cause: { originalCode: '22P05' } } },
      }),
    ).toBe(true);
    expect(
      isInvalidTextError(
        new Error(
          'Error occurred during query execution: PostgresError { code: "22021", message: "invalid byte sequence" }',
        ),
      ),
    ).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isInvalidTextError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(false);
    expect(isInvalidTextError({ code: 'P2002' })).toBe(false);
    expect(isInvalidTextError({ code: '23505', message: 'duplicate key' })).toBe(false);
    expect(isInvalidTextError(null)).toBe(false);
    expect(isInvalidTextError('22021')).toBe(false);
  });
});

describe('database outages in the log', () => {
  const withCode = (message: string, fields: Record<string, unknown>) =>
    Object.assign(new Error(message), fields);

  it('recognises errors that only say the database cannot be reached', () => {
    process.env.DATABASE_URL = 'postgresql://wharf:x@127.0.0.1:5933/wharf';
    expect(
      isDatabaseConnectionError(
        withCode(
          "Invalid `prisma.project.count()` invocation:\n\nCan't reach database server at 127.0.0.1:5933",
          {
            code: 'P1001',
            clientVersion: '6',
          },
        ),
      ),
    ).toBe(true);
    expect(isDatabaseConnectionError(withCode('terminating connection', { code: '57P01' }))).toBe(true);
    expect(
      isDatabaseConnectionError(withCode('connect ECONNREFUSED', { code: 'ECONNREFUSED', port: 5933 })),
    ).toBe(true);
    // Another server refusing (LDAP, the registry) is not the database; nor is a bug.
    expect(
      isDatabaseConnectionError(withCode('connect ECONNREFUSED', { code: 'ECONNREFUSED', port: 389 })),
    ).toBe(false);
    expect(
      isDatabaseConnectionError(withCode('Unique constraint failed', { code: 'P2002', clientVersion: '6' })),
    ).toBe(false);
    expect(isDatabaseConnectionError(new TypeError('x is undefined'))).toBe(false);
  });

  it('writes one structured line for them and passes everything else through', () => {
    const { lines, restore } = captureLog();
    const passed: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void passed.push(args);
    try {
      logDatabaseOutagesAsOneLine();
      console.error(
        ' ⨯',
        Object.assign(new Error("Invalid invocation:\n\n\nCan't reach database server at 127.0.0.1:5933"), {
          code: 'P1001',
          clientVersion: '6',
          digest: '42',
        }),
      );
      const bug = new TypeError('x is undefined');
      console.error(' ⨯', bug);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'error',
        msg: 'database unavailable',
        error: 'database unreachable',
        detail: "Can't reach database server at 127.0.0.1:5933",
        code: 'P1001',
        digest: '42',
      });
      expect(passed).toEqual([[' ⨯', bug]]);
    } finally {
      restore();
      console.error = original;
    }
  });
});
