#!/usr/bin/env bash
# CI step "checkov": scans exactly the stacks your config produces (stormproof.config.json, or the file
# STORMPROOF_CONFIG names; every built-in profile without one), with the justified suppressions of
# __tests__/terraform/checkov-suppressions.json. A suppression scoped to profiles ("stacks": ["cafe"]) applies to
# your stacks that extend those profiles (src/config/lineage.ts); a stack that extends none gets only the
# suppressions that name no stack. 0 failed checks, or the step fails.
#   STORMPROOF_CHECKOV_DIR  where the stacks, their profiles and the report go (default .scratch/checkov-ci)
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${STORMPROOF_CHECKOV_DIR:-.scratch/checkov-ci}"
rm -rf "$dir/synth" "$dir/profiles.json" "$dir/report.json"
mkdir -p "$dir"
node scripts/build.mjs
# The same config synth reads (not STORMPROOF_PROFILES: every stack of the file is scanned).
CDKTF_OUTDIR="$dir/synth" STORMPROOF_PROFILES='' node dist/main.js
node scripts/tool.mjs src/config/lineage.ts >"$dir/profiles.json"
echo "checkov: profiles $(cat "$dir/profiles.json")"
STORMPROOF_CHECKOV_STACKS="$dir/synth" STORMPROOF_CHECKOV_PROFILES="$dir/profiles.json" STORMPROOF_CHECKOV_REPORT="$dir/report.json" \
  npx jest __tests__/terraform/checkov.test.ts --selectProjects terraform
