// Registry browsing with real pushes: docker and OCI images and a multi-platform index,
// tags through notifications, paging/sorting/search, delete by digest, reconcile.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { signInViaUi } from '../fixtures/auth';
import { Api, createProject, createUser } from '../fixtures/api';
import { Podman, registryHost, run } from '../fixtures/clients';

let admin: Api;
let project: string;
let podman: Podman;
let dev: Awaited<ReturnType<typeof createUser>>;
let maint: Awaited<ReturnType<typeof createUser>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  admin = await Api.admin();
  project = await createProject(admin, { prefix: 'browse' });
  dev = await createUser(admin, { prefix: 'bdev' });
  maint = await createUser(admin, { prefix: 'bmaint' });
  await admin.post(`/api/v1/projects/${project}/members`, { username: dev.username, role: 'developer' });
  await admin.post(`/api/v1/projects/${project}/members`, { username: maint.username, role: 'maintainer' });
  podman = new Podman();
  expect((await podman.login(dev.username, dev.password)).code).toBe(0);
  const host = registryHost();
  // A docker (v2s2) image and an OCI image.
  await podman.makeImage(`${host}/${project}/app:docker`);
  expect(
    (await podman.run(['push', '--tls-verify=false', '--format', 'v2s2', `${host}/${project}/app:docker`]))
      .code,
  ).toBe(0);
  await podman.makeImage(`${host}/${project}/app:oci`);
  expect(
    (await podman.run(['push', '--tls-verify=false', '--format', 'oci', `${host}/${project}/app:oci`])).code,
  ).toBe(0);
  // The same digest under two tags.
  expect(
    (await podman.run(['tag', `${host}/${project}/app:oci`, `${host}/${project}/app:oci-copy`])).code,
  ).toBe(0);
  expect(
    (await podman.run(['push', '--tls-verify=false', '--format', 'oci', `${host}/${project}/app:oci-copy`]))
      .code,
  ).toBe(0);
  // A multi-platform OCI index built by hand.
  await podman.run([
    'import',
    '--arch',
    'arm64',
    '--os',
    'linux',
    '--variant',
    'v8',
    await tarOf(podman, 'arm'),
    'localhost/m-arm:1',
  ]);
  await podman.run([
    'import',
    '--arch',
    'amd64',
    '--os',
    'linux',
    await tarOf(podman, 'amd'),
    'localhost/m-amd:1',
  ]);
  await podman.run(['manifest', 'create', 'localhost/multi:1']);
  await podman.run(['manifest', 'add', 'localhost/multi:1', 'containers-storage:localhost/m-arm:1']);
  await podman.run(['manifest', 'add', 'localhost/multi:1', 'containers-storage:localhost/m-amd:1']);
  const pushed = await podman.run([
    'manifest',
    'push',
    '--all',
    '--format',
    'oci',
    '--tls-verify=false',
    'localhost/multi:1',
    `docker://${host}/${project}/app:multi`,
  ]);
  expect(pushed.code, pushed.stderr).toBe(0);
});

async function tarOf(p: Podman, name: string): Promise<string> {
  const dir = mkdtempSync(path.join(p.dir, 'tar-'));
  writeFileSync(path.join(dir, `${name}.txt`), `${name} ${Date.now()}`);
  await run('tar', ['-C', dir, '-cf', path.join(dir, 'l.tar'), `${name}.txt`]);
  return path.join(dir, 'l.tar');
}

const tagsUrl = (q = '') => `/api/v1/repositories/${project}/app/tags${q}`;

