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
# Each step's wall seconds, for the slowest-five report at the end ("<seconds>\t<step>" lines).
timings=.scratch/test-results-timings.tsv
: > "$timings"
step() { local name=$1 start=$SECONDS; shift; "$@"; local rc=$?; printf '%s\t%s\n' "$((SECONDS - start))" "$name" >> "$timings"; return $rc; }

echo "== type-check (tsc --noEmit)"
step "type-check" npx tsc --noEmit || status=1

echo "== lint (eslint: typescript-eslint, import cycles, max-len)"
step "lint" npx eslint . || status=1

echo "== unit tests"
# Paths first: --selectProjects takes every word after it.
step "unit tests" npx jest "$@" --selectProjects unit --json --outputFile="$results/unit.json" || status=1

echo "== terraform checks"
if [[ "${STORMPROOF_SKIP_TERRAFORM:-}" == "1" ]]; then
  echo "skipped: STORMPROOF_SKIP_TERRAFORM=1 is set (init/validate/plan, moto apply/destroy, cdktf deploy and checkov did not run)"
else
  # Each test file drives its own terraform + moto, mostly waiting on provider waiters: run them side by side.
  step "terraform checks" npx jest "$@" --passWithNoTests --maxWorkers=4 --selectProjects terraform --json --outputFile="$results/terraform.json" || status=1
fi

node -e '
  const fs = require("fs");
  const path = require("path");
  // The five slowest steps: the phases above and every jest test file (its own run time), slowest first.
  const steps = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").filter(Boolean).map((l) => {
    const [s, name] = l.split("\t");
    return { s: Number(s), name };
  });
  for (const f of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(`${process.argv[1]}/${f}`, "utf8"));
    for (const t of r.testResults) steps.push({ s: (t.endTime - t.startTime) / 1000, name: `${path.basename(f, ".json")}: ${path.relative(process.cwd(), t.name)}` });
  }
  console.log("slowest steps:");
  for (const { s, name } of steps.sort((a, b) => b.s - a.s).slice(0, 5)) console.log(`${s.toFixed(1).padStart(8)} s  ${name}`);
  let passed = 0, failed = 0;
  for (const f of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(`${process.argv[1]}/${f}`, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  }
  // The whole run against its budget (issue 33: npm test <= 10 min on the 2-core CI machine kind).
  const total = Number(process.argv[3]);
  console.log(`npm test: ${Math.floor(total / 60)} min ${String(total % 60).padStart(2, "0")} s (budget 10 min)`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
' "$results" "$timings" "$SECONDS" || status=1
exit "$status"
