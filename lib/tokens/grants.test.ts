import { describe, expect, it } from 'vitest';
import type { Principal, ProjectRole } from '@/lib/permissions';
import { computeGrants, projectNamesOf, projectOf, type ProjectGrantInfo } from '@/lib/tokens/grants';
import { parseScopes } from '@/lib/tokens/scope';

const user = (role: ProjectRole | null, isAdmin = false): Principal => ({ kind: 'user', isAdmin, role });
const anonymous: Principal = { kind: 'anonymous' };
const info = (principal: Principal, isPublic = false): ProjectGrantInfo => ({ isPublic, principal });

/** Grants for one request against a single project named `team`. */
function grant(scope: string, project: ProjectGrantInfo | null, isAdmin = false) {
  const projects = new Map(project ? [['team', project]] : []);
  return computeGrants({ scopes: parseScopes([scope]), isAdmin, projects });
}
const actionsFor = (scope: string, project: ProjectGrantInfo | null, isAdmin = false) =>
  grant(scope, project, isAdmin).access[0]?.actions ?? [];

describe('computeGrants: repository scopes', () => {
  // The design's role table, written out rather than derived from lib/permissions.
  const table: [ProjectRole, string[]][] = [
    ['guest', ['pull']],
    ['developer', ['pull', 'push']],
    ['maintainer', ['pull', 'push', 'delete']],
    ['projectAdmin', ['pull', 'push', 'delete']],
  ];

  it.each(table)('gives a %s exactly the role’s actions of pull,push,delete', (role, expected) => {
    expect(actionsFor('repository:team/app:pull,push,delete', info(user(role)))).toEqual(expected);
  });

  it('never grants push to a repository named like its project (no <project>/ path)', () => {
    const r = grant('repository:team:pull,push,delete', info(user('maintainer')));
    expect(r.access).toEqual([{ type: 'repository', name: 'team', actions: ['pull', 'delete'] }]);
    expect(r.denials).toMatchObject([
      {
        scope: 'repository:team',
        action: 'push',
        reason: 'images go inside a project: push to team/<name>, not to team itself',
      },
    ]);
    expect(actionsFor('repository:team:*', info(user(null, true)), true)).toEqual(['pull', 'delete']);
    expect(actionsFor('repository:team/app:*', info(user(null, true)), true)).toEqual(['*']);
  });

  it('grants no push in a project at or over its quota (admins included), with the reason', () => {
    const GB = 1024 ** 3;
    const full: ProjectGrantInfo = {
      isPublic: false,
      quotaBytes: 4 * GB,
      usedBytes: 3.9 * GB + 0.1 * GB,
      principal: user(null, true),
    };
    const r = grant('repository:team/app:pull,push,delete', full, true);
    expect(r.access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull', 'delete'] }]);
    expect(r.denials).toEqual([
      {
        scope: 'repository:team/app',
        action: 'push',
        reason: 'project team: quota reached: 4 GB of 4 GB; delete images to push again',
        code: 'quota',
        reasons: ['project team: quota reached: 4 GB of 4 GB; delete images to push again'],
      },
    ]);
    expect(actionsFor('repository:team/app:*', full, true)).toEqual(['pull', 'delete']);
    expect(actionsFor('repository:team/app:push', { ...full, usedBytes: 4 * GB - 1 }, true)).toEqual([
      'push',
    ]);
  });

  it('returns the intersection with a reason for each denied action, never an error', () => {
    const r = grant('repository:team/app:pull,push,delete', info(user('guest')));
    expect(r.access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    expect(r.denials).toMatchObject([
      {
        scope: 'repository:team/app',
        action: 'push',
        reason: 'role guest in project team does not allow push',
      },
      {
        scope: 'repository:team/app',
        action: 'delete',
        reason: 'role guest in project team does not allow delete',
      },
    ]);
  });

  it('lets anyone pull a public project and nothing more', () => {
    const anon = grant('repository:team/app:pull,push', info(anonymous, true));
    expect(anon.access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    expect(anon.denials[0]!.reason).toBe('anonymous users may only pull from public project team');
    const outsider = grant('repository:team/app:pull,push', info(user(null), true));
    expect(outsider.access[0]!.actions).toEqual(['pull']);
    expect(outsider.denials[0]!.reason).toMatch(/^not a member of project team/);
  });

  it('gives nothing in a private project to anonymous users and non-members', () => {
    const anon = grant('repository:team/app:pull', info(anonymous));
    expect(anon.access).toEqual([]);
    expect(anon.denials).toMatchObject([
      { scope: 'repository:team/app', action: 'pull', reason: 'project team is private: log in' },
    ]);
    const outsider = grant('repository:team/app:pull', info(user(null)));
    expect(outsider.access).toEqual([]);
    expect(outsider.denials[0]!.reason).toBe('not a member of private project team');
  });

  it('gives system administrators every action in existing projects', () => {
    expect(actionsFor('repository:team/app:pull,push,delete', info(user(null, true)), true)).toEqual([
      'pull',
      'push',
      'delete',
    ]);
  });

  it('gives robots the actions granted to them only', () => {
    const robot: Principal = { kind: 'robot', actions: ['pull', 'push'] };
    const r = grant('repository:team/app:pull,push,delete', info(robot));
    expect(r.access[0]!.actions).toEqual(['pull', 'push']);
    expect(r.denials[0]!.reason).toBe(
      'the robot account is not granted delete in project team (it has: pull, push)',
    );
  });

  it('grants nothing in unknown projects, even to administrators', () => {
    const r = grant('repository:nowhere/app:pull,push', null, true);
    expect(r.access).toEqual([]);
    expect(r.denials.map((d) => [d.action, d.reason])).toEqual([
      ['pull', 'project nowhere does not exist'],
      ['push', 'project nowhere does not exist'],
    ]);
  });

  it('uses the first path segment as the project, for nested names too', () => {
    expect(actionsFor('repository:team/group/deep/app:pull', info(user('guest')))).toEqual(['pull']);
    expect(grant('repository:teamx/app:pull', info(user('projectAdmin'))).access).toEqual([]);
  });

  it('turns * into the concrete actions held, or * only for whoever holds them all', () => {
    expect(actionsFor('repository:team/app:*', info(user('guest')))).toEqual(['pull']);
    expect(actionsFor('repository:team/app:*', info(user('developer')))).toEqual(['pull', 'push']);
    expect(actionsFor('repository:team/app:*', info(user('maintainer')))).toEqual(['*']);
    expect(actionsFor('repository:team/app:*', info(user(null, true)), true)).toEqual(['*']);
    expect(actionsFor('repository:team/app:pull,*', info(user('projectAdmin')))).toEqual(['*']);
    expect(actionsFor('repository:team/app:*', info(anonymous))).toEqual([]);
  });

  it('reports what * could not include', () => {
    const r = grant('repository:team/app:*', info(user('developer')));
    expect(r.denials).toMatchObject([
      {
        scope: 'repository:team/app',
        action: 'delete',
        reason: 'role developer in project team does not allow delete (requested as *)',
      },
    ]);
  });

  it('keeps the class of plugin scopes and drops unknown actions', () => {
    const r = grant('repository(plugin):team/plug:pull,fly', info(user('developer')));
    expect(r.access).toEqual([{ type: 'repository', class: 'plugin', name: 'team/plug', actions: ['pull'] }]);
    expect(r.denials).toMatchObject([
      { scope: 'repository(plugin):team/plug', action: 'fly', reason: 'unknown action fly' },
    ]);
  });

  it('handles several scopes of different projects in one request', () => {
    const projects = new Map<string, ProjectGrantInfo>([
      ['lab', info(user('developer'))],
      ['base', info(anonymous, true)],
    ]);
    const scopes = parseScopes([
      'repository:lab/app:pull,push',
      'repository:base/alpine:pull',
      'repository:secret/x:pull',
    ]);
    expect(computeGrants({ scopes, isAdmin: false, projects }).access).toEqual([
      { type: 'repository', name: 'lab/app', actions: ['pull', 'push'] },
      { type: 'repository', name: 'base/alpine', actions: ['pull'] },
    ]);
  });
});

describe('computeGrants: other resources', () => {
  it('gives the catalog to system administrators only', () => {
    expect(grant('registry:catalog:*', null, true).access).toEqual([
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
    const denied = grant('registry:catalog:*', info(user('projectAdmin')), false);
    expect(denied.access).toEqual([]);
    expect(denied.denials[0]!.reason).toBe('only system administrators may list the catalog');
  });

  it('grants no other registry resource or catalog action', () => {
    expect(grant('registry:catalog:pull', null, true).access).toEqual([]);
    expect(grant('registry:other:*', null, true).access).toEqual([]);
    expect(grant('registry:other:*', null, true).denials[0]!.reason).toBe('unknown registry resource other');
  });

  it('grants nothing for unknown resource types', () => {
    const r = grant('namespace:team:pull', info(user(null, true)), true);
    expect(r.access).toEqual([]);
    expect(r.denials).toMatchObject([
      { scope: 'namespace:team', action: 'pull', reason: 'unknown resource type namespace' },
    ]);
  });

  it('returns an empty grant for a login request without scopes', () => {
    expect(computeGrants({ scopes: [], isAdmin: true, projects: new Map() })).toEqual({
      access: [],
      denials: [],
    });
  });
});

describe('projectNamesOf', () => {
  it('lists each repository scope’s project once, ignoring other resources', () => {
    const scopes = parseScopes([
      'repository:lab/a:pull repository:lab/b:push repository:base/c:pull registry:catalog:*',
    ]);
    expect(projectNamesOf(scopes)).toEqual(['lab', 'base']);
    expect(projectOf('lab/a/b')).toBe('lab');
  });
});

describe('computeGrants: network rules', () => {
  const maintainer: Principal = { kind: 'user', isAdmin: false, role: 'maintainer' };
  const restricted = { ...info(maintainer), name: 'team', pushCidrs: ['10.0.0.0/8'] };
  const scopes = parseScopes(['repository:team/app:pull,push,delete']);
  const at = (ip: string, project: ProjectGrantInfo) =>
    computeGrants({ scopes, isAdmin: false, projects: new Map([['team', project]]), ip });

  it('push and delete only from the push networks; the denial says why, with its code', () => {
    expect(at('10.9.8.7', restricted).access[0]!.actions).toEqual(['pull', 'push', 'delete']);
    const outside = at('127.0.0.1', restricted);
    expect(outside.access[0]!.actions).toEqual(['pull']);
    expect(outside.denials).toMatchObject([
      { action: 'push', code: 'push_network' },
      { action: 'delete', code: 'push_network' },
    ]);
    expect(outside.denials[0]!.reason).toBe(
      'project team allows push and delete only from 10.0.0.0/8; the client address 127.0.0.1 is not in them',
    );
  });

  it('anonymous clients in the anonymous-pull networks get pull of a private project', () => {
    const project = { ...info({ kind: 'anonymous' }), anonymousPullCidrs: ['127.0.0.0/8'] };
    expect(at('127.0.0.1', project).access[0]!.actions).toEqual(['pull']);
    expect(at('192.168.1.1', project).access).toEqual([]);
  });
});
