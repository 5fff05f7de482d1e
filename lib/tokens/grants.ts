// Grant computation (docs/architecture.md, the token endpoint): the intersection of the requested
// scopes with what the permission table allows. A denied scope is never an error, only
// missing from the token (distribution docs/spec/auth/jwt.md), plus a reason for the logs.
// Pure: the route loads every project the scopes name, with the caller's principal in each,
// in one query beforehand (projectNamesOf gives the names) and passes them in as a Map.
import {
  decide,
  type Decision,
  type Principal,
  type ProjectAction,
  type ProjectRef,
} from '@/lib/permissions';
import type { AccessEntry } from '@/lib/tokens/jwt';
import type { ResourceScope } from '@/lib/tokens/scope';

/** What the grant rules need to know about one project for the caller. */
export type ProjectGrantInfo = ProjectRef & { principal: Principal };

export type GrantInput = {
  scopes: readonly ResourceScope[];
  /** System administrator: the catalog, and (through their principal) every existing project. */
  isAdmin: boolean;
  /** Keyed by project name (the first path segment); a project missing here does not exist. */
  projects: ReadonlyMap<string, ProjectGrantInfo>;
  /** The client's address, for the projects' network rules. */
  ip?: string | null;
};

/**
 * One requested action that is not in the token: why (the deciding reason), a stable code
 * (metrics) and the whole chain of reasons (logs, explanations).
 */
export type Denial = { scope: string; action: string; reason: string; code: string; reasons: string[] };

export type GrantResult = { access: AccessEntry[]; denials: Denial[] };

/** Repository actions the registry checks, mapped 1:1 to the permission table's actions. */
const REPOSITORY_ACTIONS = ['pull', 'push', 'delete'] as const satisfies readonly ProjectAction[];
export type RepositoryAction = (typeof REPOSITORY_ACTIONS)[number];
const isRepositoryAction = (a: string): a is RepositoryAction =>
  (REPOSITORY_ACTIONS as readonly string[]).includes(a);

/** The project of a repository: its first path segment (docs/architecture.md). */
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

/** The decision for one repository action: the permission table, plus "images go inside a project". */
export function decideRepositoryAction(
  action: RepositoryAction,
  repository: string,
  info: ProjectGrantInfo,
  ip?: string | null,
): Decision {
  const project = { ...info, name: info.name ?? projectOf(repository) };
  const decision = decide(info.principal, action, project, { ip });
  if (decision.allowed && action === 'push' && !isInProject(repository))
    return {
      allowed: false,
      code: 'not_in_project',
      reasons: [
        ...decision.reasons,
        `images go inside a project: push to ${project.name}/<name>, not to ${project.name} itself`,
      ],
    };
  return decision;
}

const denial = (scope: ResourceScope, action: string, code: string, reasons: string[]): Denial => ({
  scope: label(scope),
  action,
  reason: reasons[reasons.length - 1]!,
  code,
  reasons,
});

function grantRegistry(scope: ResourceScope, isAdmin: boolean, denials: Denial[]): AccessEntry | null {
  const deny = (action: string, code: string, reason: string) =>
    denials.push(denial(scope, action, code, [reason]));
  if (scope.name !== 'catalog') {
    scope.actions.forEach((a) => deny(a, 'unknown', `unknown registry resource ${scope.name}`));
    return null;
  }
  // The registry asks for the literal `*` on the catalog; any other action is meaningless.
  for (const a of scope.actions) {
    if (a !== '*') deny(a, 'unknown', `unknown action ${a} on the catalog (only * exists)`);
    else if (!isAdmin) deny(a, 'catalog', 'only system administrators may list the catalog');
  }
  return isAdmin && scope.actions.includes('*')
    ? { type: 'registry', name: 'catalog', actions: ['*'] }
    : null;
}

function grantRepository(
  scope: ResourceScope,
  projects: ReadonlyMap<string, ProjectGrantInfo>,
  ip: string | null | undefined,
  denials: Denial[],
): AccessEntry | null {
  const projectName = projectOf(scope.name);
  const info = projects.get(projectName);
  if (!info) {
    // Even for administrators: pushing must not create projects implicitly.
    scope.actions.forEach((a) =>
      denials.push(denial(scope, a, 'no_project', [`project ${projectName} does not exist`])),
    );
    return null;
  }
  const decisions = new Map(
    REPOSITORY_ACTIONS.map((a) => [a, decideRepositoryAction(a, scope.name, info, ip)] as const),
  );
  const allowed = REPOSITORY_ACTIONS.filter((a) => decisions.get(a)!.allowed);
  const denyAction = (a: RepositoryAction, suffix = '') => {
    const d = decisions.get(a)!;
    const reasons = [...d.reasons];
    reasons[reasons.length - 1] += suffix;
    denials.push(denial(scope, a, d.code ?? 'denied', reasons));
  };
  const granted = new Set<string>();
  for (const action of scope.actions) {
    if (action === '*') {
      // `*` grants everything in a token, so only whoever holds every action gets it;
      // anyone else gets the concrete actions they hold (the rest are logged as denied).
      if (allowed.length === REPOSITORY_ACTIONS.length) granted.add('*');
      else {
        allowed.forEach((a) => granted.add(a));
        REPOSITORY_ACTIONS.filter((a) => !allowed.includes(a)).forEach((a) =>
          denyAction(a, ' (requested as *)'),
        );
      }
    } else if (!isRepositoryAction(action)) {
      denials.push(denial(scope, action, 'unknown', [`unknown action ${action}`]));
    } else if (allowed.includes(action)) {
      granted.add(action);
    } else {
      denyAction(action);
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
export function computeGrants({ scopes, isAdmin, projects, ip }: GrantInput): GrantResult {
  const access: AccessEntry[] = [];
  const denials: Denial[] = [];
  for (const scope of scopes) {
    let entry: AccessEntry | null = null;
    if (scope.type === 'registry') entry = grantRegistry(scope, isAdmin, denials);
    else if (scope.type === 'repository') entry = grantRepository(scope, projects, ip, denials);
    else
      scope.actions.forEach((a) =>
        denials.push(denial(scope, a, 'unknown', [`unknown resource type ${scope.type}`])),
      );
    if (entry) access.push(entry);
  }
  return { access, denials };
}
