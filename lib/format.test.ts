import { describe, expect, it } from 'vitest';
import { formatDate, formatUsage, plural, quotaReachedMessage } from '@/lib/format';

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

describe('quota texts', () => {
  const GB = 1024 ** 3;
  it('says how much of the quota is used, without a needless ".0"', () => {
    expect(quotaReachedMessage(3.9 * GB, 4 * GB)).toBe('quota reached: 3.9 GB of 4 GB');
    expect(formatUsage(512 * 1024 ** 2, 4 * GB)).toBe('512 MB of 4 GB');
    expect(formatUsage(1536, null)).toBe('1.5 KB');
  });
});
