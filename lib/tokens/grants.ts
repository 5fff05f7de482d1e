// Grant computation (design.md token endpoint, step 3): the intersection of the requested
// scopes with what the permission table allows. A denied scope is never an error, only
// missing from the token (distribution docs/spec/auth/jwt.md), plus a reason for the logs.
// Pure: the route loads every project the scopes name, with the caller's principal in each,
// in one query beforehand (projectNamesOf gives the names) and passes them in as a Map.
import { quotaReachedMessage } from '@/lib/format';
import { can, isOverQuota, type Principal, type ProjectAction, type ProjectRef } from '@/lib/permissions';
import type { AccessEntry } from '@/lib/tokens/jwt';
import type { ResourceScope } from '@/lib/tokens/scope';

/** What the grant rules need to know about one project for the caller (quota included). */
export type ProjectGrantInfo = ProjectRef & { principal: Principal };

export type GrantInput = {
  scopes: readonly ResourceScope[];
  /** System administrator: the catalog, and (through their principal) every existing project. */
  isAdmin: boolean;
  /** Keyed by project name (the first path segment); a project missing here does not exist. */
  projects: ReadonlyMap<string, ProjectGrantInfo>;
};

/**
 * One requested action that is not in the token, and why (for debug logs and the UI);
 * `quota` marks a push refused only because the project is at or over its storage quota.
 */
export type Denial = { scope: string; action: string; reason: string; quota?: true };

export type GrantResult = { access: AccessEntry[]; denials: Denial[] };

/** Repository actions the registry checks, mapped 1:1 to the permission table's actions. */
const REPOSITORY_ACTIONS = ['pull', 'push', 'delete'] as const satisfies readonly ProjectAction[];
type RepositoryAction = (typeof REPOSITORY_ACTIONS)[number];
const isRepositoryAction = (a: string): a is RepositoryAction =>
  (REPOSITORY_ACTIONS as readonly string[]).includes(a);

/** The project of a repository: its first path segment (design.md data model). */
export const projectOf = (repository: string): string => repository.split('/')[0]!;

/**
 * Whether a repository name is inside a project (`<project>/<name>`). A bare `<project>` is
 * never granted push: Wharf shows and deletes only repositories inside projects, so it would
 * be an image nobody could see or delete in Wharf.
 */
export const isInProject = (repository: string): boolean => repository.includes('/');

/** The distinct projects a request's repository scopes name: what the route loads in one query. */
export function projectNamesOf(scopes: readonly ResourceScope[]): string[] {
  return [...new Set(scopes.filter((s) => s.type === 'repository').map((s) => projectOf(s.name)))];
}

const label = (s: ResourceScope) => `${s.type}${s.class ? `(${s.class})` : ''}:${s.name}`;

/** Why `principal` may not do `action` in `project`; worded for someone fixing their access. */
function reasonFor(action: RepositoryAction, repository: string, info: ProjectGrantInfo): string {
  const project = projectOf(repository);
  const p = info.principal;
  if (action === 'push' && isOverQuota(info))
    return `project ${project}: ${quotaReachedMessage(info.usedBytes ?? 0, info.quotaBytes!)}; delete images to push again`;
  const hasAnyAccess = REPOSITORY_ACTIONS.some((a) => can(p, a, info));
  if (action === 'push' && !isInProject(repository) && can(p, 'push', info))
    return `images go inside a project: push to ${project}/<name>, not to ${project} itself`;
  if (p.kind === 'anonymous')
    return hasAnyAccess
      ? `anonymous users may only pull from public project ${project}`
      : `project ${project} is private: log in`;
  if (p.kind === 'robot') return `the robot account is not granted ${action} in project ${project}`;
  if (!p.role)
    return hasAnyAccess
      ? `not a member of project ${project} (non-members may only pull from public projects)`
      : `not a member of private project ${project}`;
  return `role ${p.role} in project ${project} does not allow ${action}`;
}

function grantRegistry(scope: ResourceScope, isAdmin: boolean, denials: Denial[]): AccessEntry | null {
  const deny = (action: string, reason: string) => denials.push({ scope: label(scope), action, reason });
  if (scope.name !== 'catalog') {
    scope.actions.forEach((a) => deny(a, `unknown registry resource ${scope.name}`));
    return null;
  }
  // The registry asks for the literal `*` on the catalog; any other action is meaningless.
  for (const a of scope.actions) {
    if (a !== '*') deny(a, `unknown action ${a} on the catalog (only * exists)`);
    else if (!isAdmin) deny(a, 'only system administrators may list the catalog');
  }
  return isAdmin && scope.actions.includes('*')
    ? { type: 'registry', name: 'catalog', actions: ['*'] }
    : null;
}

function grantRepository(
  scope: ResourceScope,
  projects: ReadonlyMap<string, ProjectGrantInfo>,
  denials: Denial[],
): AccessEntry | null {
  const projectName = projectOf(scope.name);
  const info = projects.get(projectName);
  const deny = (action: string, reason: string) =>
    denials.push({
      scope: label(scope),
      action,
      reason,
      ...(action === 'push' && info && isOverQuota(info) ? { quota: true as const } : {}),
    });
  if (!info) {
    // Even for administrators: pushing must not create projects implicitly.
    scope.actions.forEach((a) => deny(a, `project ${projectName} does not exist`));
    return null;
  }
  const allowed = REPOSITORY_ACTIONS.filter(
    (a) => can(info.principal, a, info) && (a !== 'push' || isInProject(scope.name)),
  );
  const granted = new Set<string>();
  for (const action of scope.actions) {
    if (action === '*') {
      // `*` grants everything in a token, so only whoever holds every action gets it;
      // anyone else gets the concrete actions they hold (the rest are logged as denied).
      if (allowed.length === REPOSITORY_ACTIONS.length) granted.add('*');
      else {
        allowed.forEach((a) => granted.add(a));
        REPOSITORY_ACTIONS.filter((a) => !allowed.includes(a)).forEach((a) =>
          deny(a, `${reasonFor(a, scope.name, info)} (requested as *)`),
        );
      }
    } else if (!isRepositoryAction(action)) {
      deny(action, `unknown action ${action}`);
    } else if (allowed.includes(action)) {
      granted.add(action);
    } else {
      deny(action, reasonFor(action, scope.name, info));
    }
  }
  if (granted.size === 0) return null;
  return {
    type: 'repository',
    ...(scope.class ? { class: scope.class } : {}),
    name: scope.name,
    // `*` already covers the concrete actions; listing both would only lengthen the token.
    actions: granted.has('*') ? ['*'] : [...granted],
  };
}

/** The access list for a token, and a reason for every requested action left out. */
export function computeGrants({ scopes, isAdmin, projects }: GrantInput): GrantResult {
  const access: AccessEntry[] = [];
  const denials: Denial[] = [];
  for (const scope of scopes) {
    let entry: AccessEntry | null = null;
    if (scope.type === 'registry') entry = grantRegistry(scope, isAdmin, denials);
    else if (scope.type === 'repository') entry = grantRepository(scope, projects, denials);
    else
      scope.actions.forEach((a) =>
        denials.push({ scope: label(scope), action: a, reason: `unknown resource type ${scope.type}` }),
      );
    if (entry) access.push(entry);
  }
  return { access, denials };
}
