// The API reference at /api-docs: linked from every page's footer, open signed out, rendered by
// Wharf's own copy of Swagger UI (no request leaves Wharf) under the pages' CSP.
import { expect, test } from '@playwright/test';

test('[API-DOCS]: a signed-out visitor opens the API reference from the footer and reads an operation', async ({
  page,
}) => {
  const hosts = new Set<string>();
  page.on('request', (req) => hosts.add(new URL(req.url()).hostname));
  const refused: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(msg.text())) refused.push(msg.text());
  });

  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'API reference' }).click();
  await expect(page).toHaveURL(/\/api-docs$/);
  await expect(page).toHaveTitle(/API reference/);
  const reference = page.getByTestId('api-reference');
  await expect(reference.getByRole('heading', { name: /Wharf API/ })).toBeVisible({ timeout: 30_000 });
  await expect(reference.getByText('List visible projects')).toBeVisible();

  // An operation opens with its parameters and responses.
  await reference.getByText('List visible projects').click();
  await expect(reference.getByText('pageSize', { exact: true }).first()).toBeVisible();

  expect([...hosts]).toEqual(['127.0.0.1']);
  expect(refused).toEqual([]);
});
