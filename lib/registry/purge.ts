// The images a project name holds in the registry, read from the registry itself (not from
// Wharf's records, which may lag): a deleted project takes its images along, and a new
// project does not silently inherit an old one's. Repositories are `<project>/…`, and also a
// bare `<project>` pushed before Wharf refused such names.
import 'server-only';
import { AppError, conflict } from '@/lib/errors';
import { RegistryError } from '@/lib/registry/client';
import { registryClient } from '@/lib/registry/service';

export type RegistryRepository = { name: string; tags: string[] };

const belongsTo = (project: string) => (repository: string) =>
  repository === project || repository.startsWith(`${project}/`);

/** Maps registry failures to what the API answers: 409 when deletes are off, else 503. */
function registryFailure(err: unknown, what: string): never {
  if (RegistryError.is(err)) {
    if (err.kind === 'delete_disabled') throw conflict(`${what}: ${err.message}`);
    throw new AppError('unavailable', `${what}: ${err.message}`);
  }
  throw err;
}

async function tagsOrNone(repository: string): Promise<string[]> {
  try {
    return await registryClient().tags(repository);
  } catch (err) {
    if (RegistryError.is(err) && err.kind === 'not_found') return [];
    throw err;
  }
}

/**
 * The repositories the registry holds under a project name that still have tags (2.8 keeps
 * an emptied repository in its catalog for good). Throws RegistryError when it cannot tell.
 */
export async function registryRepositoriesOf(project: string): Promise<RegistryRepository[]> {
  const names = (await registryClient().catalog()).filter(belongsTo(project));
  const found: RegistryRepository[] = [];
  for (const name of names) {
    const tags = await tagsOrNone(name);
    if (tags.length) found.push({ name, tags });
  }
  return found;
}

async function deleteManifestIfThere(repository: string, digest: string) {
  try {
    await registryClient().deleteManifest(repository, digest);
  } catch (err) {
    if (!(RegistryError.is(err) && err.kind === 'not_found')) throw err;
  }
}

/**
 * Deletes every image of a repository: each tag's manifest by digest and, for an index, the
 * platform manifests it lists (pullable by digest otherwise). Returns the digests deleted.
 */
async function purgeRepository({ name, tags }: RegistryRepository): Promise<string[]> {
  const client = registryClient();
  const digests = new Set<string>();
  for (const tag of tags) {
    try {
      digests.add(await client.digestOf(name, tag));
    } catch (err) {
      if (!(RegistryError.is(err) && err.kind === 'not_found')) throw err;
    }
  }
  const deleted: string[] = [];
  for (const digest of digests) {
    const manifest = await client.manifest(name, digest).catch(() => null);
    await deleteManifestIfThere(name, digest);
    deleted.push(digest);
    const children = manifest && 'manifests' in manifest.body ? manifest.body.manifests : [];
    for (const child of children) {
      await deleteManifestIfThere(name, child.digest);
      deleted.push(child.digest);
    }
  }
  return deleted;
}

/** Deletes every image of these repositories from the registry; 409/503 when it cannot. */
export async function purgeRegistryRepositories(repositories: RegistryRepository[]): Promise<number> {
  let manifests = 0;
  try {
    for (const repository of repositories) manifests += (await purgeRepository(repository)).length;
  } catch (err) {
    registryFailure(
      err,
      "the project's images could not be deleted from the registry, so the project was kept",
    );
  }
  return manifests;
}
