import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { Api, createProject, createUser } from '../fixtures/api';
import { signInViaUi } from '../fixtures/auth';
import { ADMIN_PASSWORD } from '../fixtures/wharf-server';
import { requestToken } from '../fixtures/token';

const shots = path.join(__dirname, '..', 'screenshots');
mkdirSync(shots, { recursive: true });

test('[ACCOUNT]: a user creates an access token (shown once) that works as a docker password, and revokes it', async ({
  page,
}) => {
  const admin = await Api.admin();
  const user = await createUser(admin, { prefix: 'uitok' });
  await signInViaUi(page, user.username, user.password);
  await expect(page).toHaveURL(/\/projects/);
  await page.goto('/account');
  await page.getByLabel('Token name').fill('laptop');
  await page.getByRole('button', { name: 'Create token' }).click();
  const field = page.getByLabel('New access token', { exact: true });
  await expect(field).toHaveText(/^wharf_pat_/);
  const token = (await field.textContent())!.trim();
  await page.screenshot({ path: path.join(shots, 'account-tokens.png'), fullPage: true });
  expect((await requestToken({ username: user.username, password: token })).status).toBe(200);
  // docker login with the token: the Docker logins list says it was made with that token.
  const login = await requestToken({
    username: user.username,
    password: token,
    extra: { offline_token: 'true', client_id: 'docker' },
  });
  expect(login.body.refresh_token).toMatch(/^wharf_rt_/);
  await page.reload();
  const logins = page.getByRole('list', { name: 'Docker logins' });
  await expect(logins).toContainText('token laptop');
  await expect(logins).toContainText('last used');
  await page.getByRole('button', { name: 'Revoke token laptop' }).click();
  await expect(page.getByRole('button', { name: 'Revoke token laptop' })).toHaveCount(0);
  expect((await requestToken({ username: user.username, password: token })).status).toBe(401);
  // The login made with the token ends with it.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Docker logins' })).toContainText('No active docker logins.');
});

test('[ROBOTS]: a project admin creates a robot on the Robots tab and sees its secret once', async ({
  page,
}) => {
  const admin = await Api.admin();
  const project = await createProject(admin, { prefix: 'uirobot' });
  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/projects/);
  await page.goto(`/projects/${project}/robots`);
  await page.getByLabel('Robot name').fill('deploy');
  await page.getByLabel('push').check();
  await page.getByRole('button', { name: 'Create robot' }).click();
  const secret = page.getByLabel(`Secret of robot-${project}.deploy`, { exact: true });
  await expect(secret).toHaveText(/^wharf_rb_/);
  await expect(page.getByTestId(`robot-robot-${project}.deploy`)).toContainText('pull, push');
  await page.screenshot({ path: path.join(shots, 'project-robots.png'), fullPage: true });
  const value = (await secret.textContent())!.trim();
  expect(
    (
      await requestToken({
        username: `robot-${project}.deploy`,
        password: value,
        scopes: [`repository:${project}/x:push`],
      })
    ).access,
  ).toEqual([{ type: 'repository', name: `${project}/x`, actions: ['push'] }]);
  await page.goto('/admin/robots');
  await expect(page.getByTestId(`robot-robot-${project}.deploy`)).toBeVisible();
  await page.goto('/admin/authentication');
  await expect(page.getByText('LDAP is off')).toBeVisible();
  await page.goto('/admin/system');
  await expect(page.getByTestId('system-info')).toContainText('reachable (');
  await expect(page.getByTestId('system-info')).toContainText('Embedded PostgreSQL');
  await page.screenshot({ path: path.join(shots, 'admin-system.png'), fullPage: true });
});
