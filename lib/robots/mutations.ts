// Robot accounts (project robots by project admins, system robots by admins) and personal
// access tokens. Secrets are shown once, at creation and rotation.
import 'server-only';
import { db } from '@/lib/db';
import { AppError, conflict, forbidden, notFound } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import {
  actorUser,
  auditActor,
  requireAdminActor,
  requireInteractiveCredential,
  type Actor,
} from '@/lib/auth/actor';
import { requireProjectAccess } from '@/lib/projects/access';
import { getSettings } from '@/lib/settings';
import { newSecret, PAT_PREFIX, ROBOT_PREFIX } from '@/lib/auth/secrets';
import {
  projectRobotName,
  systemRobotName,
  type CreateProjectRobotInput,
  type CreateSystemRobotInput,
  type CreateTokenInput,
  type UpdateRobotInput,
} from '@/lib/robots/schemas';
import { getVisibleUserOrThrow } from '@/lib/users/resolve';

type Ctx = { actor: Actor; ip: string };

const robotSelect = {
  id: true,
  name: true,
  description: true,
  projectId: true,
  secretPrefix: true,
  expiresAt: true,
  disabledAt: true,
  lastUsedAt: true,
  allowedCidrs: true,
  createdBy: true,
  createdAt: true,
  project: { select: { name: true } },
  permissions: { select: { actions: true, project: { select: { name: true } } } },
} as const;

type RobotRow = NonNullable<Awaited<ReturnType<typeof loadRobot>>>;

function loadRobot(id: number) {
  return db.robot.findUnique({ where: { id }, select: robotSelect });
}

export function toRobotJson(r: RobotRow) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    level: r.projectId ? 'project' : 'system',
    project: r.project?.name ?? null,
    permissions: r.permissions.map((p) => ({ project: p.project.name, actions: p.actions })),
    secretPrefix: r.secretPrefix,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    disabled: !!r.disabledAt,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    allowedCidrs: r.allowedCidrs,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The expiry a robot gets, within the system's cap; `null` (never) only if allowed. */
async function robotExpiry(days: number | null): Promise<Date | null> {
  const settings = await getSettings();
  if (days === null) {
    if (!settings.robotNeverExpireAllowed)
      throw new AppError('bad_request', 'robots must expire: the system settings do not allow "never"');
    return null;
  }
  if (days > settings.robotMaxExpiryDays)
    throw new AppError(
      'bad_request',
      `expiresInDays is at most ${settings.robotMaxExpiryDays} (system setting)`,
    );
  return new Date(Date.now() + days * 86400_000);
}

