import { describe, expect, it } from 'vitest';
import { normalizeUsername } from '@/lib/users/username';

describe('normalizeUsername', () => {
  it('folds every spelling of one name into one key', () => {
    for (const variant of ['alice', 'Alice', 'ALICE', 'ａｌｉｃｅ', 'Ａlice', ' alice ', 'ａｌｉｃｅ\u3000'])
      expect(normalizeUsername(variant)).toBe('alice');
  });

  it('keeps robot names and the allowed punctuation', () => {
    expect(normalizeUsername('robot-ab-c-ci')).toBe('robot-ab-c-ci');
    expect(normalizeUsername('j.doe_2')).toBe('j.doe_2');
  });

  it('refuses what does not normalize into the alphabet', () => {
    for (const bad of [
      '',
      ' ',
      'al ice',
      'alice\0',
      'a*b',
      'paren(test)',
      '-alice',
      'İlker',
      'x'.repeat(141),
      'élodie',
    ])
      expect(normalizeUsername(bad)).toBeNull();
  });
});
