// Tag retention against the suite's real registry 2.8: a dry run lists what the rules would
// delete and why, the real run deletes exactly that through the v2 API (by digest), a tag
// sharing its digest with a kept tag survives, and the run is recorded.
import { expect, test } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { signInViaApi } from '../fixtures/auth';
import { Podman, registryHost } from '../fixtures/clients';
import { RegistryClient, type RegistryCredential } from '../fixtures/matrix';
import { ADMIN_PASSWORD } from '../fixtures/wharf-server';

test.describe.configure({ mode: 'serial' });

const credential: RegistryCredential = { kind: 'basic', username: 'admin', password: ADMIN_PASSWORD };
const ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';
const pad = (i: number) => `t${String(i).padStart(2, '0')}`;

let admin: Api;
let project: string;
let repo: string;
let reg: RegistryClient;

/** Puts the manifest `from` points at under tag `to` as well (the same digest). */
async function retag(from: string, to: string) {
  const m = await reg.call('GET', `/v2/${repo}/manifests/${from}`, credential, {
    headers: { Accept: ACCEPT },
  });
  const put = await reg.call('PUT', `/v2/${repo}/manifests/${to}`, credential, {
    headers: { 'Content-Type': m.headers.get('content-type')! },
    body: m.body,
  });
  expect(put.status, put.body).toBe(201);
}

const registryTags = async () => {
  const res = await reg.call('GET', `/v2/${repo}/tags/list`, credential);
  return ((JSON.parse(res.body).tags as string[] | null) ?? []).sort();
};
const wharfTags = async () =>
  (
    (await admin.get(`/api/v1/repositories/${repo}/tags?pageSize=100&sort=name`)).data.items as Array<{
      name: string;
    }>
  )
    .map((t) => t.name)
    .sort();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  admin = await Api.admin();
  reg = new RegistryClient(registryHost());
  project = await createProject(admin, { prefix: 'retain' });
  repo = `${project}/app`;
  const podman = new Podman();
  expect((await podman.login('admin', ADMIN_PASSWORD)).code).toBe(0);
  await podman.makeImage(`${registryHost()}/${repo}:${pad(1)}`);
  const pushed = await podman.push(`${registryHost()}/${repo}:${pad(1)}`);
  expect(pushed.code, pushed.stderr).toBe(0);
  // t02…t12 one after the other, each with a digest of its own; then s-old, s-new, and
  // s-latest on s-old's digest.
  for (let i = 2; i <= 12; i++) await reg.pushThrowawayManifest(repo, pad(1), pad(i), credential);
  await reg.pushThrowawayManifest(repo, pad(1), 's-old', credential);
  await reg.pushThrowawayManifest(repo, pad(1), 's-new', credential);
  await retag('s-old', 's-latest');
  await expect.poll(wharfTags, { timeout: 15_000 }).toHaveLength(15);
});

test('only project admins set retention rules', async () => {
  const maintainer = await createUser(admin, { prefix: 'rmaint' });
  await admin.post(`/api/v1/projects/${project}/members`, {
    username: maintainer.username,
    role: 'maintainer',
  });
  const res = await maintainer.api.put(`/api/v1/projects/${project}/retention`, {
    rules: [{ keepLatest: 1 }],
  });
  expect(res.status).toBe(403);
  const bad = await admin.put(`/api/v1/projects/${project}/retention`, {
    rules: [{ keepLatest: 1, keepDays: 2 }],
  });
  expect(bad.status).toBe(400);
  expect(bad.data.error.message).toMatch(/keepLatest|keepDays/);
});

test('keep latest 10 of 12: the dry run lists the 2 oldest, the run deletes them; a shared digest survives', async ({
  page,
}) => {
  const put = await admin.put(`/api/v1/projects/${project}/retention`, {
    rules: [
      { repositories: 'app', tags: 't*', keepLatest: 10 },
      { tags: 's-*', keepLatest: 1 },
    ],
    schedule: 'daily',
  });
  expect(put.status, JSON.stringify(put.data)).toBe(200);
  expect(put.data).toMatchObject({
    schedule: 'daily',
    rules: [
      { repositories: 'app', tags: 't*', keepLatest: 10 },
      { repositories: '**', tags: 's-*', keepLatest: 1 },
    ],
  });

  const dry = await admin.post(`/api/v1/projects/${project}/retention/runs`, { dryRun: true });
  expect(dry.status, JSON.stringify(dry.data)).toBe(200);
  expect(dry.data.tags.map((t: { tag: string }) => t.tag)).toEqual([pad(1), pad(2), 's-new']);
  expect(dry.data.tags[0].reason).toMatch(/not among the 10 most recently pushed/);
  expect(dry.data.keptBySharedDigest).toMatchObject([{ tag: 's-old', keptWith: 's-latest' }]);
  // The Policies tab shows the saved rules and the same dry run.
  expect((await signInViaApi(page.request, 'admin', ADMIN_PASSWORD)).ok).toBe(true);
  await page.goto(`/projects/${project}/policies`);
  await expect(page.getByTestId('retention-rule')).toHaveCount(2);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByRole('heading', { name: /3 tags would be deleted/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tags a run would delete' }).getByRole('row')).toHaveCount(4);
  await expect(page.getByText(/s-old \(with s-latest\)/)).toBeVisible();
  // A dry run deletes nothing and records no run.
  expect(await registryTags()).toHaveLength(15);
  expect((await admin.get(`/api/v1/projects/${project}/retention/runs`)).data.items).toEqual([]);

  const run = await admin.post(`/api/v1/projects/${project}/retention/runs`, {});
  expect(run.status, JSON.stringify(run.data)).toBe(201);
  expect(run.data).toMatchObject({
    dryRun: false,
    deleted: 3,
    errors: [],
    trigger: 'manual',
    startedBy: 'admin',
  });

  const kept = [...Array.from({ length: 10 }, (_, i) => pad(i + 3)), 's-latest', 's-old'].sort();
  expect(await registryTags()).toEqual(kept);
  const gone = await reg.call('GET', `/v2/${repo}/manifests/${pad(1)}`, credential, {
    headers: { Accept: ACCEPT },
  });
  expect(gone.status).toBe(404);
  await expect.poll(wharfTags).toEqual(kept);

  const runs = (await admin.get(`/api/v1/projects/${project}/retention/runs`)).data.items;
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ deleted: 3, errors: [] });
  expect(runs[0].finishedAt).not.toBeNull();
  // Nothing more to delete now.
  const again = await admin.post(`/api/v1/projects/${project}/retention/runs`, { dryRun: true });
  expect(again.data.tags).toEqual([]);
});
