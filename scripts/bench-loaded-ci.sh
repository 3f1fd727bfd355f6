#!/usr/bin/env bash
# CI under load (issue 33): N consecutive fresh-clone runs of `bash .ci/run`, each with two CPU hogs (busy loops) beside
# it for its whole length, as on a shared 2-core CI machine. Prints one line per run (exit code, wall time, the tests
# line) and exits non-zero if any run failed.
#   bash scripts/bench-loaded-ci.sh [runs (3)] [hogs (2)]
# Each run clones this repository's HEAD into a scratch folder with ../shared beside it, as CI does; logs stay in
# .scratch/loaded-ci/run-<n>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
hogs=${2:-2}
root=$PWD
logs=$root/.scratch/loaded-ci
mkdir -p "$logs"
shared=$(cd .. && pwd)/shared
failed=0
for n in $(seq 1 "$runs"); do
  work=$(mktemp -d /tmp/stormproof-loaded-ci-XXXXXX)
  git clone -q "$root" "$work/main"
  if [[ -d "$shared" ]]; then cp -r "$shared" "$work/shared"; fi
  pids=()
  for _ in $(seq 1 "$hogs"); do
    bash -c 'while :; do :; done' &
    pids+=($!)
  done
  start=$SECONDS
  (cd "$work/main" && CI=true bash .ci/run) > "$logs/run-$n.log" 2>&1
  rc=$?
  took=$((SECONDS - start))
  kill "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
  tests=$(grep -E '^tests: ' "$logs/run-$n.log" | tail -1)
  printf 'run %d of %d: exit %d in %d min %02d s with %d CPU hogs beside it; %s (%s)\n' "$n" "$runs" "$rc" $((took / 60)) $((took % 60)) "$hogs" "${tests:-no tests line}" "$(git -C "$work/main" rev-parse --short HEAD)"
  [[ $rc -eq 0 ]] || failed=1
  rm -rf "$work"
done
exit "$failed"
