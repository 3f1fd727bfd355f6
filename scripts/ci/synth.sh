#!/usr/bin/env bash
# CI step "synth": the README's `npm run synth` (every profile; STORMPROOF_BACKEND/STORMPROOF_STATE_*
# from the workflow select the S3 state bucket; its region is never assumed), then the stacks as a JSON array
# of { stack, environment } for the plan/apply matrix, written to $GITHUB_OUTPUT as `stacks=[...]` (printed
# when run outside Actions).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${STORMPROOF_BACKEND:-}" == s3 && -z "${STORMPROOF_STATE_REGION:-}" ]]; then
  echo "synth: STORMPROOF_STATE_REGION is not set: give the state bucket's region (the bootstrap stack's region, repository variable STORMPROOF_STATE_REGION); it is not assumed to be AWS_REGION" >&2
  exit 1
fi
npm run --silent synth
# Each stack with the GitHub environment its apply waits in: production stacks in `production` (required
# reviewers), every other stack in `staging` (no wait for production's approval).
stacks="$(node -e '
const fs = require("fs");
const dir = "cdktf.out/stacks";
const out = fs.readdirSync(dir).filter((s) => fs.existsSync(`${dir}/${s}/cdk.tf.json`)).sort().map((stack) => {
  const json = JSON.parse(fs.readFileSync(`${dir}/${stack}/cdk.tf.json`, "utf8"));
  const tags = json.provider?.aws?.[0]?.default_tags?.[0]?.tags ?? {};
  return { stack, environment: tags.Environment === "production" ? "production" : "staging" };
});
console.log(JSON.stringify(out));
')"
echo "synth: stacks $stacks"
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "stacks=$stacks" >>"$GITHUB_OUTPUT"; fi
