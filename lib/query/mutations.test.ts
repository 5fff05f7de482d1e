import { describe, expect, it } from 'vitest';
import { withoutField, withRow } from '@/lib/query/mutations';

type Row = { id: number; name: string; summary?: string };
const byName = (a: Row, b: Row) => (a.name < b.name ? -1 : 1);

describe('withRow', () => {
  const list: Row[] = [
    { id: 1, name: 'b', summary: 'last delivery ok' },
    { id: 2, name: 'd' },
  ];

  it('adds a new row where the server would list it', () => {
    expect(withRow(list, { id: 3, name: 'c' }, byName)!.map((r) => r.id)).toEqual([1, 3, 2]);
    expect(withRow(list, { id: 3, name: 'c' })!.map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('replaces the row of the same id and keeps the fields the answer leaves out', () => {
    expect(withRow(list, { id: 1, name: 'e' }, byName)).toEqual([
      { id: 2, name: 'd' },
      { id: 1, name: 'e', summary: 'last delivery ok' },
    ]);
    expect(list[0]!.name).toBe('b');
  });

  it('leaves a list that was never read alone', () => {
    expect(withRow(undefined, { id: 1, name: 'a' })).toBeUndefined();
  });
});

describe('withoutField', () => {
  it('drops a secret shown once, so it never sits in the cache', () => {
    expect(withoutField('secret')({ id: 1, name: 'ci', secret: 's3cr3t' })).toEqual({ id: 1, name: 'ci' });
  });
});
