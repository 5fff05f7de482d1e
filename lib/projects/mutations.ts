// Creating, changing and deleting projects.
import 'server-only';
import { db } from '@/lib/db';
import { AppError, conflict, forbidden } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { actorUser, isAdmin, type Actor } from '@/lib/auth/actor';
import { getSettings } from '@/lib/settings';
import { requireProjectAccess } from '@/lib/projects/access';
import { getProject } from '@/lib/projects/queries';
import type { CreateProjectInput, UpdateProjectInput } from '@/lib/projects/schemas';

type Ctx = { actor: Actor; ip: string };

/** Why a signed-in user may not create projects (the API's 403 and the UI's disabled button). */
export const PROJECT_CREATION_DENIED =
  'Only system administrators can create projects. Ask one to create yours, or to let everyone create projects.';

/** May this actor create projects (admins always; others when the setting allows)? */
export async function canCreateProjects(actor: Actor): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  return actor.user.isAdmin || (await getSettings()).projectCreation === 'everyone';
}

export async function createProject({ actor, ip }: Ctx, input: CreateProjectInput) {
  const user = actorUser(actor);
  if (!user) throw new AppError('unauthorized', 'sign in to create projects');
  if (!(await canCreateProjects(actor))) throw forbidden(PROJECT_CREATION_DENIED);
  try {
    await db.project.create({
      data: {
        name: input.name,
        isPublic: input.public,
        description: input.description,
        createdById: user.id,
        // The creator administers the project.
        members: { create: { userId: user.id, role: 'projectAdmin' } },
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw conflict(`project "${input.name}" already exists`);
    throw err;
  }
  await recordAudit({
    actor: user,
    action: 'project.create',
    targetType: 'project',
    target: input.name,
    sourceIp: ip,
    detail: { public: input.public },
  });
  return getProject(input.name, actor);
}

export async function updateProject({ actor, ip }: Ctx, name: string, input: UpdateProjectInput) {
  const { project } = await requireProjectAccess(name, actor, 'project.write');
  await db.project.update({
    where: { id: project.id },
    data: {
      ...(input.public !== undefined ? { isPublic: input.public } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    },
  });
  await recordAudit({
    actor: actorUser(actor),
    action: 'project.update',
    targetType: 'project',
    target: name,
    sourceIp: ip,
    detail: input,
  });
  return getProject(name, actor);
}

export async function deleteProject({ actor, ip }: Ctx, name: string, { force }: { force: boolean }) {
  const { project } = await requireProjectAccess(name, actor, 'project.delete');
  const repositories = await db.repository.count({ where: { projectId: project.id, deleted: false } });
  if (repositories > 0) {
    if (!force) {
      throw conflict(
        `project "${name}" still has ${repositories} repositor${repositories === 1 ? 'y' : 'ies'}; delete them first, or a system administrator can force the deletion`,
      );
    }
    if (!isAdmin(actor))
      throw forbidden(
        'Only system administrators can force the deletion of a project that has repositories.',
      );
  }
  await db.project.delete({ where: { id: project.id } });
  await recordAudit({
    actor: actorUser(actor),
    action: 'project.delete',
    targetType: 'project',
    target: name,
    sourceIp: ip,
    detail: { forced: repositories > 0, repositories },
  });
  return {
    deleted: name,
    repositories,
    note:
      repositories > 0
        ? 'The project and its member and repository records are gone; the images stay in the registry storage until they are deleted there and garbage-collected.'
        : undefined,
  };
}
