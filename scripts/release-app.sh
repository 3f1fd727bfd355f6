#!/usr/bin/env bash
# Starts a release of a Beanstalk blue-green service: packages the service as your config defines it (its own
# bundle, or the demo app without one: scripts/package-app.mjs --stack) and uploads
# it as a new version of the pipeline's S3 source object (the stack output `release_sources`); EventBridge
# starts the pipeline: CodeBuild runs the app's tests, then Beanstalk's deploy action. (EC2 services have no
# pipeline: their release is the apply, rolled by scripts/ci/release-fleets.sh.)
# Usage: bash scripts/release-app.sh <profile> <service>     (needs AWS credentials and an applied stack)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:?usage: release-app.sh <profile> <service>}"
service="${2:?usage: release-app.sh <profile> <service>}"
url="$(terraform -chdir="cdktf.out/stacks/$profile" output -json release_sources \
  | python3 -c 'import json, sys; s = json.load(sys.stdin); print(s.get(sys.argv[1], ""))' "$service")"
if [[ -z "$url" ]]; then
  echo "release-app: $profile has no S3-sourced pipeline for service \"$service\" (a Beanstalk deploy: 'blue-green' service? applied? EC2 services release through scripts/ci/release-fleets.sh)" >&2
  exit 1
fi
bundle="$(node scripts/package-app.mjs --stack "$profile" --service "$service")"
aws s3 cp "$bundle" "$url"
echo "release-app: uploaded $bundle to $url; watch it: aws codepipeline get-pipeline-state --name <project>-<environment>-$service"
