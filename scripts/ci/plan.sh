#!/usr/bin/env bash
# CI step "plan" for one stack (the plan role's credentials in the environment): terraform init,
# validate, plan -out (no state lock: the plan role may only read state), then a reviewable summary
# (adds/changes/destroys by type, replacements called out) into $GITHUB_STEP_SUMMARY. Everything the
# apply job needs is left in .scratch/plans/<stack>/ for the plan artifact: the stack's JSON, the
# provider lock file, the saved plan and the summary. Usage: bash scripts/ci/plan.sh <stack>
set -euo pipefail
cd "$(dirname "$0")/../.."
stack="${1:?usage: plan.sh <stack>}"
src="cdktf.out/stacks/$stack"
out=".scratch/plans/$stack"
[[ -f "$src/cdk.tf.json" ]] || { echo "plan: $src/cdk.tf.json not found: run scripts/ci/synth.sh first" >&2; exit 1; }
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
rm -rf "$out" && mkdir -p "$out"
cp "$src/cdk.tf.json" "$out/"
terraform -chdir="$out" init -input=false -no-color
terraform -chdir="$out" validate -no-color
# Exit code 2 = changes present (not an error).
set +e
terraform -chdir="$out" plan -input=false -lock=false -no-color -detailed-exitcode -out=tfplan | tee "$out/plan.txt"
code=${PIPESTATUS[0]}
set -e
if [[ $code -ne 0 && $code -ne 2 ]]; then echo "plan: terraform plan failed for $stack (exit $code)" >&2; exit "$code"; fi
terraform -chdir="$out" show -json tfplan >"$out/plan.json"
node scripts/ci/plan-summary.mjs "$stack" "$out/plan.json" >"$out/summary.md"
cat "$out/summary.md"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"; fi
# The apply job re-inits from the lock file and applies only an artifact with this digest: published as the
# plan job's output (never a file inside the artifact it protects).
digest="$(bash scripts/ci/plan-digest.sh "$out")"
echo "plan: $stack digest $digest"
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "digest=$digest" >>"$GITHUB_OUTPUT"; fi
# plan.json held every planned value for the summary only; the artifact keeps the binary plan for apply.
rm -rf "$out/.terraform" "$out/plan.json"
