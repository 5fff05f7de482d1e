// "Why was I denied?": the token endpoint's decision for a subject, a docker scope and a client
// address, with the chain of reasons (GET /api/v1/access/explain). The same rules as the token
// endpoint: the permission table's `decide` (lib/permissions.ts) through the grant rules
// (lib/tokens/grants.ts), the robot's network rule and the catalog rule.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError, forbidden, notFound } from '@/lib/errors';
import { isAdmin, type Actor } from '@/lib/auth/actor';
import { matchCidr, parseIp } from '@/lib/net/cidr';
import { highestRole, type Principal, type ProjectRole, type RoleSource } from '@/lib/permissions';
import { ROBOT_NAME_PREFIX } from '@/lib/auth/credentials';
import { normalizeUsername } from '@/lib/users/username';
import {
  getProjectAccess,
  projectRefSelect,
  requireProjectAccess,
  toProjectRef,
  userMemberFilter,
  type ProjectRefRow,
} from '@/lib/projects/access';
import { textSchema } from '@/lib/schemas';
import {
  decideRepositoryAction,
  projectNamesOf,
  projectOf,
  type ProjectGrantInfo,
  type RepositoryAction,
} from '@/lib/tokens/grants';
import { parseScopes, ScopeError, type ResourceScope } from '@/lib/tokens/scope';

/** `subject=anonymous` explains access without credentials. */
export const ANONYMOUS_SUBJECT = 'anonymous';

export const explainQuerySchema = z.object({
  /** A username or a robot's full name; `anonymous`; left out: the caller. */
  subject: textSchema.trim().min(1).max(140).optional(),
  /** A docker scope, such as `repository:team/app:pull,push`. */
  scope: textSchema.trim().min(1, 'scope is required').max(2000),
  /** The client address to match network rules against; left out: the caller's. */
  ip: textSchema
    .trim()
    .max(64)
    .refine((v) => parseIp(v) !== null, 'ip must be an IPv4 or IPv6 address')
    .optional(),
  /** Explain for one of the subject's personal access tokens (by name) instead of their password. */
  token: textSchema.trim().min(1).max(64).optional(),
});
export type ExplainQuery = z.infer<typeof explainQuerySchema>;

export type ActionExplanation = {
  scope: string;
  action: string;
  granted: boolean;
  /** Why not, as a stable code (null when granted). */
  code: string | null;
  /** The chain of reasons, in order; the last one decides. */
  reasons: string[];
};

export type Explanation = {
  subject: { kind: 'user' | 'robot' | 'anonymous'; name: string | null; credential: string };
  ip: string;
  results: ActionExplanation[];
};

type UserSubject = {
  kind: 'user';
  id: number;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
  groups: string[];
  oidcGroups: string[];
  readOnly: boolean;
  credential: string;
  /** Why every action is refused before any project rule (disabled user, revoked token). */
  refused?: string;
};
type RobotSubject = {
  kind: 'robot';
  id: number;
  name: string;
  projectId: number | null;
  credential: string;
  refused?: string;
};
type Subject = UserSubject | RobotSubject | { kind: 'anonymous'; credential: string; refused?: undefined };

const REPOSITORY_ACTIONS: readonly RepositoryAction[] = ['pull', 'push', 'delete'];

const SIGN_IN_CREDENTIAL = {
  LOCAL: 'password',
  LDAP: 'directory (LDAP) password',
  OIDC: 'OpenID Connect sign-in',
};

function credentialOfActor(actor: Extract<Actor, { kind: 'user' }>): string {
  const c = actor.credential;
  if (c?.tokenName) return `personal access token ${c.tokenName}${c.readOnly ? ' (read-only)' : ''}`;
  return SIGN_IN_CREDENTIAL[actor.user.source];
}

async function userSubject(name: string, tokenName: string | undefined): Promise<UserSubject> {
  const username = normalizeUsername(name);
  const user = username
    ? await db.user.findUnique({
        where: { username },
        select: {
          id: true,
          username: true,
          isAdmin: true,
          disabledAt: true,
          source: true,
          ldapGroups: true,
          oidcGroups: true,
        },
      })
    : null;
  if (!user) throw notFound(`user "${name.slice(0, 64)}"`);
  const base = {
    kind: 'user' as const,
    id: user.id,
    name: user.username,
    isAdmin: user.isAdmin,
    disabled: !!user.disabledAt,
    groups: user.ldapGroups,
    oidcGroups: user.oidcGroups,
    readOnly: false,
    credential: SIGN_IN_CREDENTIAL[user.source],
  };
  const refusedIfDisabled = base.disabled ? { refused: `user ${user.username} is disabled` } : {};
  if (tokenName === undefined) return { ...base, ...refusedIfDisabled };
  const token = await db.personalToken.findFirst({
    where: { userId: user.id, name: tokenName },
    orderBy: { createdAt: 'desc' },
    select: { name: true, readOnly: true, revokedAt: true, expiresAt: true },
  });
  if (!token) throw notFound(`personal access token "${tokenName}" of ${user.username}`);
  const dead = token.revokedAt
    ? 'revoked'
    : token.expiresAt && token.expiresAt.getTime() <= Date.now()
      ? 'expired'
      : null;
  return {
    ...base,
    readOnly: token.readOnly,
    credential: `personal access token ${token.name}${token.readOnly ? ' (read-only)' : ''}`,
    ...refusedIfDisabled,
    ...(dead ? { refused: `the personal access token ${token.name} is ${dead}` } : {}),
  };
}

