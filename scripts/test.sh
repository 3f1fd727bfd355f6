#!/usr/bin/env bash
# The README's test command (`npm test`): type-check once, lint, the unit tests, then the Terraform checks
# (real terraform + hashicorp/aws, moto, cdktf deploy, checkov; see __tests__/terraform/).
# STORMPROOF_SKIP_TERRAFORM=1 skips the Terraform checks (and says so); `npm run test:unit` is the fast loop.
# Ends with one plain "N passed, N failed" line over every jest test that ran.
set -uo pipefail
cd "$(dirname "$0")/.."
results=.scratch/test-results
rm -rf "$results" && mkdir -p "$results"
status=0

echo "== type-check (tsc --noEmit)"
npx tsc --noEmit || status=1

echo "== lint (eslint: typescript-eslint, import cycles, max-len)"
npx eslint . || status=1

echo "== unit tests"
# Paths first: --selectProjects takes every word after it.
npx jest "$@" --selectProjects unit --json --outputFile="$results/unit.json" || status=1

echo "== terraform checks"
if [[ "${STORMPROOF_SKIP_TERRAFORM:-}" == "1" ]]; then
  echo "skipped: STORMPROOF_SKIP_TERRAFORM=1 is set (init/validate/plan, moto apply/destroy, cdktf deploy and checkov did not run)"
else
  # Each test file drives its own terraform + moto, mostly waiting on provider waiters: run them side by side.
  npx jest "$@" --passWithNoTests --maxWorkers=4 --selectProjects terraform --json --outputFile="$results/terraform.json" || status=1
fi

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  for (const f of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(`${process.argv[1]}/${f}`, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
' "$results" || status=1
exit "$status"
