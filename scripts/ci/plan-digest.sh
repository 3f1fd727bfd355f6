#!/usr/bin/env bash
# The digest of a saved plan: SHA-256 over the SHA-256 of each file the apply uses (the stack JSON, the provider
# lock file, the binary plan, the summary reviewers read). plan.sh publishes it as the plan job's output; apply.sh
# recomputes it on the downloaded artifact and refuses any other. Usage: bash scripts/ci/plan-digest.sh <plan dir>
set -euo pipefail
dir="${1:?usage: plan-digest.sh <plan dir>}"
(cd "$dir" && sha256sum cdk.tf.json .terraform.lock.hcl tfplan summary.md) | sha256sum | cut -d' ' -f1
