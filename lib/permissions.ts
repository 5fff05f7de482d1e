// The one permission table (docs/security.md). The UI, the REST API and
// the token endpoint all ask `can(principal, action, project, request)`; `decide` gives the same
// answer with its chain of reasons (denial logs, metrics, GET /api/v1/access/explain).
import { quotaReachedMessage } from '@/lib/format';
import { matchCidr } from '@/lib/net/cidr';

export const PROJECT_ROLES = ['guest', 'developer', 'maintainer', 'projectAdmin'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const ROLE_LABELS: Record<ProjectRole, string> = {
  guest: 'Guest',
  developer: 'Developer',
  maintainer: 'Maintainer',
  projectAdmin: 'Project admin',
};

export const PROJECT_ACTIONS = [
  'project.read',
  'pull',
  'push',
  'delete',
  'members.read',
  'members.write',
  'robots.read',
  'robots.write',
  'project.write',
  'project.delete',
  'retention.write',
  'activity.read',
  'webhooks.read',
  'webhooks.write',
] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

export const ROLE_PERMISSIONS: Record<ProjectAction, { roles: readonly ProjectRole[]; description: string }> =
  {
    'project.read': { roles: PROJECT_ROLES, description: 'see the project and its repositories' },
    pull: { roles: PROJECT_ROLES, description: 'pull images' },
    push: { roles: ['developer', 'maintainer', 'projectAdmin'], description: 'push images' },
    delete: { roles: ['maintainer', 'projectAdmin'], description: 'delete tags and manifests' },
    'members.read': { roles: PROJECT_ROLES, description: 'see the members' },
    'members.write': { roles: ['projectAdmin'], description: 'add, change and remove members' },
    'robots.read': { roles: ['maintainer', 'projectAdmin'], description: 'see robot accounts' },
    'robots.write': { roles: ['projectAdmin'], description: 'manage robot accounts' },
    'project.write': { roles: ['projectAdmin'], description: 'change project settings' },
    'project.delete': { roles: ['projectAdmin'], description: 'delete the project' },
    'retention.write': { roles: ['projectAdmin'], description: 'set and run tag retention rules' },
    'activity.read': { roles: PROJECT_ROLES, description: "see the project's activity" },
    'webhooks.read': { roles: ['projectAdmin'], description: 'see webhooks and their deliveries' },
    'webhooks.write': { roles: ['projectAdmin'], description: 'manage webhooks' },
  };

/** Actions anyone (anonymous included) has on a public project. */
const PUBLIC_ACTIONS: readonly ProjectAction[] = ['project.read', 'pull'];

/**
 * All a read-only credential (a read-only personal access token, or a docker login made with
 * one) may do, whatever its user's role — system administrators included.
 */
export const READ_ONLY_ACTIONS: readonly ProjectAction[] = [
  'project.read',
  'pull',
  'members.read',
  'robots.read',
  'activity.read',
  'webhooks.read',
];

export const ROLE_RANK: Record<ProjectRole, number> = {
  guest: 1,
  developer: 2,
  maintainer: 3,
  projectAdmin: 4,
};

/** The highest of several roles (direct and group memberships), or null. */
export function highestRole(roles: Iterable<ProjectRole | null | undefined>): ProjectRole | null {
  let best: ProjectRole | null = null;
  for (const r of roles) if (r && (!best || ROLE_RANK[r] > ROLE_RANK[best])) best = r;
  return best;
}

/** Where a role came from, for explanations: a direct membership or a directory group's. */
/** A role and where it comes from: a direct membership, or an LDAP (default) or OIDC group's. */
export type RoleSource = { role: ProjectRole; group?: string; groupSource?: 'oidc' };

/**
 * Who is asking: a user (with their effective role in the project, if any), a robot (with
 * its granted actions in the project), or nobody. `via` (explanations only) lists the
 * memberships the role came from.
 */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      isAdmin: boolean;
      role: ProjectRole | null;
      readOnly?: boolean;
      via?: readonly RoleSource[];
    }
  | { kind: 'robot'; actions: readonly ProjectAction[] };

/**
 * A project's side of a decision: public or not, and its network rules (`anonymousPullCidrs`:
 * networks whose clients may pull without credentials; `pushCidrs`: the only networks push
 * and delete may come from, empty = anywhere).
 */
export type ProjectRef = {
  name?: string;
  isPublic: boolean;
  anonymousPullCidrs?: readonly string[];
  pushCidrs?: readonly string[];
  /** Storage quota (null or absent: unlimited) and usage, when known. */
  quotaBytes?: number | null;
  usedBytes?: number;
};

/** A project at or over its storage quota. */
export function isOverQuota(project: Omit<ProjectRef, 'isPublic'>): boolean {
  return project.quotaBytes != null && (project.usedBytes ?? 0) >= project.quotaBytes;
}

/** The request's side: the client address the network rules are matched against. */
export type RequestRef = { ip?: string | null };

/** Actions a project's `pushCidrs` restrict. */
export const NETWORK_RESTRICTED_ACTIONS: readonly ProjectAction[] = ['push', 'delete'];

