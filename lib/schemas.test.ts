import { describe, expect, it } from 'vitest';
import { pagingFromSearchParams } from '@/lib/schemas';

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