async function createRobot(
  { actor, ip }: Ctx,
  data: {
    name: string;
    description: string;
    projectId: number | null;
    grants: Array<{ projectId: number; actions: string[] }>;
    expiresInDays: number | null;
    allowedCidrs: string[];
  },
) {
  requireInteractiveCredential(actor);
  const { secret, hash, display } = newSecret(ROBOT_PREFIX);
  const expiresAt = await robotExpiry(data.expiresInDays);
  try {
    const robot = await db.robot.create({
      data: {
        name: data.name,
        description: data.description,
        projectId: data.projectId,
        secretHash: hash,
        secretPrefix: display,
        expiresAt,
        allowedCidrs: data.allowedCidrs,
        createdBy: actorUser(actor)?.username,
        permissions: { create: data.grants.map((g) => ({ projectId: g.projectId, actions: g.actions })) },
      },
      select: robotSelect,
    });
    await recordAudit({
      ...auditActor(actor),
      action: 'robot.create',
      targetType: 'robot',
      target: robot.name,
      sourceIp: ip,
      detail: { grants: data.grants.length, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { ...toRobotJson(robot), secret };
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002')
      throw conflict(`a robot named ${data.name} already exists`);
    throw err;
  }
}

export async function createProjectRobot(ctx: Ctx, projectName: string, input: CreateProjectRobotInput) {
  const { project } = await requireProjectAccess(projectName, ctx.actor, 'robots.write');
  return createRobot(ctx, {
    name: projectRobotName(project.name, input.name),
    description: input.description,
    projectId: project.id,
    grants: [{ projectId: project.id, actions: input.actions }],
    expiresInDays: input.expiresInDays,
    allowedCidrs: input.allowedCidrs,
  });
}

export async function createSystemRobot(ctx: Ctx, input: CreateSystemRobotInput) {
  requireAdminActor(ctx.actor);
  const projects = await db.project.findMany({
    where: { name: { in: input.permissions.map((p) => p.project) } },
    select: { id: true, name: true },
  });
  const byName = new Map(projects.map((p) => [p.name, p.id]));
  const missing = input.permissions.find((p) => !byName.has(p.project));
  if (missing) throw notFound(`project "${missing.project}"`);
  return createRobot(ctx, {
    name: systemRobotName(input.name),
    description: input.description,
    projectId: null,
    grants: input.permissions.map((p) => ({ projectId: byName.get(p.project)!, actions: p.actions })),
    expiresInDays: input.expiresInDays,
    allowedCidrs: input.allowedCidrs,
  });
}

export async function listProjectRobots(projectName: string, actor: Actor) {
  const { project } = await requireProjectAccess(projectName, actor, 'robots.read');
  const rows = await db.robot.findMany({
    where: { projectId: project.id },
    select: robotSelect,
    orderBy: { name: 'asc' },
  });
  return rows.map(toRobotJson);
}

export async function listAllRobots(actor: Actor) {
  requireAdminActor(actor);
  const rows = await db.robot.findMany({ select: robotSelect, orderBy: { name: 'asc' } });
  return rows.map(toRobotJson);
}

/**
 * The robot if the actor may manage it: admins any; project admins their project's robots.
 * A robot of a project the actor cannot see is "robot not found", like a missing one: the id
 * never reveals a private project's name.
 */
async function manageableRobot(actor: Actor, id: number): Promise<RobotRow> {
  const robot = await loadRobot(id);
  if (!robot) throw notFound('robot');
  if (actor.kind === 'user' && actor.user.isAdmin) return robot;
  if (!robot.project) throw forbidden('Only system administrators can manage system robots.');
  await requireProjectAccess(robot.project.name, actor, 'robots.write').catch((err: unknown) => {
    throw err instanceof AppError && err.code === 'not_found' ? notFound('robot') : err;
  });
  return robot;
}

export async function updateRobot({ actor, ip }: Ctx, id: number, input: UpdateRobotInput) {
  const robot = await manageableRobot(actor, id);
  const updated = await db.robot.update({
    where: { id },
    select: robotSelect,
    data: {
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.allowedCidrs !== undefined ? { allowedCidrs: input.allowedCidrs } : {}),
      ...(input.disabled !== undefined
        ? { disabledAt: input.disabled ? (robot.disabledAt ?? new Date()) : null }
        : {}),
    },
  });
  await recordAudit({
    ...auditActor(actor),
    action: 'robot.update',
    targetType: 'robot',
    target: robot.name,
    sourceIp: ip,
    detail: input,
  });
  return toRobotJson(updated);
}

/** A new secret; the old one stops working at once. */
export async function rotateRobot({ actor, ip }: Ctx, id: number) {
  const robot = await manageableRobot(actor, id);
  requireInteractiveCredential(actor);
  const { secret, hash, display } = newSecret(ROBOT_PREFIX);
  const rotated = await db.robot.update({
    where: { id },
    data: { secretHash: hash, secretPrefix: display },
    select: robotSelect,
  });
  await recordAudit({
    ...auditActor(actor),
    action: 'robot.rotate',
    targetType: 'robot',
    target: robot.name,
    sourceIp: ip,
  });
  return { ...toRobotJson(rotated), secret };
}

export async function deleteRobot({ actor, ip }: Ctx, id: number) {
  const robot = await manageableRobot(actor, id);
  await db.robot.delete({ where: { id } });
  await recordAudit({
    ...auditActor(actor),
    action: 'robot.delete',
    targetType: 'robot',
    target: robot.name,
    sourceIp: ip,
  });
}

// --- Personal access tokens ---------------------------------------------------------

export function toTokenJson(t: {
  id: number;
  name: string;
  prefix: string;
  readOnly: boolean;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
}) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    readOnly: t.readOnly,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    revoked: !!t.revokedAt,
  };
}

/** A new personal access token of `username` (`me`, or anyone for admins); the secret is shown once. */
export async function createPersonalToken({ actor, ip }: Ctx, username: string, input: CreateTokenInput) {
  const user = await getVisibleUserOrThrow(actor, username);
  requireInteractiveCredential(actor);
  const { secret, hash, display } = newSecret(PAT_PREFIX);
  try {
    const token = await db.personalToken.create({
      data: {
        userId: user.id,
        name: input.name,
        tokenHash: hash,
        prefix: display,
        readOnly: input.readOnly,
        expiresAt:
          input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * 86400_000),
      },
    });
    await recordAudit({
      ...auditActor(actor),
      action: 'token.create',
      targetType: 'user',
      target: user.username,
      sourceIp: ip,
      detail: { name: input.name, readOnly: input.readOnly },
    });
    return { ...toTokenJson(token), token: secret };
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002')
      throw conflict(`a token named "${input.name}" already exists`);
    throw err;
  }
}

export async function listPersonalTokens(actor: Actor, username: string) {
  const user = await getVisibleUserOrThrow(actor, username);
  const rows = await db.personalToken.findMany({
    where: { userId: user.id, revokedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(toTokenJson);
}

export async function revokePersonalToken({ actor, ip }: Ctx, username: string, id: number) {
  const user = await getVisibleUserOrThrow(actor, username);
  requireInteractiveCredential(actor);
  const { count } = await db.personalToken.updateMany({
    where: { id, userId: user.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound(`token ${id}`);
  await recordAudit({
    ...auditActor(actor),
    action: 'token.revoke',
    targetType: 'user',
    target: user.username,
    sourceIp: ip,
    detail: { id },
  });
}