/** Why an action was denied, as a stable code (metrics label, API field). */
export const DENIAL_CODES = [
  'quota',
  'read_only',
  'push_network',
  'robot_action',
  'role',
  'not_member',
  'private',
  'anonymous',
  /** A push to a repository without a project path (lib/tokens/grants.ts). */
  'not_in_project',
] as const;
export type DenialCode = (typeof DENIAL_CODES)[number];

/** A decision and the chain of reasons that led to it, in order (the last one decides). */
export type Decision = { allowed: boolean; code: DenialCode | null; reasons: string[] };

const describeSource = (s: RoleSource) =>
  s.group
    ? `member through ${s.groupSource === 'oidc' ? 'OIDC group' : 'directory group'} ${s.group} with role ${s.role}`
    : `direct member with role ${s.role}`;

/**
 * The permission table as a decision with its reasons. Rules in order: a project at or over
 * its storage quota takes no pushes from anyone (pull and delete stay, to clean up); a read-only
 * credential only reads and pulls; push and delete only from the project's push networks
 * (everyone, administrators included); system administrators may do everything; a public
 * project, or a client in the project's anonymous-pull networks, may be pulled by anyone;
 * a robot has exactly its granted actions; a user has what their role allows.
 */
export function decide(
  principal: Principal,
  action: ProjectAction,
  project: ProjectRef,
  request: RequestRef = {},
): Decision {
  const reasons: string[] = [];
  const done = (allowed: boolean, code: DenialCode | null, reason: string): Decision => {
    reasons.push(reason);
    return { allowed, code, reasons };
  };
  const where = project.name ? `project ${project.name}` : 'the project';
  if (action === 'push' && isOverQuota(project))
    return done(
      false,
      'quota',
      `${where}: ${quotaReachedMessage(project.usedBytes ?? 0, project.quotaBytes!)}; delete images to push again`,
    );
  if (principal.kind === 'user' && principal.readOnly) {
    if (!READ_ONLY_ACTIONS.includes(action))
      return done(
        false,
        'read_only',
        `the credential is read-only: it allows only ${READ_ONLY_ACTIONS.join(', ')}`,
      );
    reasons.push('the credential is read-only (reads and pulls only)');
  }
  if (NETWORK_RESTRICTED_ACTIONS.includes(action) && project.pushCidrs?.length) {
    const matched = matchCidr(request.ip, project.pushCidrs);
    if (!matched)
      return done(
        false,
        'push_network',
        `${where} allows push and delete only from ${project.pushCidrs.join(', ')}; the client address ${request.ip ?? '(unknown)'} is not in them`,
      );
    reasons.push(`the client address ${request.ip} is in the push networks of ${where} (${matched})`);
  }
  if (principal.kind === 'user' && principal.isAdmin)
    return done(true, null, 'system administrator: every action in every project');
  if (PUBLIC_ACTIONS.includes(action) && project.isPublic)
    return done(true, null, `${where} is public: anyone may ${action === 'pull' ? 'pull' : 'see it'}`);
  if (action === 'pull' && project.anonymousPullCidrs?.length) {
    const matched = matchCidr(request.ip, project.anonymousPullCidrs);
    if (matched)
      return done(
        true,
        null,
        `the client address ${request.ip} is in the anonymous-pull networks of ${where} (${matched}): anyone there may pull`,
      );
    reasons.push(
      `the client address ${request.ip ?? '(unknown)'} is not in the anonymous-pull networks of ${where} (${project.anonymousPullCidrs.join(', ')})`,
    );
  }
  if (principal.kind === 'robot') {
    const has = principal.actions.length ? principal.actions.join(', ') : 'nothing';
    return principal.actions.includes(action)
      ? done(true, null, `the robot account is granted ${action} in ${where}`)
      : done(
          false,
          'robot_action',
          `the robot account is not granted ${action} in ${where} (it has: ${has})`,
        );
  }
  if (principal.kind === 'user' && principal.role) {
    for (const s of principal.via ?? []) reasons.push(describeSource(s));
    return ROLE_PERMISSIONS[action].roles.includes(principal.role)
      ? done(true, null, `role ${principal.role} in ${where} allows ${action}`)
      : done(false, 'role', `role ${principal.role} in ${where} does not allow ${action}`);
  }
  if (principal.kind === 'anonymous')
    return project.isPublic
      ? done(false, 'anonymous', `anonymous users may only pull from public ${where}`)
      : done(false, 'private', `${where} is private: log in`);
  return project.isPublic
    ? done(false, 'not_member', `not a member of ${where} (non-members may only pull from public projects)`)
    : done(false, 'not_member', `not a member of private ${where}`);
}

export function can(
  principal: Principal,
  action: ProjectAction,
  project: ProjectRef,
  request: RequestRef = {},
): boolean {
  return decide(principal, action, project, request).allowed;
}

/** A sentence for the UI or an error saying who may do an action ("Only project admins can …"). */
export function denialReason(action: ProjectAction): string {
  const roles = ROLE_PERMISSIONS[action].roles;
  const lowest = roles.reduce((a, b) => (ROLE_RANK[a] <= ROLE_RANK[b] ? a : b));
  const who =
    lowest === 'projectAdmin' ? 'project admins' : `${ROLE_LABELS[lowest].toLowerCase()}s and above`;
  return `Only ${who} can ${ROLE_PERMISSIONS[action].description}.`;
}
