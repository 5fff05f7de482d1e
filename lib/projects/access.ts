// A project as the actor sees it: their effective role (highest of direct and group
// memberships) and the permission check, loaded in one query.
import 'server-only';
import { db } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import {
  decide,
  denialReason,
  type Decision,
  highestRole,
  type Principal,
  type ProjectAction,
  type ProjectRole,
} from '@/lib/permissions';
import type { Actor } from '@/lib/auth/actor';

export type ProjectAccess = {
  project: {
    id: number;
    name: string;
    isPublic: boolean;
    description: string;
    anonymousPullCidrs: string[];
    pushCidrs: string[];
    createdAt: Date;
    updatedAt: Date;
    /** Storage quota in bytes (null: unlimited) and usage (lib/policies/usage.ts). */
    quotaBytes: number | null;
    usedBytes: number;
  };
  role: ProjectRole | null;
  principal: Principal;
  can: (action: ProjectAction) => boolean;
  /** The same decision with its reasons. */
  decide: (action: ProjectAction) => Decision;
};

/**
 * The member rows of a user: their own, their LDAP groups' and their OIDC groups'. A group
 * matches only within its source, so an OIDC group named like an LDAP DN is another group.
 */
export function userMemberFilter(
  userId: number,
  ldapGroups: readonly string[],
  oidcGroups: readonly string[],
) {
  return {
    OR: [
      { userId },
      ...(ldapGroups.length
        ? [{ groupSource: 'LDAP' as const, groupDn: { in: ldapGroups.map((g) => g.toLowerCase()) } }]
        : []),
      ...(oidcGroups.length ? [{ groupSource: 'OIDC' as const, groupDn: { in: [...oidcGroups] } }] : []),
    ],
  };
}

/** The member rows that apply to an actor: their own and their groups'. */
export function actorMemberFilter(actor: Actor) {
  if (actor.kind !== 'user') return null;
  return userMemberFilter(actor.user.id, actor.groups, actor.oidcGroups);
}

/** The project columns the permission table reads (ProjectRef), as Prisma selects them. */
export const projectRefSelect = {
  name: true,
  isPublic: true,
  anonymousPullCidrs: true,
  pushCidrs: true,
  quotaBytes: true,
  usedBytes: true,
} as const;

export type ProjectRefRow = {
  name: string;
  isPublic: boolean;
  anonymousPullCidrs: string[];
  pushCidrs: string[];
  quotaBytes: bigint | null;
  usedBytes: bigint;
};

/** A project row as the permission table reads it (byte counts are bigint in the database). */
export function toProjectRef<T extends ProjectRefRow>(
  row: T,
): Omit<T, 'quotaBytes' | 'usedBytes'> & { quotaBytes: number | null; usedBytes: number } {
  const { quotaBytes, usedBytes, ...rest } = row;
  return {
    ...rest,
    quotaBytes: quotaBytes === null ? null : Number(quotaBytes),
    usedBytes: Number(usedBytes),
  };
}

export function principalOf(actor: Actor, role: ProjectRole | null): Principal {
  if (actor.kind !== 'user') return { kind: 'anonymous' };
  return { kind: 'user', isAdmin: actor.user.isAdmin, role, ...(actor.readOnly ? { readOnly: true } : {}) };
}

/**
 * The actor's access to a project row, as read or as just written (mutations answer with the
 * row they wrote, decided on afresh: a changed network rule changes `push`).
 */
export function accessTo<
  T extends ProjectRefRow & Omit<ProjectAccess['project'], 'quotaBytes' | 'usedBytes'>,
>(actor: Actor, row: T, role: ProjectRole | null): ProjectAccess {
  const principal = principalOf(actor, role);
  const ref = toProjectRef(row);
  const decideFor = (action: ProjectAction) => decide(principal, action, ref, { ip: actor.ip });
  return { project: ref, role, principal, can: (action) => decideFor(action).allowed, decide: decideFor };
}

export async function getProjectAccess(name: string, actor: Actor): Promise<ProjectAccess | null> {
  const filter = actorMemberFilter(actor);
  const project = await db.project.findUnique({
    where: { name },
    include: { members: filter ? { where: filter, select: { role: true } } : false },
  });
  if (!project) return null;
  const { members, ...rest } = project as typeof project & { members?: Array<{ role: ProjectRole }> };
  return accessTo(actor, rest, highestRole((members ?? []).map((m) => m.role)));
}

/**
 * The project if the actor may take `action`. A project the actor may not even see is a
 * 404, so private project names do not leak; a visible one is a 403 with the reason.
 */
export async function requireProjectAccess(
  name: string,
  actor: Actor,
  action: ProjectAction,
): Promise<ProjectAccess> {
  const access = await getProjectAccess(name, actor);
  if (!access || !access.can('project.read')) throw notFound(`project "${name}"`);
  assertAllowed(access, actor, action);
  return access;
}

/**
 * 403 (401 for anonymous) with the reason when the actor may not take `action`: who may, or
 * the network rule that refused it.
 */
export function assertAllowed(access: ProjectAccess, actor: Actor, action: ProjectAction): void {
  const decision = access.decide(action);
  if (decision.allowed) return;
  const reason = decision.reasons.at(-1)!;
  const message =
    decision.code === 'push_network'
      ? `${reason[0]!.toUpperCase()}${reason.slice(1)}.`
      : denialReason(action);
  throw new AppError(actor.kind === 'anonymous' ? 'unauthorized' : 'forbidden', message);
}
