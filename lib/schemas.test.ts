import { describe, expect, it } from 'vitest';
import {
  CONTROL_CHARACTERS_MESSAGE,
  idParamSchema,
  multilineTextSchema,
  nameParamSchema,
  pagingFromSearchParams,
  pagingSchema,
  searchParamSchema,
  textSchema,
} from '@/lib/schemas';

describe('pagingFromSearchParams', () => {
  it('reads page and q from the URL', () => {
    expect(pagingFromSearchParams({ page: '3', q: ' team ' })).toEqual({ page: 3, pageSize: 25, q: 'team' });
  });
  it('falls back to defaults for missing or hand-edited values', () => {
    expect(pagingFromSearchParams({})).toEqual({ page: 1, pageSize: 25, q: '' });
    expect(pagingFromSearchParams({ page: 'abc', q: 'x'.repeat(500) }, 10)).toEqual({
      page: 1,
      pageSize: 10,
      q: '',
    });
    expect(pagingFromSearchParams({ page: ['2', '9'], q: ['a', 'b'] })).toEqual({
      page: 2,
      pageSize: 25,
      q: 'a',
    });
    expect(pagingFromSearchParams({ page: '0' }).page).toBe(1);
  });
});

describe('shared string fragments', () => {
  const hostile = [
    'a\u0000b',
    '\u0000',
    'x\u0007',
    'tab\there',
    'line\nbreak',
    'cr\r',
    'del\u007f',
    'c1\u0085',
  ];

  it('refuse NUL and other control characters with a clear message', () => {
    for (const value of hostile) {
      const result = textSchema.safeParse(value);
      expect(result.success, JSON.stringify(value)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(CONTROL_CHARACTERS_MESSAGE);
    }
    expect(textSchema.parse('Ünïcödé ✓ 名前 🚢')).toBe('Ünïcödé ✓ 名前 🚢');
  });

  it('let multi-line text keep tabs and line breaks, but not NUL', () => {
    expect(multilineTextSchema.parse('one\ttwo\r\nthree')).toBe('one\ttwo\r\nthree');
    expect(multilineTextSchema.safeParse('a\u0000b').success).toBe(false);
    expect(multilineTextSchema.safeParse('bell\u0007').success).toBe(false);
  });

  it('guard searches, ids and path names', () => {
    expect(pagingSchema.safeParse({ q: '\u0000' }).success).toBe(false);
    expect(searchParamSchema.safeParse('x'.repeat(101)).success).toBe(false);
    expect(nameParamSchema.safeParse('team\u0000').success).toBe(false);
    expect(nameParamSchema.safeParse('').success).toBe(false);
    expect(idParamSchema.parse('42')).toBe(42);
    for (const id of ['0', '-1', '1.5', 'abc', '1e400', '99999999999', '\u0000']) {
      expect(idParamSchema.safeParse(id).success, id).toBe(false);
    }
  });

  it('fall back to no search for a hand-edited page URL with control characters', () => {
    expect(pagingFromSearchParams({ q: 'a\u0000' }).q).toBe('');
  });
});
