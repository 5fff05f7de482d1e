// Deleting a tag. Registry 2.8 deletes manifests by digest, which removes every tag that
// points at that digest; the caller is told which ones, and space returns only after the
// registry's garbage collection.
import 'server-only';
import { db } from '@/lib/db';
import { AppError, conflict, notFound } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { auditActor, type Actor } from '@/lib/auth/actor';
import { assertAllowed } from '@/lib/projects/access';
import { RegistryError } from '@/lib/registry/client';
import { getRepositoryOrThrow } from '@/lib/registry/queries';
import { registryClient } from '@/lib/registry/service';

export async function tagsSharingDigest(repositoryId: number, tag: string) {
  const row = await db.tag.findUnique({
    where: { repositoryId_name: { repositoryId, name: tag } },
    select: { digest: true },
  });
  if (!row) return null;
  const tags = await db.tag.findMany({
    where: { repositoryId, digest: row.digest },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  return { digest: row.digest, tags: tags.map((t) => t.name) };
}

export async function deleteTag(
  { actor, ip }: { actor: Actor; ip: string },
  repository: string,
  tag: string,
) {
  const { repo, access } = await getRepositoryOrThrow(repository, actor);
  assertAllowed(access, actor, 'delete');
  const shared = await tagsSharingDigest(repo.id, tag);
  if (!shared) throw notFound(`tag "${tag}" in ${repository}`);
  try {
    await registryClient().deleteManifest(repository, shared.digest);
  } catch (err) {
    if (RegistryError.is(err)) {
      if (err.kind === 'delete_disabled') throw conflict(err.message);
      if (err.kind !== 'not_found')
        throw new AppError('unavailable', `the registry could not delete it: ${err.message}`);
    } else throw err;
  }
  await db.tag.deleteMany({ where: { repositoryId: repo.id, digest: shared.digest } });
  await recordAudit({
    ...auditActor(actor),
    action: 'tag.delete',
    targetType: 'repository',
    target: `${repository}:${tag}`,
    sourceIp: ip,
    detail: { digest: shared.digest, removedTags: shared.tags },
  });
  return {
    deleted: shared.tags,
    digest: shared.digest,
    note: 'The registry removed every tag of this digest; disk space returns after the registry runs garbage collection.',
  };
}
