#!/usr/bin/env bash
# The README's first command: installs everything a fresh machine needs, then synthesizes every profile
# to cdktf.out/stacks/<profile>/cdk.tf.json (and cdktf.out/k8s/<profile>/*.yaml for EKS profiles). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
echo "== npm ci"
npm ci --no-audit --no-fund
if [ -f scripts/toolchain.sh ]; then
  echo "== Terraform toolchain (CLI config, moto and checkov virtualenvs)"
  bash scripts/toolchain.sh
fi
echo "== synth (every profile)"
npm run --silent synth
for stack in cdktf.out/stacks/*/; do
  printf '   %s\n' "${stack}cdk.tf.json"
done
# Stacks with compute "eks" also get Kubernetes manifests (kubectl apply -f the folder; docs/eks.md).
for k8s in cdktf.out/k8s/*/; do
  if [ -d "$k8s" ]; then printf '   %s*.yaml\n' "$k8s"; fi
done
