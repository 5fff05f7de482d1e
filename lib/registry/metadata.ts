// Manifest details (size, created, platforms) by digest. A digest names immutable content,
// so details fetched once from the registry are kept in the database for good.
import 'server-only';
import { db } from '@/lib/db';
import type { ManifestInfo, Platform } from '@/lib/registry/client';
import { registryClient } from '@/lib/registry/service';

/** The same facts the registry client reads, as stored. */
export type ManifestDetails = ManifestInfo;

function fromRow(r: {
  digest: string;
  mediaType: string;
  size: bigint;
  created: Date | null;
  platforms: unknown;
  isIndex: boolean;
}): ManifestDetails {
  return {
    digest: r.digest,
    mediaType: r.mediaType,
    size: Number(r.size),
    created: r.created?.toISOString() ?? null,
    platforms: r.platforms as Platform[],
    isIndex: r.isIndex,
  };
}

export async function cachedManifests(digests: string[]): Promise<Map<string, ManifestDetails>> {
  const rows = await db.manifest.findMany({ where: { digest: { in: [...new Set(digests)] } } });
  return new Map(rows.map((r) => [r.digest, fromRow(r)]));
}

export async function storeManifest(info: ManifestInfo): Promise<ManifestDetails> {
  const created = info.created && !Number.isNaN(Date.parse(info.created)) ? new Date(info.created) : null;
  const data = {
    mediaType: info.mediaType.slice(0, 128),
    size: BigInt(info.size),
    created,
    platforms: info.platforms,
    isIndex: info.isIndex,
  };
  const row = await db.manifest.upsert({
    where: { digest: info.digest },
    create: { digest: info.digest, ...data },
    update: {},
  });
  return fromRow(row);
}

/**
 * Details for the given digests of one repository: from the database, fetching the missing
 * ones from the registry (a few at a time). Returns what it has if the registry is down.
 */
export async function manifestDetails(
  repository: string,
  digests: string[],
): Promise<{ details: Map<string, ManifestDetails>; registryError?: string }> {
  const details = await cachedManifests(digests);
  const missing = [...new Set(digests.filter((d) => !details.has(d)))];
  let registryError: string | undefined;
  for (let i = 0; i < missing.length && !registryError; i += 4) {
    await Promise.all(
      missing.slice(i, i + 4).map(async (digest) => {
        try {
          details.set(digest, await storeManifest(await registryClient().describe(repository, digest)));
        } catch (err) {
          if ((err as { kind?: string }).kind !== 'not_found') registryError = (err as Error).message;
        }
      }),
    );
  }
  return { details, registryError };
}
