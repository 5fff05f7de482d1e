import { describe, expect, it } from 'vitest';
import {
  globMatcher,
  retentionPolicySchema,
  selectForDeletion,
  type RetentionTag,
} from '@/lib/policies/retention-rules';

const NOW = new Date('2026-11-30T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const names = (tags: Array<{ tag: string }>) => tags.map((t) => t.tag);

/** `n` tags of team/app, v01 the oldest, each with a digest of its own. */
const series = (n: number, repository = 'team/app'): RetentionTag[] =>
  Array.from({ length: n }, (_, i) => ({
    repository,
    tag: `v${String(i + 1).padStart(2, '0')}`,
    digest: `sha256:${repository}-${i + 1}`,
    pushedAt: hoursAgo(n - i),
  }));

const rules = (...r: unknown[]) => retentionPolicySchema.parse({ rules: r }).rules;

describe('selectForDeletion', () => {
  it('keep latest 10 of 12 deletes exactly the 2 oldest, saying why', () => {
    const s = selectForDeletion('team', series(12), rules({ keepLatest: 10 }), NOW);
    expect(names(s.delete)).toEqual(['v01', 'v02']);
    expect(s.delete[0]!.reason).toBe('not among the 10 most recently pushed (rule 1 (tags * in **))');
    expect(s.sharedDigest).toEqual([]);
  });

  it('counts keepLatest per repository', () => {
    const tags = [...series(3, 'team/a'), ...series(2, 'team/b')];
    const s = selectForDeletion('team', tags, rules({ keepLatest: 2 }), NOW);
    expect(s.delete.map((t) => `${t.repository}:${t.tag}`)).toEqual(['team/a:v01']);
  });

  it('never deletes a digest a kept tag references (the tag is reported as spared)', () => {
    const tags = series(12);
    tags.push({ repository: 'team/app', tag: 'latest', digest: tags[0]!.digest, pushedAt: hoursAgo(0) });
    const s = selectForDeletion('team', tags, rules({ keepLatest: 10 }), NOW);
    // 13 tags: latest and v04…v12 are kept; v01 shares latest's digest.
    expect(names(s.delete)).toEqual(['v02', 'v03']);
    expect(s.sharedDigest).toMatchObject([{ tag: 'v01', keptWith: 'latest' }]);
  });

  it('keepDays deletes what is older; a tag is kept if any rule keeps it', () => {
    const tags: RetentionTag[] = [
      { repository: 'team/app', tag: 'pr-1', digest: 'sha256:1', pushedAt: hoursAgo(24 * 20) },
      { repository: 'team/app', tag: 'pr-2', digest: 'sha256:2', pushedAt: hoursAgo(24 * 3) },
      { repository: 'team/app', tag: 'pr-3', digest: 'sha256:3', pushedAt: hoursAgo(24 * 30) },
      { repository: 'team/app', tag: 'v1', digest: 'sha256:4', pushedAt: hoursAgo(24 * 400) },
    ];
    const only = selectForDeletion('team', tags, rules({ tags: 'pr-*', keepDays: 14 }), NOW);
    // v1 is selected by no rule: left alone.
    expect(names(only.delete)).toEqual(['pr-3', 'pr-1']);
    expect(only.delete[0]!.reason).toMatch(/^pushed 30 days ago, over 14 \(rule 1/);
    const both = selectForDeletion(
      'team',
      tags,
      rules({ tags: 'pr-*', keepDays: 14 }, { tags: 'pr-*', keepLatest: 2 }),
      NOW,
    );
    expect(names(both.delete)).toEqual(['pr-3']);
  });

  it('selects repositories by a glob on the name inside the project', () => {
    const tags = [...series(2, 'team/tools/a'), ...series(2, 'team/app')];
    const s = selectForDeletion('team', tags, rules({ repositories: 'tools/*', keepLatest: 1 }), NOW);
    expect(s.delete.map((t) => `${t.repository}:${t.tag}`)).toEqual(['team/tools/a:v01']);
  });

  it('deletes nothing without rules', () => {
    expect(selectForDeletion('team', series(5), [], NOW).delete).toEqual([]);
  });
});

describe('globMatcher', () => {
  it('matches *, **, ? and {a,b} as documented', () => {
    expect(globMatcher('*')('app')).toBe(true);
    expect(globMatcher('*')('tools/app')).toBe(false);
    expect(globMatcher('**')('tools/app')).toBe(true);
    expect(globMatcher('tools/**')('tools/a/b')).toBe(true);
    expect(globMatcher('v?.*')('v1.2')).toBe(true);
    expect(globMatcher('v?')('v/')).toBe(false);
    expect(globMatcher('{pr,dev}-*')('dev-12')).toBe(true);
    expect(globMatcher('{pr,dev}-*')('main')).toBe(false);
    expect(globMatcher('{a,b{c,d}}x')('bdx')).toBe(true);
    expect(globMatcher('a.b')('axb')).toBe(false);
    expect(globMatcher('a{b')('a{b')).toBe(true);
  });

  it('stays fast on globs that make a backtracking matcher explode', () => {
    const glob = `${'*a'.repeat(60)}b`;
    const started = performance.now();
    expect(globMatcher(glob)('a'.repeat(128))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('retentionPolicySchema', () => {
  it('fills the defaults and wants exactly one of keepLatest and keepDays', () => {
    expect(retentionPolicySchema.parse({ rules: [{ keepLatest: 3 }] })).toEqual({
      rules: [{ repositories: '**', tags: '*', keepLatest: 3 }],
      schedule: null,
    });
    expect(retentionPolicySchema.safeParse({ rules: [{}] }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ rules: [{ keepLatest: 1, keepDays: 1 }] }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ rules: [], schedule: 'hourly' }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ rules: [{ keepLatest: 1, tags: 'a b' }] }).success).toBe(false);
    const braces = '{a,b}'.repeat(7); // 128 alternatives
    expect(retentionPolicySchema.safeParse({ rules: [{ keepLatest: 1, tags: braces }] }).success).toBe(false);
    const started = performance.now();
    const huge = '{a,b,c,d}'.repeat(28); // 4^28 alternatives: refused without expanding them
    expect(retentionPolicySchema.safeParse({ rules: [{ keepLatest: 1, tags: huge }] }).success).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
