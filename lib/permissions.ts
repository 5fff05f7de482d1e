// The one permission table (design.md "Roles and permissions"). The UI, the REST API and
// the token endpoint all ask `can(principal, action, project)`.

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

/**
 * Who is asking: a user (with their effective role in the project, if any), a robot (with
 * its granted actions in the project), or nobody.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; isAdmin: boolean; role: ProjectRole | null; readOnly?: boolean }
  | { kind: 'robot'; actions: readonly ProjectAction[] };

export type ProjectRef = { isPublic: boolean };

export function can(principal: Principal, action: ProjectAction, project: ProjectRef): boolean {
  if (principal.kind === 'user' && principal.readOnly && !READ_ONLY_ACTIONS.includes(action)) return false;
  if (principal.kind === 'user' && principal.isAdmin) return true;
  if (project.isPublic && PUBLIC_ACTIONS.includes(action)) return true;
  if (principal.kind === 'robot') return principal.actions.includes(action);
  if (principal.kind === 'user' && principal.role)
    return ROLE_PERMISSIONS[action].roles.includes(principal.role);
  return false;
}

/** A sentence for the UI or an error saying who may do an action ("Only project admins can …"). */
export function denialReason(action: ProjectAction): string {
  const roles = ROLE_PERMISSIONS[action].roles;
  const lowest = roles.reduce((a, b) => (ROLE_RANK[a] <= ROLE_RANK[b] ? a : b));
  const who =
    lowest === 'projectAdmin' ? 'project admins' : `${ROLE_LABELS[lowest].toLowerCase()}s and above`;
  return `Only ${who} can ${ROLE_PERMISSIONS[action].description}.`;
}
