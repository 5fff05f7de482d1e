import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { Api, createProject, createUser, uniqueName } from '../fixtures/api';
import { signInViaUi } from '../fixtures/auth';
import { Podman, registryHost } from '../fixtures/clients';
import { ADMIN_PASSWORD } from '../fixtures/wharf-server';

const shots = path.join(__dirname, '..', 'screenshots');
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(shots, name), fullPage: true, animations: 'disabled' });

// An API client as the bootstrap admin, for setting up what a test does not do through the UI.
const test = base.extend<{ admin: Api }>({
  admin: async ({}, provide) => {
    const admin = await Api.admin();
    await provide(admin);
    await admin.dispose();
  },
});

test('[PROJECTS]: admin creates a project and a user in the UI and adds the user as developer; the user sees the role but no member controls', async ({
  page,
  browser,
}) => {
  const project = uniqueName('ui-proj');
  const username = uniqueName('ui-dev');
  const password = `pw-${username}-Secret1`;
  const host = new URL(process.env.WHARF_E2E_URL!).host;

  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/projects$/);

  // Administration → Users: create the user.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await page.getByRole('button', { name: 'New user' }).click();
  const userDialog = page.getByRole('dialog', { name: 'New user' });
  await expect(userDialog.getByLabel('Username')).toBeFocused();
  await userDialog.getByLabel('Username').fill(username);
  await userDialog.getByLabel('Display name (optional)').fill('Dana Developer');
  await userDialog.getByLabel('Email (optional)').fill(`${username}@example.test`);
  await userDialog.getByLabel('Password').fill('short');
  await userDialog.getByRole('button', { name: 'Create user' }).click();
  await expect(userDialog.locator('#user-password-error')).toHaveText('Use at least 8 characters.');
  await userDialog.getByLabel('Password').fill(password);
  await userDialog.getByRole('button', { name: 'Create user' }).click();
  await expect(userDialog).toBeHidden();
  await expect(page.getByText(`Created ${username}.`)).toBeVisible();
  await page.getByLabel('Search users').fill(username);
  await expect(page).toHaveURL(new RegExp(`\\?q=${username}$`));
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row')).toHaveCount(2);
  const userRow = users.getByRole('row', { name: new RegExp(username) });
  await expect(userRow).toContainText('Dana Developer');
  await expect(userRow).toContainText('Local');
  await expect(userRow).toContainText('Active');
  await page.getByLabel('Search users').fill('');
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(users.getByRole('row', { name: /admin/ }).first()).toBeVisible();
  await shot(page, 'admin-users.png');

  // Projects → New project, with the API's name rules shown inline.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('button', { name: 'New project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name').fill('Team_A');
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.locator('#project-name-error')).toHaveText('Project name must be lowercase.');
  await dialog.getByLabel('Name').fill(project);
  await dialog.getByLabel('Description (optional)').fill('Images built by the UI test');
  await shot(page, 'project-new-dialog.png');
  await dialog.getByRole('button', { name: 'Create project' }).click();

  // The project page: header, role, and the push hint on the empty Repositories tab.
  await expect(page).toHaveURL(new RegExp(`/projects/${project}$`));
  await expect(page.getByRole('heading', { level: 1, name: project })).toBeVisible();
  await expect(page.getByTestId('project-role')).toHaveText('Your role: Project admin');
  await expect(page.getByText('Private', { exact: true })).toBeVisible();
  await expect(page.getByText('No repositories yet')).toBeVisible();
  // REGISTRY_PUBLIC_HOST is unset: the registry's host once a push notification named it, else Wharf's.
  const pushHint = (h: string) => page.getByText(`docker push ${h}/${project}/<image>:<tag>`);
  await expect(pushHint(registryHost()).or(pushHint(host))).toBeVisible();
  await shot(page, 'project-repositories.png');

  // Members: a duplicate name is refused inline; the typeahead finds the user by name.
  const tabs = page.getByRole('navigation', { name: 'Project' });
  await tabs.getByRole('link', { name: 'Members' }).click();
  await expect(tabs.getByRole('link', { name: 'Members' })).toHaveAttribute('aria-current', 'page');
  const userBox = page.getByRole('combobox', { name: 'User' });
  await userBox.fill('admin');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.locator('#member-user-error')).toContainText('admin is already a member');
  await userBox.fill(username);
  const suggestions = page.getByRole('listbox', { name: 'User: suggestions' });
  await expect(suggestions.getByRole('option', { name: `${username} Dana Developer` })).toBeVisible();
  await userBox.press('ArrowDown');
  await expect(userBox).toHaveAttribute('aria-activedescendant', 'member-user-option-0');
  await expect(suggestions.getByRole('option', { selected: true })).toContainText(username);
  await shot(page, 'members-typeahead.png');
  await userBox.press('Enter');
  await expect(userBox).toHaveValue(username);
  await expect(suggestions).toBeHidden();
  await page.getByLabel('Role', { exact: true }).selectOption('developer');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByText(`Added ${username} as Developer.`)).toBeVisible();
  await expect(userBox).toHaveValue('');
  const members = page.getByRole('table', { name: 'Members' });
  await expect(members.getByRole('combobox', { name: `Role of ${username}` })).toHaveValue('developer');

  // The last project admin cannot be demoted: the API's 409 shows inline, the role stays.
  await members.getByRole('combobox', { name: 'Role of admin' }).selectOption('guest');
  await expect(members.getByRole('alert')).toContainText(
    'Could not change the role of admin: A project must keep at least one project admin',
  );
  await expect(members.getByRole('combobox', { name: 'Role of admin' })).toHaveValue('projectAdmin');
  await expect(page.getByText(/^2 members · 0 repositories/)).toBeVisible();
  await shot(page, 'project-members.png');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await shot(page, 'project-members-dark.png');
  await page.setViewportSize({ width: 390, height: 800 });
  await shot(page, 'project-members-narrow.png');
  await page.setViewportSize({ width: 1366, height: 850 });
  await page.getByRole('button', { name: 'Switch to light theme' }).click();

  // Settings: change the description; the delete dialog says what happens.
  await tabs.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Description').fill('Images built and pushed by the UI test');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expect(
    page.getByText('Images built and pushed by the UI test', { exact: true }).first(),
  ).toBeVisible();
  await shot(page, 'project-settings.png');
  await page.getByRole('button', { name: 'Delete project…' }).click();
  const deleteDialog = page.getByRole('dialog', { name: `Delete ${project}?` });
  await expect(deleteDialog).toContainText('members lose access at once');
  await expect(deleteDialog.getByRole('button', { name: 'Delete project' })).toBeDisabled();
  await shot(page, 'project-delete-dialog.png');
  await page.keyboard.press('Escape');
  await expect(deleteDialog).toBeHidden();

  // The developer signs in and sees the project with their role, but no member controls.
  const context = await browser.newContext();
  const dev = await context.newPage();
  try {
    await signInViaUi(dev, username, password);
    await expect(dev).toHaveURL(/\/projects$/);
    // The API suite flips the project-creation setting for a moment: re-read until it is back.
    await expect(async () => {
      await dev.reload();
      await expect(dev.getByRole('button', { name: 'New project' })).toBeDisabled({ timeout: 1000 });
    }).toPass();
    await expect(dev.getByText('Only system administrators can create projects')).toBeVisible();
    await dev.getByLabel('Search projects').fill(project);
    await expect(dev).toHaveURL(new RegExp(`\\?q=${project}$`));
    const projectRow = dev
      .getByRole('table', { name: 'Projects' })
      .getByRole('row', { name: new RegExp(project) });
    await expect(projectRow).toContainText('Developer');
    await expect(projectRow).toContainText('Private');
    await shot(dev, 'projects-list.png');
    await projectRow.getByRole('link', { name: project }).click();
    await expect(dev.getByTestId('project-role')).toHaveText('Your role: Developer');
    await dev.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Members' }).click();
    const devMembers = dev.getByRole('table', { name: 'Members' });
    await expect(devMembers.getByRole('row', { name: new RegExp(username) })).toContainText('Developer');
    await expect(devMembers.getByRole('row', { name: /admin/ })).toContainText('Project admin');
    await expect(dev.getByText('Only project admins can add, change and remove members.')).toBeVisible();
    await expect(dev.getByRole('main').getByRole('combobox')).toHaveCount(0);
    await expect(dev.getByRole('button', { name: /add member|remove/i })).toHaveCount(0);
    await shot(dev, 'project-members-developer.png');
    await dev.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Settings' }).click();
    await expect(dev.getByLabel('Description')).toBeDisabled();
    await expect(dev.getByRole('button', { name: 'Delete project…' })).toBeDisabled();
    await expect(dev.getByText('Only project admins can delete the project.')).toBeVisible();
  } finally {
    await context.close();
  }
});