async function robotSubject(name: string, ip: string): Promise<RobotSubject> {
  const robot = await db.robot.findUnique({
    where: { name: name.toLowerCase() },
    select: { id: true, name: true, projectId: true, disabledAt: true, expiresAt: true, allowedCidrs: true },
  });
  if (!robot) throw notFound(`robot "${name.slice(0, 140)}"`);
  const refused = robot.disabledAt
    ? `the robot account ${robot.name} is disabled`
    : robot.expiresAt && robot.expiresAt.getTime() <= Date.now()
      ? `the robot account ${robot.name} has expired`
      : robot.allowedCidrs.length && !matchCidr(ip, robot.allowedCidrs)
        ? `robot account ${robot.name} may not be used from ${ip}: its allowed networks are ${robot.allowedCidrs.join(', ')}`
        : undefined;
  return {
    kind: 'robot',
    id: robot.id,
    name: robot.name,
    projectId: robot.projectId,
    credential: `robot account ${robot.name}`,
    ...(refused ? { refused } : {}),
  };
}

async function resolveSubject(actor: Actor, query: ExplainQuery, ip: string): Promise<Subject> {
  if (query.subject === ANONYMOUS_SUBJECT) return { kind: 'anonymous', credential: 'no credentials' };
  if (query.subject === undefined) {
    if (actor.kind === 'anonymous') return { kind: 'anonymous', credential: 'no credentials' };
    if (query.token === undefined)
      return {
        kind: 'user',
        id: actor.user.id,
        name: actor.user.username,
        isAdmin: actor.user.isAdmin,
        disabled: false,
        groups: [...actor.groups],
        oidcGroups: [...actor.oidcGroups],
        readOnly: !!actor.readOnly,
        credential: credentialOfActor(actor),
      };
    return userSubject(actor.user.username, query.token);
  }
  if (query.subject.toLowerCase().startsWith(ROBOT_NAME_PREFIX)) {
    if (query.token !== undefined)
      throw new AppError('bad_request', 'token: robots have no personal access tokens');
    return robotSubject(query.subject, ip);
  }
  return userSubject(query.subject, query.token);
}

type ProjectRow = ProjectRefRow & {
  id: number;
  members: Array<{
    role: ProjectRole;
    userId: number | null;
    groupDn: string | null;
    groupSource: 'LDAP' | 'OIDC' | null;
  }>;
  robotGrants: Array<{ robotId: number; actions: string[] }>;
};

async function loadProjects(names: string[], subject: Subject): Promise<ProjectRow[]> {
  const memberFilter =
    subject.kind === 'user' ? userMemberFilter(subject.id, subject.groups, subject.oidcGroups) : { id: -1 };
  return db.project.findMany({
    where: { name: { in: names } },
    select: {
      ...projectRefSelect,
      id: true,
      members: {
        where: memberFilter,
        select: { role: true, userId: true, groupDn: true, groupSource: true },
      },
      robotGrants: {
        where: { robotId: subject.kind === 'robot' ? subject.id : -1 },
        select: { robotId: true, actions: true },
      },
    },
  });
}

function principalFor(subject: Subject, project: ProjectRow): Principal {
  if (subject.kind === 'anonymous') return { kind: 'anonymous' };
  if (subject.kind === 'robot')
    return { kind: 'robot', actions: (project.robotGrants[0]?.actions ?? []) as RepositoryAction[] };
  const via: RoleSource[] = project.members.map((m) => ({
    role: m.role,
    ...(m.groupDn
      ? { group: m.groupDn, ...(m.groupSource === 'OIDC' ? { groupSource: 'oidc' as const } : {}) }
      : {}),
  }));
  return {
    kind: 'user',
    isAdmin: subject.isAdmin,
    role: highestRole(via.map((v) => v.role)),
    via,
    ...(subject.readOnly ? { readOnly: true } : {}),
  };
}

