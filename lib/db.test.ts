import { describe, expect, it } from 'vitest';
import { isInvalidTextError } from '@/lib/db';

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
