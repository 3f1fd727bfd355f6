#!/usr/bin/env bash
# CI step "checkov": the same gate `npm test` runs (__tests__/terraform/checkov.test.ts: toolchain,
# synth of every stack, checkov with the justified suppressions in one file, 0 failed).
set -euo pipefail
cd "$(dirname "$0")/../.."
npx jest __tests__/terraform/checkov.test.ts --selectProjects terraform