test('[PROJECTS]: a user cannot see a private project they are not a member of (404 page)', async ({
  page,
  admin,
}) => {
  const secret = await createProject(admin, { prefix: 'ui-secret' });
  const open = await createProject(admin, { prefix: 'ui-open', public: true });
  const guest = await createUser(admin, { prefix: 'ui-guest' });
  await guest.api.dispose();

  await signInViaUi(page, guest.username, guest.password);
  await expect(page).toHaveURL(/\/projects$/);
  await page.getByLabel('Search projects').fill('ui-');
  await expect(page).toHaveURL(/\?q=ui-$/);
  const list = page.getByRole('table', { name: 'Projects' });
  await expect(list.getByRole('link', { name: open })).toBeVisible();
  await expect(list.getByRole('link', { name: secret })).toHaveCount(0);

  for (const url of [`/projects/${secret}`, `/projects/${secret}/members`, `/projects/${secret}/settings`]) {
    // The check runs above the loading states, so the status is a real 404, as in the API.
    expect((await page.goto(url))!.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Project not found' })).toBeVisible();
    await expect(page.locator('meta[name="robots"][content*="noindex"]').first()).toBeAttached();
    await expect(page.getByText(secret)).toHaveCount(0);
  }
  await shot(page, 'project-not-found.png');

  // A public project is readable, but its members are not shown to non-members.
  expect((await page.goto(`/projects/${open}/members`))!.status()).toBe(403);
  await expect(page.getByTestId('project-role')).toHaveText('Not a member');
  await expect(page.getByText('Not shown for your role')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Members' })).toHaveCount(0);

  // Administration is for administrators only: a 403 page.
  expect((await page.goto('/admin/users'))!.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
});

test("[PROJECTS]: a pushed image shows on the Repositories tab; deleting the project then takes an admin's force", async ({
  page,
  admin,
}) => {
  test.setTimeout(180_000);
  const project = await createProject(admin, { prefix: 'ui-repo' });
  const pusher = await createUser(admin, { prefix: 'ui-pusher' });
  await pusher.api.dispose();
  const add = await admin.post(`/api/v1/projects/${project}/members`, {
    username: pusher.username,
    role: 'developer',
  });
  expect(add.status).toBe(201);
  const podman = new Podman();
  expect((await podman.login(pusher.username, pusher.password)).code).toBe(0);
  const ref = `${registryHost()}/${project}/web:1.0`;
  await podman.makeImage(ref);
  const pushed = await podman.push(ref);
  expect(pushed.code, pushed.stderr).toBe(0);
  // The registry's notification records the repository.
  await expect
    .poll(async () => (await admin.get(`/api/v1/projects/${project}/repositories`)).data.total, {
      timeout: 30_000,
    })
    .toBe(1);

  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/projects$/);
  await page.goto(`/projects/${project}`);
  await expect(page.getByRole('link', { name: 'web', exact: true })).toBeVisible();
  await expect(page.getByText('1–1 of 1 repository')).toBeVisible();
  await shot(page, 'project-repositories-list.png');

  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Delete project…' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${project}?` });
  await expect(dialog).toContainText('It still has 1 repository');
  await dialog.getByLabel(`Type ${project} to confirm`).fill(project);
  await dialog.getByRole('button', { name: 'Delete project' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`Project "${project}" still has 1 repository`);
  await dialog.getByLabel('Delete it anyway (force)').check();
  await shot(page, 'project-delete-force.png');
  await dialog.getByRole('button', { name: 'Delete project' }).click();
  await expect(page).toHaveURL(/\/projects$/);
  expect((await admin.get(`/api/v1/projects/${project}`)).status).toBe(404);
});

test('[ADMIN]: admin disables, enables, promotes a user and resets their password from the row menu', async ({
  page,
  admin,
}) => {
  const user = await createUser(admin, { prefix: 'ui-row' });
  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/projects$/);
  await page.goto('/admin');
  await expect(page.getByRole('radio', { name: /System administrators only/ })).toBeChecked();
  await shot(page, 'admin-overview.png');

  await page.goto(`/admin/users?q=${user.username}`);
  const row = page
    .getByRole('table', { name: 'Users' })
    .getByRole('row', { name: new RegExp(user.username) });
  const menu = row.getByRole('button', { name: `Actions for ${user.username}` });
  const choose = async (item: string) => {
    await menu.click();
    await expect(page.getByRole('menu', { name: `Actions for ${user.username}` })).toBeVisible();
    await page.getByRole('menuitem', { name: item }).click();
  };

  // Keyboard: the menu opens on Enter and arrow keys move through it; Escape closes it.
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Disable' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Make admin' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(menu).toBeFocused();

  await choose('Disable');
  const disable = page.getByRole('dialog', { name: `Disable ${user.username}?` });
  await expect(disable).toContainText('signed out everywhere');
  await disable.getByRole('button', { name: 'Disable user' }).click();
  await expect(disable).toBeHidden();
  await expect(row).toContainText('Disabled');
  expect((await user.api.get('/api/v1/users/me')).status).toBe(401);

  await choose('Enable');
  await page
    .getByRole('dialog', { name: `Enable ${user.username}?` })
    .getByRole('button', { name: 'Enable user' })
    .click();
  await expect(row).toContainText('Active');
  expect((await user.api.get('/api/v1/users/me')).status).toBe(200);

  await choose('Make admin');
  await page
    .getByRole('dialog', { name: `Make ${user.username} a system administrator?` })
    .getByRole('button', { name: 'Make admin' })
    .click();
  await expect(row.getByText('Admin', { exact: true })).toBeVisible();
  await choose('Remove admin');
  await page
    .getByRole('dialog', { name: `Remove ${user.username} as administrator?` })
    .getByRole('button', { name: 'Remove admin' })
    .click();
  await expect(row.getByText('Admin', { exact: true })).toHaveCount(0);

  await choose('Reset password…');
  const reset = page.getByRole('dialog', { name: `Reset the password of ${user.username}` });
  await reset.getByLabel('New password', { exact: true }).fill('brand-new-Pass1');
  await reset.getByLabel('Repeat the new password').fill('brand-new-Pass2');
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await expect(reset.locator('#reset-password-confirm-error')).toHaveText('The two passwords differ.');
  await reset.getByLabel('Repeat the new password').fill('brand-new-Pass1');
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await expect(reset).toBeHidden();
  await expect(row.getByText('Password reset')).toBeVisible();
  expect((await user.api.get('/api/v1/users/me')).status).toBe(401);
  const renewed = await Api.as(user.username, 'brand-new-Pass1');
  expect((await renewed.get('/api/v1/users/me')).status).toBe(200);
  await renewed.dispose();
  await user.api.dispose();
});

test('[ACCOUNT]: a user changes their password; every session ends and they sign in with the new one', async ({
  page,
  admin,
}) => {
  const user = await createUser(admin, { prefix: 'ui-acct' });
  await user.api.dispose();
  await signInViaUi(page, user.username, user.password);
  await expect(page).toHaveURL(/\/projects$/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await shot(page, 'account-password.png');

  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password', { exact: true }).fill('my-new-Pass-1');
  await page.getByLabel('Repeat the new password').fill('my-new-Pass-1');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#current-password-error')).toHaveText('The current password is not correct.');
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Current password').fill(user.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/login\?notice=password-changed$/);
  await expect(page.getByText('Your password was changed')).toBeVisible();
  await shot(page, 'login-password-changed.png');

  await signInViaUi(page, user.username, user.password);
  await expect(page.locator('#login-error')).toHaveText('Invalid username or password');
  await signInViaUi(page, user.username, 'my-new-Pass-1');
  await expect(page).toHaveURL(/\/projects$/);
});
