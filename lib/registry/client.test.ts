import { describe, expect, it } from 'vitest';
import { MANIFEST_ACCEPT, RegistryClient, RegistryError, type RegistryAccess } from '@/lib/registry/client';

type Route = (url: URL, init: RequestInit) => Response | Promise<Response>;

function fakeRegistry(routes: Record<string, Route>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (input: string | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    calls.push({ url: url.pathname + url.search, init });
    const route = routes[`${init.method ?? 'GET'} ${url.pathname}`];
    return route ? route(url, init) : new Response('{"errors":[{"code":"NAME_UNKNOWN"}]}', { status: 404 });
  }) as typeof fetch;
  const tokens: RegistryAccess[][] = [];
  const client = new RegistryClient({
    baseUrl: 'http://registry.test/',
    fetchImpl,
    token: async (access) => {
      tokens.push(access);
      return 'tok';
    },
  });
  return { client, calls, tokens };
}

const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

describe('RegistryClient', () => {
  it('walks the catalog through relative Link headers with a catalog token', async () => {
    const { client, tokens } = fakeRegistry({
      'GET /v2/_catalog': (url) =>
        url.searchParams.get('last')
          ? json({ repositories: ['c/d'] })
          : json({ repositories: ['a/b', 'a/c'] }, { Link: '</v2/_catalog?last=a%2Fc&n=2>; rel="next"' }),
    });
    expect(await client.catalog(2)).toEqual(['a/b', 'a/c', 'c/d']);
    expect(tokens[0]).toEqual([{ type: 'registry', name: 'catalog', actions: ['*'] }]);
  });

  it('treats "tags": null as no tags and sorts the rest', async () => {
    const { client } = fakeRegistry({
      'GET /v2/a/b/tags/list': () => json({ name: 'a/b', tags: null }),
      'GET /v2/a/c/tags/list': () => json({ name: 'a/c', tags: ['v2', 'latest', 'v1'] }),
    });
    expect(await client.tags('a/b')).toEqual([]);
    expect(await client.tags('a/c')).toEqual(['latest', 'v1', 'v2']);
  });

  it('asks for every manifest type and sums config and layers for an image', async () => {
    const { client, calls } = fakeRegistry({
      'GET /v2/a/b/manifests/v1': () =>
        json(
          {
            schemaVersion: 2,
            config: { digest: 'sha256:cfg', size: 100 },
            layers: [
              { digest: 'sha256:l1', size: 1000 },
              { digest: 'sha256:l2', size: 24 },
            ],
          },
          {
            'Content-Type': 'application/vnd.oci.image.manifest.v1+json',
            'Docker-Content-Digest': 'sha256:m1',
          },
        ),
      'GET /v2/a/b/blobs/sha256:cfg': () =>
        json({ created: '2026-01-02T03:04:05Z', os: 'linux', architecture: 'arm64', variant: 'v8' }),
    });
    const info = await client.describe('a/b', 'v1');
    expect(info).toEqual({
      digest: 'sha256:m1',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 1124,
      created: '2026-01-02T03:04:05Z',
      platforms: [{ os: 'linux', architecture: 'arm64', variant: 'v8' }],
      isIndex: false,
    });
    expect((calls[0]!.init.headers as Record<string, string>).Accept).toBe(MANIFEST_ACCEPT);
  });

  it('lists every platform of an index and hides attestations', async () => {
    const child = (digest: string, cfg: string) => () =>
      json(
        { config: { digest: cfg, size: 10 }, layers: [{ digest: 'sha256:x', size: 90 }] },
        { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json', 'Docker-Content-Digest': digest },
      );
    const { client } = fakeRegistry({
      'GET /v2/a/b/manifests/multi': () =>
        json(
          {
            manifests: [
              { digest: 'sha256:amd', size: 300, platform: { os: 'linux', architecture: 'amd64' } },
              {
                digest: 'sha256:arm',
                size: 300,
                platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
              },
              {
                digest: 'sha256:att',
                size: 300,
                platform: { os: 'unknown', architecture: 'unknown' },
                annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
              },
            ],
          },
          {
            'Content-Type': 'application/vnd.oci.image.index.v1+json',
            'Docker-Content-Digest': 'sha256:idx',
          },
        ),
      'GET /v2/a/b/manifests/sha256:amd': child('sha256:amd', 'sha256:c1'),
      'GET /v2/a/b/manifests/sha256:arm': child('sha256:arm', 'sha256:c2'),
      'GET /v2/a/b/blobs/sha256:c1': () =>
        json({ created: '2026-01-01T00:00:00Z', os: 'linux', architecture: 'amd64' }),
      'GET /v2/a/b/blobs/sha256:c2': () =>
        json({ created: '2026-02-01T00:00:00Z', os: 'linux', architecture: 'arm64' }),
    });
    const info = await client.describe('a/b', 'multi');
    expect(info.isIndex).toBe(true);
    expect(info.size).toBe(200);
    expect(info.created).toBe('2026-02-01T00:00:00Z');
    expect(info.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? '/' + p.variant : ''}`)).toEqual(
      ['linux/amd64', 'linux/arm64/v8'],
    );
  });

  it('maps registry answers to clear error kinds', async () => {
    const { client } = fakeRegistry({
      'DELETE /v2/a/b/manifests/sha256:1': () =>
        new Response('{"errors":[{"code":"UNSUPPORTED"}]}', { status: 405 }),
      'GET /v2/': () => new Response('{}', { status: 401 }),
    });
    await expect(client.deleteManifest('a/b', 'sha256:1')).rejects.toMatchObject({ kind: 'delete_disabled' });
    await expect(client.ping()).rejects.toMatchObject({ kind: 'denied' });
    await expect(client.tags('no/such')).rejects.toMatchObject({ kind: 'not_found' });
    const down = new RegistryClient({
      baseUrl: 'http://127.0.0.1:1',
      token: async () => 't',
      timeoutMs: 2000,
    });
    await expect(down.ping()).rejects.toBeInstanceOf(RegistryError);
    await expect(down.ping()).rejects.toMatchObject({ kind: 'unreachable' });
  });
});
