// Grant computation: the intersection of the requested scopes with what the permission
// table allows (design.md token endpoint, step 3). Pure: the caller loads every project
// the scopes name, with the caller's role, in one query beforehand.
import { can, type Principal, type ProjectAction } from '@/lib/permissions';
import type { AccessEntry } from '@/lib/tokens/jwt';
import type { ResourceScope } from '@/lib/tokens/scope';

export type ProjectGrantInfo = { isPublic: boolean; principal: Principal };

export type GrantInput = {
  scopes: readonly ResourceScope[];
  isAdmin: boolean;
  /** Each project named by a repository scope (first path segment); absent = unknown project. */
  projects: ReadonlyMap<string, ProjectGrantInfo>;
};

export type Denial = { scope: string; action: string; reason: string };

const REPOSITORY_ACTIONS: readonly ProjectAction[] = ['pull', 'push', 'delete'];

export const projectOf = (repository: string) => repository.split('/')[0]!;

export function computeGrants({ scopes, isAdmin, projects }: GrantInput): {
  access: AccessEntry[];
  denials: Denial[];
} {
  const access: AccessEntry[] = [];
  const denials: Denial[] = [];
  for (const scope of scopes) {
    const label = `${scope.type}:${scope.name}`;
    if (scope.type === 'registry') {
      if (scope.name === 'catalog' && scope.actions.includes('*') && isAdmin)
        access.push({ type: 'registry', name: 'catalog', actions: ['*'] });
      else
        denials.push({
          scope: label,
          action: scope.actions.join(','),
          reason: isAdmin ? 'unknown registry resource' : 'only system administrators may list the catalog',
        });
      continue;
    }
    if (scope.type !== 'repository') {
      denials.push({
        scope: label,
        action: scope.actions.join(','),
        reason: `unknown resource type ${scope.type}`,
      });
      continue;
    }
    const project = projects.get(projectOf(scope.name));
    if (!project) {
      denials.push({
        scope: label,
        action: scope.actions.join(','),
        reason: `project ${projectOf(scope.name)} does not exist`,
      });
      continue;
    }
    const allowed = REPOSITORY_ACTIONS.filter((a) => can(project.principal, a, project));
    const granted = new Set<string>();
    for (const action of scope.actions) {
      if (action === '*') {
        // `*` only for whoever holds every action; otherwise the concrete ones they hold.
        if (allowed.length === REPOSITORY_ACTIONS.length) granted.add('*');
        else allowed.forEach((a) => granted.add(a));
      } else if ((allowed as readonly string[]).includes(action)) {
        granted.add(action);
      } else {
        denials.push({
          scope: label,
          action,
          reason: (REPOSITORY_ACTIONS as readonly string[]).includes(action)
            ? `no ${action} permission in project ${projectOf(scope.name)}`
            : `unknown action ${action}`,
        });
      }
    }
    if (granted.size)
      access.push({
        type: 'repository',
        ...(scope.class ? { class: scope.class } : {}),
        name: scope.name,
        actions: [...granted],
      });
  }
  return { access, denials };
}
