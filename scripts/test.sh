#!/usr/bin/env bash
# The README's test command (`npm test`): type-check once, then the unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type-check (tsc --noEmit)"
npx tsc --noEmit
echo "== unit tests"
npx jest "$@" --selectProjects unit  # paths first: --selectProjects takes every word after it
