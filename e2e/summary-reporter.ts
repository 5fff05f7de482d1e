// Writes the suite's counts to e2e/.tmp/e2e-summary.json for scripts/test.sh's closing line.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private counts = { passed: 0, failed: 0, skipped: 0 };

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    if (result.status === 'passed') this.counts.passed += 1;
    else if (result.status === 'skipped') this.counts.skipped += 1;
    else this.counts.failed += 1;
  }

  onEnd() {
    const dir = path.join(__dirname, '.tmp');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'e2e-summary.json'), JSON.stringify(this.counts));
  }
}
