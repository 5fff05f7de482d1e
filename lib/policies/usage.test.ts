import { describe, expect, it } from 'vitest';
import { computeUsage } from '@/lib/policies/usage';
import { manifestReferences, type ManifestReferences } from '@/lib/registry/client';

const image = (...blobs: Array<[string, number]>): ManifestReferences => ({ blobs, children: [] });

describe('computeUsage', () => {
  it('counts a layer two images share once, and each config', () => {
    const contents = new Map([
      ['sha256:m1', image(['sha256:c1', 100], ['sha256:base', 5000], ['sha256:l1', 300])],
      ['sha256:m2', image(['sha256:c2', 110], ['sha256:base', 5000], ['sha256:l2', 700])],
    ]);
    expect(computeUsage(['sha256:m1', 'sha256:m2', 'sha256:m1'], contents)).toEqual({
      usedBytes: 100 + 5000 + 300 + 110 + 700,
      missing: [],
    });
  });

  it("counts an index's child manifests' blobs, and says which manifests are not stored", () => {
    const contents = new Map([
      ['sha256:index', { blobs: [], children: ['sha256:amd64', 'sha256:arm64'] }],
      ['sha256:amd64', image(['sha256:c1', 10], ['sha256:l1', 1000])],
    ]);
    expect(computeUsage(['sha256:index', 'sha256:amd64'], contents)).toEqual({
      usedBytes: 1010,
      missing: ['sha256:arm64'],
    });
  });

  it('is zero for no tags', () => {
    expect(computeUsage([], new Map())).toEqual({ usedBytes: 0, missing: [] });
  });
});

describe('manifestReferences', () => {
  it('reads config and layers of an image manifest, children of an index', () => {
    expect(
      manifestReferences({
        config: { digest: 'sha256:c', size: 7 },
        layers: [{ digest: 'sha256:l', size: 9 }],
      }),
    ).toEqual({
      blobs: [
        ['sha256:c', 7],
        ['sha256:l', 9],
      ],
      children: [],
    });
    expect(manifestReferences({ manifests: [{ digest: 'sha256:a', size: 500 }] })).toEqual({
      blobs: [],
      children: ['sha256:a'],
    });
    expect(manifestReferences(null)).toEqual({ blobs: [], children: [] });
  });
});
