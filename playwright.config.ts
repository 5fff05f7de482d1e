import { defineConfig } from '@playwright/test';

// Debian's Chromium (never a downloaded browser); flags that avoid hangs on a closed network.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts/,
  globalSetup: './e2e/global-setup.ts',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [['list'], ['./e2e/summary-reporter.ts']]
    : [['list'], ['./e2e/summary-reporter.ts']],
  use: {
    baseURL: process.env.WHARF_E2E_URL,
    headless: true,
    launchOptions: chromium,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'api', testMatch: /e2e\/api\/.*\.spec\.ts$/ },
    { name: 'registry', testMatch: /e2e\/registry\/.*\.spec\.ts$/ },
    { name: 'ui', testMatch: /e2e\/ui\/.*\.spec\.ts$/, use: { viewport: { width: 1366, height: 850 } } },
  ],
});
