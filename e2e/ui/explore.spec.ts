// Public images are public in the UI: signed-out visitors explore public projects from the
// landing page and browse their repositories and tags; private ones stay 404.
import { expect, test } from '@playwright/test';
import { Api, createProject } from '../fixtures/api';
import { Podman, registryHost } from '../fixtures/clients';
import { ADMIN_PASSWORD } from '../fixtures/wharf-server';

let admin: Api;
let publicProject: string;
let privateProject: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  admin = await Api.admin();
  publicProject = await createProject(admin, { prefix: 'explore-pub', public: true });
  privateProject = await createProject(admin, { prefix: 'explore-priv' });
  const podman = new Podman();
  expect((await podman.login('admin', ADMIN_PASSWORD)).code).toBe(0);
  for (const project of [publicProject, privateProject]) {
    const ref = `${registryHost()}/${project}/app:1.0`;
    await podman.makeImage(ref);
    const pushed = await podman.push(ref);
    expect(pushed.code, pushed.stderr).toBe(0);
    await expect
      .poll(async () => (await admin.get(`/api/v1/repositories/${project}/app/tags`)).data.total, {
        timeout: 30_000,
      })
      .toBe(1);
  }
});

test('[EXPLORE]: a signed-out visitor explores public projects and their tags without signing in', async ({
  page,
}) => {
  const landing = await page.goto(`/?q=${publicProject}`);
  expect(landing?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Explore' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('link', { name: publicProject, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${publicProject}$`));
  // Only the repositories tab: members, robots and settings are for signed-in users.
  const tabs = page.getByRole('navigation', { name: 'Project' });
  await expect(tabs.getByRole('link')).toHaveText(['Repositories']);
  await page.getByRole('link', { name: 'app', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/repositories/${publicProject}/app$`));

  const repository = await page.goto(`/repositories/${publicProject}/app`);
  expect(repository?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: `${publicProject}/app` })).toBeVisible();
  await expect(page.getByTestId('tag-1.0')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete tag 1.0' })).toHaveCount(0);
});

test('[EXPLORE]: private projects and repositories stay 404 for signed-out visitors', async ({ page }) => {
  expect((await page.goto(`/repositories/${privateProject}/app`))?.status()).toBe(404);
  expect((await page.goto(`/projects/${privateProject}`))?.status()).toBe(404);
  await page.goto(`/?q=${privateProject}`);
  await expect(page.getByRole('link', { name: privateProject, exact: true })).toHaveCount(0);
  // Pages that need an account still send signed-out visitors to sign in.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login/);
});
