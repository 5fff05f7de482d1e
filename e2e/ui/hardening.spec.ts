// Web hardening in the browser: sign-in never leads to another host, pages that are not found
// or not allowed answer with real 404/403 statuses, and the pages work under the CSP.
import { expect, test, type Page } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { signInViaApi, signInViaUi } from '../fixtures/auth';
import { ADMIN_PASSWORD, freePort } from '../fixtures/wharf-server';

const wharfOrigin = () => new URL(process.env.WHARF_E2E_URL!).origin;

/** Redirect targets a reviewer tried: each would lead to another host on 127.0.0.1 (a closed port). */
async function hostileTargets(): Promise<string[]> {
  const other = `127.0.0.1:${await freePort()}`;
  return [
    `/\\${other}/pwned`,
    `/\t/${other}/pwned`,
    `//${other}/pwned`,
    `http://${other}/pwned`,
    `/%5C${other}/pwned`,
  ];
}

const loginUrl = (target: string) => `/login?callbackUrl=${encodeURIComponent(target)}`;

async function expectOnWharf(page: Page, path: RegExp) {
  await expect(page).toHaveURL(path);
  expect(new URL(page.url()).origin).toBe(wharfOrigin());
}

test('[HARDENING]: signing in with a hostile callbackUrl stays on Wharf', async ({ page }) => {
  const admin = await Api.admin();
  const user = await createUser(admin, { prefix: 'redir' });
  await admin.dispose();
  const [backslash] = await hostileTargets();
  // The reviewer's URL: /login?callbackUrl=/%5C127.0.0.1:8081/pwned
  await page.goto(`/login?callbackUrl=${backslash!.replace('\\', '%5C')}`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectOnWharf(page, /\/projects$/);
  await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
  await user.api.dispose();
});

test('[HARDENING]: a signed-in visitor of /login with a hostile callbackUrl stays on Wharf', async ({
  page,
}) => {
  const admin = await Api.admin();
  const user = await createUser(admin, { prefix: 'redir2' });
  await admin.dispose();
  expect((await signInViaApi(page.request, user.username, user.password)).ok).toBe(true);
  for (const target of await hostileTargets()) {
    await page.goto(loginUrl(target));
    await expectOnWharf(page, /\/projects$/);
  }
  // A same-origin target still works.
  await page.goto(loginUrl('/account'));
  await expectOnWharf(page, /\/account$/);
  await user.api.dispose();
});

test.describe('[HARDENING]: real statuses for pages not found or not allowed', () => {
  test('projects, repositories and project tabs', async ({ page }) => {
    const admin = await Api.admin();
    const viewer = await createUser(admin, { prefix: 'st-viewer' });
    const priv = await createProject(admin, { prefix: 'st-priv' });
    const pub = await createProject(admin, { prefix: 'st-pub', public: true });
    const dev = await createProject(admin, { prefix: 'st-dev' });
    await admin.post(`/api/v1/projects/${dev}/members`, { username: viewer.username, role: 'developer' });
    expect((await signInViaApi(page.request, viewer.username, viewer.password)).ok).toBe(true);

    const statusOf = async (path: string) => (await page.goto(path))!.status();
    expect(await statusOf(`/projects/${pub}`)).toBe(200);
    expect(await statusOf(`/projects/${dev}/members`)).toBe(200);
    expect(await statusOf('/projects/no-such-project-anywhere')).toBe(404);
    await expect(page.getByRole('heading', { name: 'Project not found' })).toBeVisible();
    expect(await statusOf(`/projects/${priv}`)).toBe(404);
    expect(await statusOf(`/projects/${priv}/settings`)).toBe(404);
    expect(await statusOf(`/repositories/${priv}/app`)).toBe(404);
    expect(await statusOf(`/repositories/${pub}/no-such-repo`)).toBe(404);
    // A public project's members are for members; robots for maintainers and above.
    expect(await statusOf(`/projects/${pub}/members`)).toBe(403);
    await expect(page.getByRole('heading', { name: pub })).toBeVisible();
    await expect(page.getByText('Not shown for your role')).toBeVisible();
    expect(await statusOf(`/projects/${dev}/robots`)).toBe(403);
    await Promise.all([admin.dispose(), viewer.api.dispose()]);
  });

  test('administration pages: 403 for a signed-in non-admin, /login for a signed-out visitor', async ({
    page,
  }) => {
    for (const path of ['/admin', '/admin/users']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    }
    const admin = await Api.admin();
    const user = await createUser(admin, { prefix: 'st-nonadmin' });
    await admin.dispose();
    expect((await signInViaApi(page.request, user.username, user.password)).ok).toBe(true);
    for (const path of ['/admin', '/admin/users', '/admin/robots', '/admin/system']) {
      const res = await page.goto(path);
      expect(res!.status(), path).toBe(403);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    }
    await user.api.dispose();
  });
});

test('[HARDENING]: pages hydrate under the Content-Security-Policy with no violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expectOnWharf(page, /\/projects$/);
  // Client-side navigation and an interactive dialog need the hydrated app.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('button', { name: 'New project' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(violations).toEqual([]);
});
