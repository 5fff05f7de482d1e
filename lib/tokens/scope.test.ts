import { describe, expect, it } from 'vitest';
import { formatScope, isValidRepositoryName, MAX_SCOPES, parseScopes, ScopeError } from '@/lib/tokens/scope';

describe('parseScopes', () => {
  it('parses names with slashes, dots, dashes and underscores', () => {
    expect(parseScopes(['repository:team-a/app.x/api_v2:pull,push'])).toEqual([
      { type: 'repository', name: 'team-a/app.x/api_v2', actions: ['pull', 'push'] },
    ]);
  });

  it('splits the type at the first colon and the actions at the last, so hosts with ports survive', () => {
    expect(parseScopes(['repository:localhost:5000/foo/bar:pull'])).toEqual([
      { type: 'repository', name: 'localhost:5000/foo/bar', actions: ['pull'] },
    ]);
    expect(parseScopes(['repository:registry.example.com:443/team/app:push'])).toEqual([
      { type: 'repository', name: 'registry.example.com:443/team/app', actions: ['push'] },
    ]);
  });

  it('parses the catalog scope with the literal * action', () => {
    expect(parseScopes(['registry:catalog:*'])).toEqual([
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  });

  it('splits the class of repository(plugin) into its own field', () => {
    expect(parseScopes(['repository(plugin):vieux/sshfs:pull'])).toEqual([
      { type: 'repository', class: 'plugin', name: 'vieux/sshfs', actions: ['pull'] },
    ]);
  });

  it('takes repeated params and space-separated lists, merging actions per resource', () => {
    const scopes = parseScopes([
      'repository:a/b:pull  repository:c/d:pull ',
      'repository:a/b:pull,push',
      'repository:a/b:delete,push',
    ]);
    expect(scopes).toEqual([
      { type: 'repository', name: 'a/b', actions: ['pull', 'push', 'delete'] },
      { type: 'repository', name: 'c/d', actions: ['pull'] },
    ]);
  });

  it('keeps a plugin scope apart from the image scope of the same name', () => {
    const scopes = parseScopes(['repository:a/b:pull repository(plugin):a/b:push']);
    expect(scopes.map(formatScope)).toEqual(['repository:a/b:pull', 'repository(plugin):a/b:push']);
  });

  it('drops repeated actions inside one scope', () => {
    expect(parseScopes(['repository:a/b:pull,pull,push'])[0]!.actions).toEqual(['pull', 'push']);
  });

  it('accepts no scopes, blank values and empty action lists', () => {
    expect(parseScopes([])).toEqual([]);
    expect(parseScopes(['', '  '])).toEqual([]);
    expect(parseScopes(['repository:a/b:'])).toEqual([{ type: 'repository', name: 'a/b', actions: [] }]);
  });

  it('rejects bad grammar with a ScopeError that maps to invalid_request', () => {
    for (const bad of [
      'repository',
      'repository:a/b',
      ':a/b:pull',
      'repository::pull',
      'repo\tsitory:a:pull',
      'Repository:a:pull',
      'repository(Plugin):a:pull',
      'repository():a:pull',
      'repository:a/b:pu$h',
      'repository:a/b:PULL',
      'repository:A/B:pull',
      'repository:a//b:pull',
      'repository:../etc:pull',
      'repository:a/b/:pull',
      `repository:${'a'.repeat(256)}:pull`,
    ]) {
      let caught: unknown;
      try {
        parseScopes([bad]);
      } catch (err) {
        caught = err;
      }
      expect(caught, bad).toBeInstanceOf(ScopeError);
      expect((caught as ScopeError).oauthError).toBe('invalid_request');
    }
  });

  it('rejects a whole request when any one scope is malformed', () => {
    expect(() => parseScopes(['repository:a/b:pull', 'repository:a b:pull'])).toThrow(ScopeError);
  });

  it('clips client input echoed in the error message', () => {
    expect(() => parseScopes([`repository:${'X'.repeat(500)}:pull`])).toThrow(
      /^invalid repository name "X{100}…"$/,
    );
  });

  it('caps the number of distinct resources but not merged duplicates', () => {
    const distinct = (n: number) => Array.from({ length: n }, (_, i) => `repository:p/r${i}:pull`).join(' ');
    expect(parseScopes([distinct(MAX_SCOPES)])).toHaveLength(MAX_SCOPES);
    expect(() => parseScopes([distinct(MAX_SCOPES + 1)])).toThrow(/too many scopes/);
    const repeated = Array.from({ length: MAX_SCOPES * 2 }, () => 'repository:p/r:pull');
    expect(parseScopes(repeated)).toHaveLength(1);
  });
});

describe('formatScope', () => {
  it('round-trips through parseScopes', () => {
    for (const s of [
      'repository(plugin):a/b:pull,push',
      'registry:catalog:*',
      'repository:localhost:5000/x:pull',
    ])
      expect(formatScope(parseScopes([s])[0]!)).toBe(s);
  });
});

describe('isValidRepositoryName', () => {
  it('follows the distribution reference grammar', () => {
    for (const ok of [
      'a',
      'a/b',
      'a-b/c_d',
      'a__b',
      'a.b/c',
      'a--b',
      'a---b',
      'localhost:5000/foo',
      'registry.example.com:443/team/app',
      'Registry.Example.com/team/app', // the host part may be mixed case
      'x'.repeat(255),
    ])
      expect(isValidRepositoryName(ok), ok).toBe(true);
    for (const bad of [
      '',
      'A',
      'team/App',
      'a/',
      '/a',
      'a//b',
      '-a',
      'a-',
      '_a',
      'a..b',
      'a___b',
      'a._b',
      'a b',
      'a:5000', // a host without a path
      '-host.com/a',
      'x'.repeat(256),
    ])
      expect(isValidRepositoryName(bad), bad).toBe(false);
  });

  it('answers quickly on long almost-valid names (no catastrophic backtracking)', () => {
    const started = performance.now();
    for (const evil of ['a'.repeat(254) + '!', 'a-'.repeat(127) + '!', `${'a.'.repeat(126)}a/!`])
      expect(isValidRepositoryName(evil)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
