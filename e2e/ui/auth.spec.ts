import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signInViaUi } from '../fixtures/auth';
import { ADMIN_PASSWORD } from '../fixtures/wharf-server';

const shots = path.join(__dirname, '..', 'screenshots');
mkdirSync(shots, { recursive: true });

test('[AUTH]: protected pages send a signed-out visitor to /login and back after sign-in', async ({
  page,
}) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount$/);
  await page.screenshot({ path: path.join(shots, 'login.png'), fullPage: true });
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
  await expect(page.getByText('System administrator')).toBeVisible();
});

test('[AUTH]: admin signs in, sees the shell and every main page, and signs out', async ({ page }) => {
  await signInViaUi(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/projects$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Projects' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Administration' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText('Administrator');
  await page.screenshot({ path: path.join(shots, 'projects.png'), fullPage: true });

  await nav.getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();
  await expect(page.getByTestId('user-count')).not.toHaveText('0');
  await page.screenshot({ path: path.join(shots, 'admin.png'), fullPage: true });

  await nav.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'account.png'), fullPage: true });

  // Dark theme, and the narrow window.
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.screenshot({ path: path.join(shots, 'account-dark.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 800 });
  await page.screenshot({ path: path.join(shots, 'account-narrow.png'), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 850 });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/projects');
  await expect(page).toHaveURL(/\/login/);
});

test('[AUTH]: a wrong password shows a generic error and no session', async ({ page }) => {
  await signInViaUi(page, 'admin', 'wrong-password');
  await expect(page.locator('#login-error')).toHaveText('Invalid username or password');
  await signInViaUi(page, 'nobody-here', 'wrong-password');
  // The same words for an unknown user: no user enumeration.
  await expect(page.locator('#login-error')).toHaveText('Invalid username or password');
  await page.goto('/projects');
  await expect(page).toHaveURL(/\/login/);
});
