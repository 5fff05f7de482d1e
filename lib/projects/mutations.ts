// Creating, changing and deleting projects.
import 'server-only';
import { db } from '@/lib/db';
import { AppError, conflict, forbidden } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { actorUser, auditActor, isAdmin, type Actor } from '@/lib/auth/actor';
import { log } from '@/lib/log';
import { RegistryError } from '@/lib/registry/client';
import {
  purgeRegistryRepositories,
  registryRepositoriesOf,
  type RegistryRepository,
} from '@/lib/registry/purge';
import { requestReconcile } from '@/lib/registry/reconcile';
import { getSettings } from '@/lib/settings';
import { newProjectQuota, quotaChange } from '@/lib/policies/quota';
import { accessTo, requireProjectAccess } from '@/lib/projects/access';
import { projectCountsSelect, toProjectDetail, type ProjectDetail } from '@/lib/projects/queries';
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

/** The registry's repositories (with tags) under a name, or null when the registry cannot be read. */
async function imagesInRegistry(name: string): Promise<RegistryRepository[] | null> {
  try {
    return await registryRepositoriesOf(name);
  } catch (err) {
    if (RegistryError.is(err)) return null;
    throw err;
  }
}

const repositoriesPhrase = (n: number) => `${n} repositor${n === 1 ? 'y' : 'ies'}`;

/**
 * A new project must not inherit images an earlier project of the same name left in the
 * registry: they are refused, and only a system administrator may adopt them explicitly.
 * Ordinary users cannot create a project while the registry cannot be checked.
 */
async function checkLeftoverImages(actor: Actor, input: CreateProjectInput): Promise<string[]> {
  if (input.adopt && !isAdmin(actor))
    throw forbidden('Only system administrators can adopt images left in the registry.');
  const leftovers = await imagesInRegistry(input.name);
  if (leftovers === null) {
    if (!isAdmin(actor))
      throw new AppError(
        'unavailable',
        `Wharf cannot check the registry for images an earlier project "${input.name}" may have left, so it cannot create the project now; try again when the registry is reachable.`,
      );
    log.warn('project created without checking the registry for earlier images (registry unreachable)', {
      project: input.name,
    });
    return [];
  }
  if (leftovers.length && !input.adopt) {
    const names = leftovers.map((r) => r.name);
    throw conflict(
      isAdmin(actor)
        ? `The registry still holds ${repositoriesPhrase(names.length)} under "${input.name}" (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}), left by an earlier project of that name. Create the project with "adopt": true to take them over, or delete them from the registry first.`
        : `The registry still holds images under "${input.name}" (${repositoriesPhrase(names.length)}) left by an earlier project of that name, so the name cannot be reused yet. A system administrator can delete them, or adopt them into a new project.`,
    );
  }
  return input.adopt ? leftovers.map((r) => r.name) : [];
}

export async function createProject({ actor, ip }: Ctx, input: CreateProjectInput) {
  const user = actorUser(actor);
  if (!user) throw new AppError('unauthorized', 'sign in to create projects');
  if (!(await canCreateProjects(actor))) throw forbidden(PROJECT_CREATION_DENIED);
  const taken = () => conflict(`project "${input.name}" already exists`);
  if (await db.project.findUnique({ where: { name: input.name }, select: { id: true } })) throw taken();
  const adopted = await checkLeftoverImages(actor, input);
  const settings = await getSettings();
  let row;
  try {
    row = await db.project.create({
      data: {
        name: input.name,
        isPublic: input.public,
        description: input.description,
        anonymousPullCidrs: input.anonymousPullCidrs ?? settings.defaultAnonymousPullCidrs,
        pushCidrs: input.pushCidrs ?? settings.defaultPushCidrs,
        createdById: user.id,
        ...(await newProjectQuota()),
        // The creator administers the project.
        members: { create: { userId: user.id, role: 'projectAdmin' } },
      },
      include: { _count: projectCountsSelect },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw taken();
    throw err;
  }
  await recordAudit({
    actor: user,
    action: 'project.create',
    targetType: 'project',
    target: input.name,
    sourceIp: ip,
    detail: { public: input.public, ...(adopted.length ? { adopted } : {}) },
  });
  // The adopted repositories appear once reconcile has read their tags.
  if (adopted.length) requestReconcile(`project ${input.name} adopted ${adopted.length} repositories`, 0);
  // The creator is the new project's only member: its project admin.
  const project = toProjectDetail(accessTo(actor, row, 'projectAdmin'), row._count);
  return adopted.length ? { ...project, adopted } : project;
}

export async function updateProject(
  { actor, ip }: Ctx,
  name: string,
  input: UpdateProjectInput,
): Promise<ProjectDetail> {
  const { project, role } = await requireProjectAccess(name, actor, 'project.write');
  const row = await db.project.update({
    where: { id: project.id },
    data: {
      ...(input.public !== undefined ? { isPublic: input.public } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.anonymousPullCidrs !== undefined ? { anonymousPullCidrs: input.anonymousPullCidrs } : {}),
      ...(input.pushCidrs !== undefined ? { pushCidrs: input.pushCidrs } : {}),
      ...quotaChange(actor, input.quotaBytes),
    },
    include: { _count: projectCountsSelect },
  });
  await recordAudit({
    ...auditActor(actor),
    action: 'project.update',
    targetType: 'project',
    target: name,
    sourceIp: ip,
    detail: input,
  });
  return toProjectDetail(accessTo(actor, row, role), row._count);
}

/**
 * Deletes a project and its images in the registry (every manifest, by digest), so that the
 * name can be reused without exposing them. Refused while it has repositories unless a system
 * administrator forces it; kept when the registry cannot delete them (409/503).
 */
export async function deleteProject({ actor, ip }: Ctx, name: string, { force }: { force: boolean }) {
  const { project } = await requireProjectAccess(name, actor, 'project.delete');
  const inRegistry = await imagesInRegistry(name);
  const recorded = await db.repository.count({
    where: { projectId: project.id, deleted: false, tags: { some: {} } },
  });
  const repositories = Math.max(recorded, inRegistry?.length ?? 0);
  if (repositories > 0) {
    if (!force) {
      throw conflict(
        `project "${name}" still has ${repositoriesPhrase(repositories)}; delete them first, or a system administrator can force the deletion`,
      );
    }
    if (!isAdmin(actor))
      throw forbidden(
        'Only system administrators can force the deletion of a project that has repositories.',
      );
  }
  if (inRegistry === null && recorded > 0)
    throw new AppError(
      'unavailable',
      "the registry cannot be reached to delete the project's images, so the project was kept; try again shortly",
    );
  const manifests = inRegistry?.length ? await purgeRegistryRepositories(inRegistry) : 0;
  await db.project.delete({ where: { id: project.id } });
  await recordAudit({
    ...auditActor(actor),
    action: 'project.delete',
    targetType: 'project',
    target: name,
    sourceIp: ip,
    detail: {
      forced: repositories > 0,
      repositories,
      deletedImages: inRegistry?.map((r) => r.name) ?? [],
      manifests,
      registryChecked: inRegistry !== null,
    },
  });
  return {
    deleted: name,
    repositories,
    manifestsDeleted: manifests,
    note:
      repositories > 0
        ? "The project, its records and its images are gone: the registry deleted every manifest; disk space returns after the registry's garbage collection."
        : undefined,
  };
}
