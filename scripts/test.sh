#!/usr/bin/env bash
# `npm test`: every test. Unit tests (Vitest), lint and types, one production build, then the
# Playwright suite (API, UI in Debian's Chromium, real registry/LDAP/PostgreSQL).
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# The suite's Debian packages first: installed when possible, else one line saying which.
bash scripts/check-system.sh || exit 1
mkdir -p e2e/.tmp
rm -f e2e/.tmp/unit.json e2e/.tmp/e2e-summary.json
status=0

step() { echo; echo "== $1"; }

step "unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=e2e/.tmp/unit.json || status=1

step "lint and format"
npx eslint . || status=1
npx prettier --check . >/dev/null || { npx prettier --check . | tail -20; status=1; }

step "deployment files (compose, Caddyfile, k8s manifests)"
bash deploy/check.sh || status=1

step "build (next build, includes the type check)"
if npx next build; then
  step "end-to-end tests (playwright)"
  npx playwright test "$@" || status=1
else
  status=1
fi

node -e '
const fs = require("fs");
const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return null; } };
const u = read("e2e/.tmp/unit.json"); const e = read("e2e/.tmp/e2e-summary.json");
const passed = (u ? u.numPassedTests : 0) + (e ? e.passed : 0);
const failed = (u ? u.numFailedTests : 0) + (e ? e.failed : 0);
const skipped = (u ? u.numPendingTests + u.numTodoTests : 0) + (e ? e.skipped : 0);
console.log(`\nunit: ${u ? u.numPassedTests : "?"} passed; e2e: ${e ? e.passed : "?"} passed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
'
exit $status
