// A client for the distribution registry's v2 API (distribution 2.8 docs/spec/api.md), calling
// with Wharf's own service tokens. It knows every Docker and OCI manifest media type and
// reads image details (created, platforms, size) from manifests and config blobs.
import { observeRegistryRequest } from '@/lib/metrics';

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

/** Without all four, 2.8 rewrites docker manifests fetched by tag to schema1 and hides OCI ones. */
export const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');

export type RegistryAccess = { type: 'repository' | 'registry'; name: string; actions: string[] };
export type TokenProvider = (access: RegistryAccess[]) => Promise<string>;

export type RegistryErrorKind = 'unreachable' | 'not_found' | 'delete_disabled' | 'denied' | 'protocol';

export class RegistryError extends Error {
  /** By name, not instanceof: the client is shared process-wide across Next.js bundles. */
  static is(err: unknown): err is RegistryError {
    return (
      err instanceof Error && err.name === 'RegistryError' && typeof (err as RegistryError).kind === 'string'
    );
  }

  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export type Platform = { os: string; architecture: string; variant?: string; digest?: string; size?: number };

export type ManifestInfo = {
  digest: string;
  mediaType: string;
  /** Compressed size: config + layers (for an index: the sum over its platforms). */
  size: number;
  created: string | null;
  platforms: Platform[];
  isIndex: boolean;
};

type Descriptor = {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
};
type ImageManifest = { mediaType?: string; config: Descriptor; layers: Descriptor[] };
type IndexManifest = { mediaType?: string; manifests: Descriptor[] };
type ImageConfig = { created?: string; os?: string; architecture?: string; variant?: string };

/** What a manifest references: its blobs (config and layers) as [digest, size], or an index's children. */
export type ManifestReferences = { blobs: Array<[string, number]>; children: string[] };

/** The references in a manifest body (image manifest or index, Docker or OCI). */
export function manifestReferences(body: unknown): ManifestReferences {
  const b = (body ?? {}) as Partial<ImageManifest & IndexManifest>;
  if (Array.isArray(b.manifests)) return { blobs: [], children: b.manifests.map((m) => m.digest) };
  const blobs: Array<[string, number]> = [];
  for (const d of [b.config, ...(Array.isArray(b.layers) ? b.layers : [])])
    if (d && typeof d.digest === 'string') blobs.push([d.digest, Number(d.size) || 0]);
  return { blobs, children: [] };
}

export type RegistryClientOptions = {
  baseUrl: string;
  token: TokenProvider;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
};

const isIndexType = (t: string | undefined) => t === MEDIA_TYPES.dockerList || t === MEDIA_TYPES.ociIndex;

export class RegistryClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: RegistryClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  private async request(path: string, access: RegistryAccess[], init: RequestInit = {}): Promise<Response> {
    const token = await this.options.token(access);
    const method = init.method ?? 'GET';
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        ...init,
        redirect: 'follow',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` },
      });
      observeRegistryRequest(method, res.status, took());
    } catch (err) {
      observeRegistryRequest(method, 'unreachable', took());
      const timedOut = (err as Error).name === 'TimeoutError';
      throw new RegistryError(
        'unreachable',
        timedOut
          ? `the registry did not answer within ${this.timeoutMs} ms`
          : 'the registry cannot be reached',
      );
    }
    if (res.status === 401 || res.status === 403)
      throw new RegistryError(
        'denied',
        "the registry refused Wharf's service token (check REGISTRY_SERVICE, TOKEN_ISSUER and the registry's rootcertbundle)",
        res.status,
      );
    if (res.status === 404) throw new RegistryError('not_found', `not found in the registry: ${path}`, 404);
    if (res.status === 405 && init.method === 'DELETE') {
      throw new RegistryError(
        'delete_disabled',
        'the registry does not allow deletes: set storage.delete.enabled: true in its configuration',
        405,
      );
    }
    if (res.status >= 400)
      throw new RegistryError(
        'protocol',
        `the registry answered ${res.status} for ${method} ${path}`,
        res.status,
      );
    return res;
  }

  private async json<T>(path: string, access: RegistryAccess[], init?: RequestInit): Promise<T> {
    const res = await this.request(path, access, init);
    try {
      return (await res.json()) as T;
    } catch {
      throw new RegistryError('protocol', `the registry sent a body that is not JSON for ${path}`);
    }
  }

  /** GET /v2/: reachability and whether the registry accepts Wharf's tokens. */
  async ping(): Promise<void> {
    await this.request('/v2/', []);
  }

  /** Every repository name, following the relative `Link` header page by page. */
  async catalog(pageSize = 1000): Promise<string[]> {
    const names: string[] = [];
    let path: string | null = `/v2/_catalog?n=${pageSize}`;
    const access: RegistryAccess[] = [{ type: 'registry', name: 'catalog', actions: ['*'] }];
    for (let guard = 0; path && guard < 100_000; guard++) {
      const res: Response = await this.request(path, access);
      const body = (await res.json()) as { repositories?: string[] | null };
      const page = body.repositories ?? [];
      names.push(...page);
      const link = res.headers.get('link');
      const next = link && /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1];
      path =
        page.length && next
          ? new URL(next, this.baseUrl + '/').pathname + new URL(next, this.baseUrl + '/').search
          : null;
    }
    return names;
  }

  /** All tags of a repository (2.8 ignores n/last and may answer `null`), sorted. */
  async tags(repository: string): Promise<string[]> {
    const body = await this.json<{ tags?: string[] | null }>(`/v2/${repository}/tags/list`, [
      { type: 'repository', name: repository, actions: ['pull'] },
    ]);
    return [...(body.tags ?? [])].sort();
  }

  async manifest(
    repository: string,
    reference: string,
  ): Promise<{ digest: string; mediaType: string; size: number; body: ImageManifest | IndexManifest }> {
    const res = await this.request(
      `/v2/${repository}/manifests/${reference}`,
      [{ type: 'repository', name: repository, actions: ['pull'] }],
      {
        headers: { Accept: MANIFEST_ACCEPT },
      },
    );
    const text = await res.text();
    let body: ImageManifest | IndexManifest;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RegistryError('protocol', `manifest ${repository}:${reference} is not JSON`);
    }
    const digest = res.headers.get('docker-content-digest') ?? reference;
    const mediaType = (res.headers.get('content-type') ?? body.mediaType ?? '').split(';')[0]!.trim();
    return { digest, mediaType, size: Buffer.byteLength(text), body };
  }

  /** The digest a tag points at, by HEAD (no body transferred). */
  async digestOf(repository: string, reference: string): Promise<string> {
    const res = await this.request(
      `/v2/${repository}/manifests/${reference}`,
      [{ type: 'repository', name: repository, actions: ['pull'] }],
      {
        method: 'HEAD',
        headers: { Accept: MANIFEST_ACCEPT },
      },
    );
    const digest = res.headers.get('docker-content-digest');
    if (!digest)
      throw new RegistryError('protocol', `no Docker-Content-Digest for ${repository}:${reference}`);
    return digest;
  }

  async blobJson<T>(repository: string, digest: string): Promise<T> {
    return this.json<T>(`/v2/${repository}/blobs/${digest}`, [
      { type: 'repository', name: repository, actions: ['pull'] },
    ]);
  }

  /** Details of a tag or digest: media type, size, created time and platforms (every platform of an index). */
  async describe(repository: string, reference: string): Promise<ManifestInfo> {
    const m = await this.manifest(repository, reference);
    if (isIndexType(m.mediaType) || 'manifests' in m.body) {
      const children = (m.body as IndexManifest).manifests.filter(
        (d) =>
          d.platform &&
          d.platform.os !== 'unknown' &&
          d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
      );
      const platforms: Platform[] = [];
      let created: string | null = null;
      let size = 0;
      for (const child of children) {
        const info = await this.describe(repository, child.digest).catch(() => null);
        const childSize = info?.size ?? child.size;
        size += childSize;
        if (info?.created && (!created || info.created > created)) created = info.created;
        platforms.push({
          os: child.platform!.os,
          architecture: child.platform!.architecture,
          ...(child.platform!.variant ? { variant: child.platform!.variant } : {}),
          digest: child.digest,
          size: childSize,
        });
      }
      return { digest: m.digest, mediaType: m.mediaType, size, created, platforms, isIndex: true };
    }
    const image = m.body as ImageManifest;
    if (!image.config || !Array.isArray(image.layers)) {
      throw new RegistryError(
        'protocol',
        `unsupported manifest type ${m.mediaType || 'unknown'} for ${repository}:${reference}`,
      );
    }
    const config = await this.blobJson<ImageConfig>(repository, image.config.digest).catch(
      () => ({}) as ImageConfig,
    );
    const size = image.config.size + image.layers.reduce((sum, l) => sum + l.size, 0);
    const platform: Platform | null =
      config.os && config.architecture
        ? {
            os: config.os,
            architecture: config.architecture,
            ...(config.variant ? { variant: config.variant } : {}),
          }
        : null;
    return {
      digest: m.digest,
      mediaType: m.mediaType,
      size,
      created: config.created ?? null,
      platforms: platform ? [platform] : [],
      isIndex: false,
    };
  }

  /** Deletes a manifest by digest; 2.8 removes every tag that points at it. */
  async deleteManifest(repository: string, digest: string): Promise<void> {
    await this.request(
      `/v2/${repository}/manifests/${digest}`,
      [{ type: 'repository', name: repository, actions: ['delete'] }],
      { method: 'DELETE' },
    );
  }
}
