#!/usr/bin/env bash
# The README's test command (`npm test`): type-check once, the unit tests, then the Terraform checks
# (real terraform + hashicorp/aws, moto, cdktf deploy, checkov; see __tests__/terraform/).
# STORMPROOF_SKIP_TERRAFORM=1 skips the Terraform checks (and says so); `npm run test:unit` is the fast loop.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type-check (tsc --noEmit)"
npx tsc --noEmit
echo "== unit tests"
npx jest "$@" --selectProjects unit  # paths first: --selectProjects takes every word after it
echo "== terraform checks"
if [[ "${STORMPROOF_SKIP_TERRAFORM:-}" == "1" ]]; then
  echo "skipped: STORMPROOF_SKIP_TERRAFORM=1 is set (init/validate/plan, moto apply/destroy, cdktf deploy and checkov did not run)"
else
  # Each test file drives its own terraform + moto, mostly waiting on provider waiters: run them side by side.
  npx jest "$@" --passWithNoTests --maxWorkers=4 --selectProjects terraform
fi
