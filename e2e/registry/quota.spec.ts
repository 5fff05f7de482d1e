// Storage quotas against the suite's real registry 2.8 with podman: usage counts a layer two
// images share once; at or over the quota podman's push is refused (pull goes on, the UI says
// why); raising the quota lets it push again.
import { expect, test } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { signInViaApi } from '../fixtures/auth';
import { Podman, registryHost } from '../fixtures/clients';
import { RegistryClient, type RegistryCredential } from '../fixtures/matrix';
import { requestToken } from '../fixtures/token';
import { ADMIN_PASSWORD } from '../fixtures/wharf-server';

test.describe.configure({ mode: 'serial' });

let admin: Api;
let project: string;
let dev: { username: string; password: string; api: Api };
let podman: Podman;
const adminCredential: RegistryCredential = { kind: 'basic', username: 'admin', password: ADMIN_PASSWORD };

const usage = async () => (await admin.get(`/api/v1/projects/${project}`)).data;

/** The distinct blobs (config and layers) of manifests, summed, as read from the registry itself. */
async function distinctBlobBytes(repo: string, tags: string[]): Promise<{ distinct: number; naive: number }> {
  const reg = new RegistryClient(registryHost());
  const blobs = new Map<string, number>();
  let naive = 0;
  for (const tag of tags) {
    const res = await reg.call('GET', `/v2/${repo}/manifests/${tag}`, adminCredential, {
      headers: {
        Accept:
          'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      },
    });
    expect(res.status).toBe(200);
    const m = JSON.parse(res.body);
    for (const d of [m.config, ...m.layers]) {
      blobs.set(d.digest, d.size);
      naive += d.size;
    }
  }
  return { distinct: [...blobs.values()].reduce((a, b) => a + b, 0), naive };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  admin = await Api.admin();
  project = await createProject(admin, { prefix: 'quota' });
  dev = await createUser(admin, { prefix: 'qdev' });
  expect(
    (
      await admin.post(`/api/v1/projects/${project}/members`, {
        username: dev.username,
        role: 'projectAdmin',
      })
    ).status,
  ).toBe(201);
  podman = new Podman();
  expect((await podman.login(dev.username, dev.password)).code).toBe(0);
});

test('usage: two images sharing a layer count that layer once', async () => {
  const repo = `${project}/app`;
  await podman.makeImage(`${registryHost()}/${repo}:a`);
  const pushed = await podman.push(`${registryHost()}/${repo}:a`);
  expect(pushed.code, pushed.stderr).toBe(0);
  // b: the same layer as a, a config of its own.
  await new RegistryClient(registryHost()).pushThrowawayManifest(repo, 'a', 'b', adminCredential);
  const { distinct, naive } = await distinctBlobBytes(repo, ['a', 'b']);
  expect(distinct).toBeLessThan(naive);
  await expect.poll(async () => (await usage()).usedBytes, { timeout: 15_000 }).toBe(distinct);
  expect((await usage()).quotaBytes).toBeNull();
  const list = await admin.get(`/api/v1/projects?q=${project}`);
  expect(list.data.items[0]).toMatchObject({ name: project, usedBytes: distinct, quotaBytes: null });
});

test('a quota below usage refuses podman push, pull goes on; raising it allows push again', async ({
  page,
}) => {
  const used = (await usage()).usedBytes as number;
  expect(used).toBeGreaterThan(0);
  // Only system administrators set quotas, not even the project's admin.
  const denied = await dev.api.patch(`/api/v1/projects/${project}`, { quotaBytes: used * 10 });
  expect(denied.status).toBe(403);
  expect(denied.data.error.message).toMatch(/system administrators/);

  const set = await admin.patch(`/api/v1/projects/${project}`, { quotaBytes: used - 1 });
  expect(set.status, JSON.stringify(set.data)).toBe(200);
  expect(set.data).toMatchObject({ quotaBytes: used - 1, usedBytes: used, quotaReached: true });
  expect(set.data.permissions.push).toBe(false);

  const ref = `${registryHost()}/${project}/app:c`;
  await podman.makeImage(ref);
  const refused = await podman.push(ref);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/denied|unauthorized/i);
  // The token says why nothing was granted: pull and delete stay.
  const token = await requestToken({
    username: dev.username,
    password: dev.password,
    scopes: [`repository:${project}/app:pull,push,delete`],
  });
  expect(token.access).toEqual([{ type: 'repository', name: `${project}/app`, actions: ['pull', 'delete'] }]);

  const other = new Podman();
  expect((await other.login(dev.username, dev.password)).code).toBe(0);
  const pulled = await other.pull(`${registryHost()}/${project}/app:a`);
  expect(pulled.code, pulled.stderr).toBe(0);

  // The project page says so.
  expect((await signInViaApi(page.request, dev.username, dev.password)).ok).toBe(true);
  await page.goto(`/projects/${project}`);
  await expect(page.getByTestId('storage-usage')).toHaveText(/^quota reached: .+ of .+$/);

  const raised = await admin.patch(`/api/v1/projects/${project}`, { quotaBytes: null });
  expect(raised.data).toMatchObject({ quotaBytes: null, quotaReached: false });
  const again = await podman.push(ref);
  expect(again.code, again.stderr).toBe(0);
});

test('the default quota applies to new projects', async () => {
  const set = await admin.put('/api/v1/settings', { defaultQuotaBytes: 4 * 1024 ** 3 });
  expect(set.status, JSON.stringify(set.data)).toBe(200);
  try {
    const name = await createProject(admin, { prefix: 'quotadef' });
    expect((await admin.get(`/api/v1/projects/${name}`)).data).toMatchObject({
      quotaBytes: 4 * 1024 ** 3,
      usedBytes: 0,
      quotaReached: false,
    });
  } finally {
    expect(
      (await admin.put('/api/v1/settings', { defaultQuotaBytes: null })).data.defaultQuotaBytes,
    ).toBeNull();
  }
});
