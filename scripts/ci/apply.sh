#!/usr/bin/env bash
# CI step "apply" for one stack (the apply role's credentials; runs only in the protected environment):
# applies the SAVED plan from the plan job's artifact in .scratch/plans/<stack>/, never a fresh one.
# Refuses when the stack JSON is not the one planned; Terraform itself refuses a plan whose state has
# moved since (another apply landed first): re-run the workflow to plan again and review that.
# Usage: bash scripts/ci/apply.sh <stack>
set -euo pipefail
cd "$(dirname "$0")/../.."
stack="${1:?usage: apply.sh <stack>}"
dir=".scratch/plans/$stack"
for f in cdk.tf.json cdk.tf.json.sha256 .terraform.lock.hcl tfplan summary.md; do
  [[ -f "$dir/$f" ]] || { echo "apply: $dir/$f missing: download the plan-$stack artifact of this run first" >&2; exit 1; }
done
if [[ "$(sha256sum "$dir/cdk.tf.json" | cut -d' ' -f1)" != "$(cat "$dir/cdk.tf.json.sha256")" ]]; then
  echo "apply: $dir/cdk.tf.json is not the JSON that was planned; refusing" >&2
  exit 1
fi
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then { echo "Applying the reviewed plan:"; cat "$dir/summary.md"; } >>"$GITHUB_STEP_SUMMARY"; fi
terraform -chdir="$dir" init -input=false -no-color -lockfile=readonly
terraform -chdir="$dir" apply -input=false -no-color tfplan
