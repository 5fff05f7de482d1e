import { describe, expect, it } from 'vitest';
import type { Principal, ProjectRole } from '@/lib/permissions';
import { computeGrants, type ProjectGrantInfo } from '@/lib/tokens/grants';
import { parseScopes } from '@/lib/tokens/scope';

const user = (role: ProjectRole | null, isAdmin = false): Principal => ({ kind: 'user', isAdmin, role });
const project = (principal: Principal, isPublic = false): ProjectGrantInfo => ({ isPublic, principal });

function grant(scope: string, info: ProjectGrantInfo | null, isAdmin = false) {
  const projects = new Map(info ? [['team', info]] : []);
  return computeGrants({ scopes: parseScopes([scope]), isAdmin, projects });
}

describe('computeGrants', () => {
  it('grants push to developers and above, never to guests', () => {
    for (const role of ['developer', 'maintainer', 'projectAdmin'] as const) {
      expect(grant('repository:team/app:pull,push', project(user(role))).access).toEqual([
        { type: 'repository', name: 'team/app', actions: ['pull', 'push'] },
      ]);
    }
    const guest = grant('repository:team/app:pull,push', project(user('guest')));
    expect(guest.access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    expect(guest.denials).toEqual([
      { scope: 'repository:team/app', action: 'push', reason: 'no push permission in project team' },
    ]);
  });

  it('grants delete to maintainers, not developers', () => {
    expect(grant('repository:team/app:delete', project(user('maintainer'))).access[0]!.actions).toEqual([
      'delete',
    ]);
    expect(grant('repository:team/app:delete', project(user('developer'))).access).toEqual([]);
  });

  it('lets anyone pull public projects and nothing more; private ones give nothing', () => {
    const anon: Principal = { kind: 'anonymous' };
    expect(grant('repository:team/app:pull,push', project(anon, true)).access).toEqual([
      { type: 'repository', name: 'team/app', actions: ['pull'] },
    ]);
    expect(grant('repository:team/app:pull', project(anon, false)).access).toEqual([]);
    expect(grant('repository:team/app:pull', project(user(null), false)).access).toEqual([]);
  });

  it('turns * into the concrete actions, or * for whoever holds all', () => {
    expect(grant('repository:team/app:*', project(user('developer'))).access[0]!.actions).toEqual([
      'pull',
      'push',
    ]);
    expect(grant('repository:team/app:*', project(user('projectAdmin'))).access[0]!.actions).toEqual(['*']);
    expect(grant('repository:team/app:*', project(user(null, true)), true).access[0]!.actions).toEqual(['*']);
  });

  it('grants nothing in unknown projects, even to admins', () => {
    const r = grant('repository:nowhere/app:pull', null, true);
    expect(r.access).toEqual([]);
    expect(r.denials[0]!.reason).toBe('project nowhere does not exist');
  });

  it('gives the catalog to system administrators only', () => {
    expect(grant('registry:catalog:*', null, true).access).toEqual([
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
    expect(grant('registry:catalog:*', null, false).access).toEqual([]);
  });

  it('keeps the class of plugin scopes and drops unknown actions', () => {
    const r = grant('repository(plugin):team/plug:pull,fly', project(user('developer')));
    expect(r.access).toEqual([{ type: 'repository', class: 'plugin', name: 'team/plug', actions: ['pull'] }]);
    expect(r.denials[0]).toMatchObject({ action: 'fly', reason: 'unknown action fly' });
  });

  it('robots get their granted actions only', () => {
    const robot: Principal = { kind: 'robot', actions: ['pull'] };
    expect(grant('repository:team/app:pull,push', project(robot)).access[0]!.actions).toEqual(['pull']);
  });
});
