import { describe, expect, it } from 'vitest';
import { formatDate, plural } from '@/lib/format';

describe('formatDate', () => {
  it('shows minutes in UTC, from a Date or an ISO string', () => {
    expect(formatDate(new Date('2026-11-23T09:41:59.123Z'))).toBe('2026-11-23 09:41 UTC');
    expect(formatDate('2026-01-02T03:04:05.000Z')).toBe('2026-01-02 03:04 UTC');
  });
  it('shows a dash for no time or a bad one', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
  });
});

describe('plural', () => {
  it('picks the word by count', () => {
    expect(plural(1, 'repository', 'repositories')).toBe('1 repository');
    expect(plural(0, 'repository', 'repositories')).toBe('0 repositories');
  });
});
