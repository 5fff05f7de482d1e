import { describe, expect, it } from 'vitest';
import { formatScope, isValidRepositoryName, parseScopes, ScopeError } from '@/lib/tokens/scope';

describe('parseScopes', () => {
  it('parses names with slashes, hosts with ports and several actions', () => {
    expect(parseScopes(['repository:team-a/app/api:pull,push'])).toEqual([
      { type: 'repository', name: 'team-a/app/api', actions: ['pull', 'push'] },
    ]);
    expect(parseScopes(['repository:localhost:5000/foo/bar:pull'])).toEqual([
      { type: 'repository', name: 'localhost:5000/foo/bar', actions: ['pull'] },
    ]);
    expect(parseScopes(['registry:catalog:*'])).toEqual([
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  });

  it('splits the class of repository(plugin)', () => {
    expect(parseScopes(['repository(plugin):vieux/sshfs:pull'])).toEqual([
      { type: 'repository', class: 'plugin', name: 'vieux/sshfs', actions: ['pull'] },
    ]);
  });

  it('takes repeated params and space-separated lists, merging duplicates', () => {
    const scopes = parseScopes([
      'repository:a/b:pull repository:c/d:pull',
      'repository:a/b:pull,push',
      'repository:a/b:push',
    ]);
    expect(scopes.map(formatScope)).toEqual(['repository:a/b:pull,push', 'repository:c/d:pull']);
  });

  it('rejects bad grammar with a ScopeError', () => {
    for (const bad of [
      'repository',
      'repository:a/b',
      ':a/b:pull',
      'repository::pull',
      'repo sitory:a:pull',
      'repository:a/b:pu$h',
      'repository:A/B:pull',
      'repository:a//b:pull',
      'repository:../etc:pull',
      `repository:${'a'.repeat(256)}:pull`,
      'Repository:a:pull',
    ]) {
      expect(() => parseScopes([bad]), bad).toThrow(ScopeError);
    }
  });

  it('caps the number of scopes', () => {
    const many = Array.from({ length: 51 }, (_, i) => `repository:p/r${i}:pull`).join(' ');
    expect(() => parseScopes([many])).toThrow(/too many scopes/);
  });

  it('accepts empty input and empty action lists', () => {
    expect(parseScopes([])).toEqual([]);
    expect(parseScopes(['repository:a/b:'])).toEqual([{ type: 'repository', name: 'a/b', actions: [] }]);
  });
});

describe('isValidRepositoryName', () => {
  it('follows the distribution reference grammar', () => {
    for (const ok of ['a', 'a/b', 'a-b/c_d', 'a__b', 'a.b/c', 'a--b', 'registry.example.com:443/team/app'])
      expect(isValidRepositoryName(ok), ok).toBe(true);
    for (const bad of ['', 'A', 'a/', '/a', 'a//b', '-a', 'a-', 'a..b', 'a___b', 'a b'])
      expect(isValidRepositoryName(bad), bad).toBe(false);
  });
});
