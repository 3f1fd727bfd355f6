#!/usr/bin/env bash
# CI step "synth": the README's `npm run synth` (every profile; STORMPROOF_BACKEND/STORMPROOF_STATE_*
# from the workflow select the S3 state bucket), then the stack list as a JSON array for the plan/apply
# matrix, written to $GITHUB_OUTPUT as `stacks=[...]` (printed when run outside Actions).
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run --silent synth
stacks="$(node -e 'const fs = require("fs"); console.log(JSON.stringify(fs.readdirSync("cdktf.out/stacks").filter((s) => fs.existsSync(`cdktf.out/stacks/${s}/cdk.tf.json`)).sort()))')"
echo "synth: stacks $stacks"
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "stacks=$stacks" >>"$GITHUB_OUTPUT"; fi
