#!/usr/bin/env bash
# Benchmark of the Terraform checks (issue 10 budgets: init+validate+plan of all profiles <= 60 s;
# all Terraform checks <= 10 min on the 2-core machine). Prints:
#   1. init / validate / plan per stack and the wall time of init+validate+plan for every stack
#      (the validate-plan test alone, 3 stacks at a time);
#   2. the wall time and peak memory (summed RSS of the whole process tree, sampled every 0.5 s) of
#      every Terraform check together (`jest --selectProjects terraform`, as `npm test` runs it),
#      with apply / second plan / destroy per lifecycle stack, cdktf deploy / destroy and checkov per stack.
# Usage: bash scripts/bench-terraform.sh [--plan-only]
set -euo pipefail
cd "$(dirname "$0")/.."
report=.scratch/terraform/report
bash scripts/toolchain.sh >/dev/null

# Runs "$@" in its own session; prints "<wall seconds> <peak MB>" on fd 3.
measure() {
  local start end peak=0 sid rss
  start=$(date +%s.%N)
  setsid "$@" &
  sid=$!
  while kill -0 "$sid" 2>/dev/null; do
    rss=$(ps -o rss= -s "$sid" 2>/dev/null | awk '{s+=$1} END {print int(s/1024)}')
    (( rss > peak )) && peak=$rss
    sleep 0.5
  done
  wait "$sid" || { echo "bench: $* failed" >&2; return 1; }
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) $peak" >&3
}

echo "== init + validate + plan (moto) of every stack"
exec 3>.scratch/bench-plan.txt
measure npx jest __tests__/terraform/validate-plan --selectProjects terraform >.scratch/bench-plan.log 2>&1
read -r plan_wall plan_peak <.scratch/bench-plan.txt
node -e '
const r = require("./'"$report"'/validate-plan.json");
const s = (ms) => (ms / 1000).toFixed(1).padStart(6);
console.log("stack        resources   init  validate    plan");
for (const x of r.stacks) console.log(`${x.stack.padEnd(12)} ${String(x.resources).padStart(9)} ${s(x.initMs)} ${s(x.validateMs)}  ${s(x.planMs)}`);
console.log(`init+validate+plan of ${r.stacks.length} stacks: ${(r.totalMs / 1000).toFixed(1)} s (budget 60 s)`);'
printf 'jest run (with synth + moto start): %.1f s wall, peak %s MB\n' "$plan_wall" "$plan_peak"
[[ "${1:-}" == "--plan-only" ]] && exit 0

echo "== every Terraform check (npm test's terraform stage)"
exec 3>.scratch/bench-all.txt
measure npx jest --passWithNoTests --maxWorkers=4 --selectProjects terraform >.scratch/bench-all.log 2>&1
read -r all_wall all_peak <.scratch/bench-all.txt
node -e '
const fs = require("fs"); const dir = "'"$report"'";
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
for (const f of fs.readdirSync(dir).filter((f) => /^lifecycle-.*\.json$/.test(f)).sort()) {
  const r = JSON.parse(fs.readFileSync(`${dir}/${f}`, "utf8"));
  console.log(`${r.stack.padEnd(10)} apply ${s(r.applyMs)}, second plan ${s(r.planMs)}, destroy ${s(r.destroyMs)}; ${Object.keys(r.excluded).length} of ${r.addresses} addresses left out (moto-gaps.json)`);
}
if (fs.existsSync(`${dir}/cdktf-deploy.json`)) { const d = JSON.parse(fs.readFileSync(`${dir}/cdktf-deploy.json`, "utf8")); console.log(`cafe       cdktf deploy ${s(d.deployMs)} (${d.deployed} resources), cdktf destroy ${s(d.destroyMs)}`); }
if (fs.existsSync(`${dir}/checkov.json`)) for (const c of JSON.parse(fs.readFileSync(`${dir}/checkov.json`, "utf8"))) console.log(`${c.stack.padEnd(10)} checkov passed ${c.passed}, failed ${c.failed}, suppressed ${c.suppressed} (${s(c.ms)})`);'
printf 'all Terraform checks: %.1f s wall (budget 600 s), peak %s MB summed RSS\n' "$all_wall" "$all_peak"
