#!/usr/bin/env bash
# CI step "apply" for one stack (the apply role's credentials; runs only in the protected environment):
# applies the SAVED plan from the plan job's artifact in .scratch/plans/<stack>/, never a fresh one.
# Refuses an artifact whose digest is not the plan job's output; Terraform itself refuses a plan whose state has
# moved since (another apply landed first): re-run the workflow to plan again and review that.
# Usage: PLAN_DIGEST=<the plan job's digest output> bash scripts/ci/apply.sh <stack>
set -euo pipefail
cd "$(dirname "$0")/../.."
stack="${1:?usage: apply.sh <stack>}"
dir=".scratch/plans/$stack"
for f in cdk.tf.json .terraform.lock.hcl tfplan summary.md; do
  [[ -f "$dir/$f" ]] || { echo "apply: $dir/$f missing: download the plan-$stack artifact of this run first" >&2; exit 1; }
done
# PLAN_DIGEST: the plan job's output (scripts/ci/plan-digest.sh of what it uploaded), passed by the workflow.
[[ -n "${PLAN_DIGEST:-}" ]] || { echo "apply: PLAN_DIGEST is not set: pass the plan job's digest output (needs.plan.outputs.digest)" >&2; exit 1; }
if [[ "$(bash scripts/ci/plan-digest.sh "$dir")" != "$PLAN_DIGEST" ]]; then
  echo "apply: $dir is not the plan the plan job made (digest differs from its output); refusing" >&2
  exit 1
fi
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then { echo "Applying the reviewed plan:"; cat "$dir/summary.md"; } >>"$GITHUB_STEP_SUMMARY"; fi
terraform -chdir="$dir" init -input=false -no-color -lockfile=readonly
terraform -chdir="$dir" apply -input=false -no-color tfplan
