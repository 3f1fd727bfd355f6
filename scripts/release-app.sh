#!/usr/bin/env bash
# Starts a blue/green release of one service: packages the app (scripts/package-app.mjs) and uploads it
# as a new version of the pipeline's S3 source object (the stack output `release_sources`); EventBridge
# starts the pipeline: CodeBuild runs the app's tests, CodeDeploy copies the fleet, shifts traffic and
# rolls back on failure or on the stack's alarms.
# Usage: bash scripts/release-app.sh <profile> <service>     (needs AWS credentials and an applied stack)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:?usage: release-app.sh <profile> <service>}"
service="${2:?usage: release-app.sh <profile> <service>}"
url="$(terraform -chdir="cdktf.out/stacks/$profile" output -json release_sources \
  | python3 -c 'import json, sys; s = json.load(sys.stdin); print(s.get(sys.argv[1], ""))' "$service")"
if [[ -z "$url" ]]; then
  echo "release-app: $profile has no S3-sourced pipeline for service \"$service\" (deploy: 'blue-green'? applied?)" >&2
  exit 1
fi
bundle="$(node scripts/package-app.mjs)"
aws s3 cp "$bundle" "$url"
echo "release-app: uploaded $bundle to $url; watch it: aws codepipeline get-pipeline-state --name <project>-<environment>-$service"