test('[BROWSE]: pushed tags appear with digest, size, platforms and who pushed them', async () => {
  await expect.poll(async () => (await dev.api.get(tagsUrl())).data.total, { timeout: 15_000 }).toBe(4);
  const { data } = await dev.api.get(tagsUrl('?sort=name'));
  expect(data.items.map((t: { name: string }) => t.name)).toEqual(['docker', 'multi', 'oci', 'oci-copy']);
  const byName = Object.fromEntries(data.items.map((t: { name: string }) => [t.name, t]));
  expect(byName.docker).toMatchObject({
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    pushedBy: dev.username,
  });
  expect(byName.docker.size).toBeGreaterThan(0);
  expect(byName.oci.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
  expect(byName.oci.digest).toBe(byName['oci-copy'].digest);
  expect(byName.multi.mediaType).toBe('application/vnd.oci.image.index.v1+json');
  expect(
    byName.multi.platforms
      .map(
        (p: { architecture: string; variant?: string }) =>
          p.architecture + (p.variant ? '/' + p.variant : ''),
      )
      .sort(),
  ).toEqual(['amd64', 'arm64/v8']);
  expect(data.canDelete).toBe(false);

  const repos = await dev.api.get(`/api/v1/projects/${project}/repositories`);
  expect(repos.data.items).toEqual([expect.objectContaining({ name: `${project}/app`, tagCount: 4 })]);
});

test('[BROWSE]: paging, sorting and search run across all tags on the server', async () => {
  const p1 = await dev.api.get(tagsUrl('?sort=-name&pageSize=3&page=1'));
  const p2 = await dev.api.get(tagsUrl('?sort=-name&pageSize=3&page=2'));
  expect(p1.data.items.map((t: { name: string }) => t.name)).toEqual(['oci-copy', 'oci', 'multi']);
  expect(p2.data.items.map((t: { name: string }) => t.name)).toEqual(['docker']);
  expect(p1.data.total).toBe(4);
  const search = await dev.api.get(tagsUrl('?q=oci'));
  expect(search.data.items.map((t: { name: string }) => t.name).sort()).toEqual(['oci', 'oci-copy']);
  expect((await dev.api.get(tagsUrl('?sort=sideways'))).status).toBe(400);
  expect((await dev.api.get(tagsUrl('?q=' + 'x'.repeat(200)))).status).toBe(400);
});

test('[BROWSE]: outsiders cannot see the repository; bad names are 400', async () => {
  const outsider = await createUser(admin, { prefix: 'bout' });
  expect((await outsider.api.get(tagsUrl())).status).toBe(404);
  expect((await outsider.api.get(`/api/v1/projects/${project}/repositories`)).status).toBe(404);
  expect((await dev.api.get('/api/v1/repositories/../etc/tags')).status).toBeGreaterThanOrEqual(400);
  expect((await dev.api.get(`/api/v1/repositories/${project}/App/tags`)).status).toBe(400);
});

test('[UI]: the repository page lists tags with platforms and warns which tags a delete takes along', async ({
  page,
}) => {
  await signInViaUi(page, maint.username, maint.password);
  await expect(page).toHaveURL(/\/projects/);
  await page.goto(`/repositories/${project}/app?sort=name`);
  await expect(page.getByRole('heading', { name: `${project}/app` })).toBeVisible();
  await expect(page.getByTestId('tag-multi')).toContainText('linux/arm64/v8');
  await expect(page.getByTestId('tag-docker')).toContainText(`by ${dev.username}`);
  const shots = path.join(__dirname, '..', 'screenshots');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'repository-tags.png'), fullPage: true });
  await page.getByRole('button', { name: 'Delete tag oci', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('These tags share the digest and will be deleted too: oci-copy');
  await page.screenshot({ path: path.join(shots, 'repository-delete-dialog.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // The header search finds the repository.
  await page.getByLabel('Search everything (projects, repositories)').fill(project.slice(0, 20));
  await expect(page.getByRole('option').filter({ hasText: `${project}/app` })).toBeVisible();
  await page.keyboard.press('Escape');
  // Sorting by name descending through the column header, server-side.
  await page.getByRole('link', { name: /^Tag/ }).click();
  await expect(page.locator('tbody tr').first()).toHaveAttribute('data-testid', 'tag-oci-copy');
});

test('[DELETE]: deleting a tag removes every tag of its digest; developers may not', async () => {
  expect((await dev.api.delete(tagsUrl('/oci'))).status).toBe(403);
  const maintApi = maint.api;
  const res = await maintApi.delete(tagsUrl('/oci'));
  expect(res.status).toBe(200);
  expect(res.data.deleted).toEqual(['oci', 'oci-copy']);
  expect(res.data.note).toMatch(/garbage collection/);
  const after = await dev.api.get(tagsUrl('?sort=name'));
  expect(after.data.items.map((t: { name: string }) => t.name)).toEqual(['docker', 'multi']);
  expect((await maintApi.delete(tagsUrl('/oci'))).status).toBe(404);
});

test('[RECONCILE]: drift (a missed notification) is repaired from the registry', async () => {
  const client = new pg.Client({ connectionString: process.env.WHARF_E2E_DATABASE_URL });
  await client.connect();
  try {
    // Forget a tag and invent one, as if notifications were lost.
    await client.query(
      `DELETE FROM "Tag" WHERE name = 'docker' AND "repositoryId" = (SELECT id FROM "Repository" WHERE name = $1)`,
      [`${project}/app`],
    );
    await client.query(
      `INSERT INTO "Tag" ("repositoryId", name, digest, "createdAt", "updatedAt") SELECT id, 'ghost', 'sha256:0000', now(), now() FROM "Repository" WHERE name = $1`,
      [`${project}/app`],
    );
  } finally {
    await client.end();
  }
  expect((await dev.api.post('/api/v1/system/reconcile', {})).status).toBe(403);
  const report = await admin.post('/api/v1/system/reconcile', {});
  expect(report.status).toBe(200);
  expect(report.data.tagsCreated).toBeGreaterThanOrEqual(1);
  expect(report.data.tagsRemoved).toBeGreaterThanOrEqual(1);
  const tags = await dev.api.get(tagsUrl('?sort=name'));
  expect(tags.data.items.map((t: { name: string }) => t.name)).toEqual(['docker', 'multi']);
  const health = await admin.get('/api/health');
  expect(health.data.components.registry.status).toBe('up');
  expect(health.data.components.reconcile.tagsCreated).toBeGreaterThanOrEqual(1);
});

test('[NOTIFY]: the notification sink refuses a wrong secret and ignores duplicates', async ({ request }) => {
  const event = {
    id: `dup-${Date.now()}`,
    action: 'push',
    target: {
      repository: `${project}/app`,
      tag: 'notified',
      digest: 'sha256:1111',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    },
    actor: { name: dev.username },
  };
  const send = (secret: string, events = [event]) =>
    request.post('/api/registry/events', {
      headers: {
        Authorization: `Bearer ${secret}`,
        'Content-Type': 'application/vnd.docker.distribution.events.v1+json',
      },
      data: Buffer.from(JSON.stringify({ events })),
    });
  expect((await send('wrong-secret')).status()).toBe(401);
  // Taken in at once and written in the background (the registry waits for each answer).
  const first = await send('e2e-notify-secret-0123456789');
  expect(first.status()).toBe(202);
  expect(await first.json()).toMatchObject({ received: 1, queued: 1 });
  const notified = async () => (await dev.api.get(tagsUrl('/notified'))).data.digest;
  await expect.poll(notified).toBe('sha256:1111');
  // Delivered again (same event id, even with other content): a no-op.
  event.target.digest = 'sha256:2222';
  expect((await send('e2e-notify-secret-0123456789')).status()).toBe(202);
  const marker = { ...event, id: `${event.id}-after`, target: { ...event.target, tag: 'notified-after' } };
  await send('e2e-notify-secret-0123456789', [marker]);
  await expect.poll(async () => (await dev.api.get(tagsUrl('?q=notified-after'))).data.total).toBe(1);
  expect(await notified()).toBe('sha256:1111');
  const junk = await request.post('/api/registry/events', {
    headers: { Authorization: 'Bearer e2e-notify-secret-0123456789' },
    data: Buffer.from('not json'),
  });
  expect(junk.status()).toBe(202); // never a 4xx that would block the registry's queue
});

test('[SEARCH]: the global search finds visible projects and repositories only', async () => {
  const found = await dev.api.get(`/api/v1/search?q=${project.slice(0, 20)}`);
  expect(found.data.projects.map((p: { name: string }) => p.name)).toContain(project);
  expect(found.data.repositories.map((r: { name: string }) => r.name)).toContain(`${project}/app`);
  const outsider = await createUser(admin, { prefix: 'sout' });
  const hidden = await outsider.api.get(`/api/v1/search?q=${project.slice(0, 20)}`);
  expect(hidden.data).toEqual({ projects: [], repositories: [] });
});