/**
 * Who may ask about whom: administrators about anyone; everyone about themself (and about
 * anonymous access); project administrators about their project's members and robots, for
 * scopes of that project only.
 */
async function authorize(actor: Actor, subject: Subject, projects: ProjectRow[], scopes: ResourceScope[]) {
  if (isAdmin(actor)) return;
  const self =
    subject.kind === 'anonymous' ||
    (actor.kind === 'user' && subject.kind === 'user' && subject.id === actor.user.id);
  if (self) return;
  const refuse = () =>
    forbidden(
      'You can check access for yourself; project admins for their project’s members and robots; system administrators for anyone.',
    );
  if (actor.kind !== 'user' || scopes.some((s) => s.type !== 'repository')) throw refuse();
  for (const name of projectNamesOf(scopes)) {
    const project = projects.find((p) => p.name === name);
    if (!project) throw refuse();
    await requireProjectAccess(name, actor, 'members.write').catch(() => {
      throw refuse();
    });
    const related =
      subject.kind === 'robot'
        ? subject.projectId === project.id || project.robotGrants.length > 0
        : project.members.length > 0;
    if (!related) throw refuse();
  }
}

function explainScope(
  scope: ResourceScope,
  subject: Subject,
  projects: ReadonlyMap<string, ProjectGrantInfo>,
  visible: (project: string) => boolean,
  ip: string,
): ActionExplanation[] {
  const label = `${scope.type}${scope.class ? `(${scope.class})` : ''}:${scope.name}`;
  const lead = [`credential: ${subject.credential}`];
  const result = (action: string, granted: boolean, code: string | null, reasons: string[]) => ({
    scope: label,
    action,
    granted,
    code,
    reasons: [...lead, ...reasons],
  });
  if (subject.refused) return scope.actions.map((a) => result(a, false, 'credential', [subject.refused!]));
  if (scope.type === 'registry') {
    const admin = subject.kind === 'user' && subject.isAdmin && !subject.readOnly;
    return scope.actions.map((a) =>
      scope.name !== 'catalog' || a !== '*'
        ? result(a, false, 'unknown', [`unknown registry resource or action ${scope.name}:${a}`])
        : admin
          ? result(a, true, null, ['system administrator: may list the catalog'])
          : result(a, false, 'catalog', [
              'only system administrators with a full credential may list the catalog',
            ]),
    );
  }
  if (scope.type !== 'repository')
    return scope.actions.map((a) => result(a, false, 'unknown', [`unknown resource type ${scope.type}`]));
  const project = projectOf(scope.name);
  const info = projects.get(project);
  const actions = scope.actions.flatMap((a): string[] => (a === '*' ? [...REPOSITORY_ACTIONS] : [a]));
  return [...new Set(actions)].map((a) => {
    if (!info || !visible(project))
      return result(a, false, 'no_project', [
        `project ${project} does not exist, or it is private and you may not see it`,
      ]);
    if (!(REPOSITORY_ACTIONS as readonly string[]).includes(a))
      return result(a, false, 'unknown', [`unknown action ${a}`]);
    const d = decideRepositoryAction(a as RepositoryAction, scope.name, info, ip);
    return result(a, d.allowed, d.code, d.reasons);
  });
}

export async function explainAccess(actor: Actor, query: ExplainQuery): Promise<Explanation> {
  let scopes: ResourceScope[];
  try {
    scopes = parseScopes([query.scope]);
  } catch (err) {
    if (err instanceof ScopeError) throw new AppError('bad_request', `scope: ${err.message}`);
    throw err;
  }
  if (scopes.length === 0)
    throw new AppError('bad_request', 'scope: give a scope such as repository:team/app:pull');
  const ip = parseIp(query.ip ?? actor.ip) ? (query.ip ?? actor.ip)! : 'unknown';
  const subject = await resolveSubject(actor, query, ip);
  const rows = await loadProjects(projectNamesOf(scopes), subject);
  await authorize(actor, subject, rows, scopes);
  // What the caller may see: a private project they are not in is "does not exist" to them.
  const visibleNames = new Set<string>();
  for (const r of rows) {
    const access = isAdmin(actor) ? null : await getProjectAccess(r.name, actor);
    if (isAdmin(actor) || access?.can('project.read') || access?.can('pull')) visibleNames.add(r.name);
  }
  const projects = new Map<string, ProjectGrantInfo>(
    rows.map((r) => [
      r.name,
      {
        ...toProjectRef(r),
        principal: principalFor(subject, r),
      },
    ]),
  );
  return {
    subject: {
      kind: subject.kind,
      name: subject.kind === 'anonymous' ? null : subject.name,
      credential: subject.credential,
    },
    ip,
    results: scopes.flatMap((s) => explainScope(s, subject, projects, (p) => visibleNames.has(p), ip)),
  };
}
