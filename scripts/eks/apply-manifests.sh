#!/usr/bin/env bash
# Applies one stack's Kubernetes manifests (cdktf.out/k8s/<stack>/, written by `npm run synth`) to the cluster
# kubectl points at (aws eks update-kubeconfig --name <cluster>), controllers first:
#   1. KEDA, when the manifests hold KEDA objects: KEDA's release manifest (CRDs, operator, metrics API server,
#      admission webhooks) at exactly the version they were rendered for (annotation stormproof.io/keda-version,
#      src/k8s/keda.ts), applied server-side (its CRDs are too large for a client-side apply's annotation);
#   2. waits until KEDA's CRDs are established and its deployments available (a ScaledObject applied before
#      would be refused: no such kind);
#   3. the stack's manifests, in file order (namespace, nodes and IngressClass, then the services).
# Usage: bash scripts/eks/apply-manifests.sh cdktf.out/k8s/<stack>
set -euo pipefail
dir="${1:-}"
if [[ -z "$dir" || ! -d "$dir" ]] || ! compgen -G "$dir/*.yaml" >/dev/null; then
  echo "apply-manifests: '${dir}' holds no manifests: run npm run synth, then give cdktf.out/k8s/<stack> (a stack with compute \"eks\")" >&2
  exit 1
fi
versions="$(sed -n 's/^ *stormproof\.io\/keda-version: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$dir"/*.yaml | sort -u)"
if [[ -n "$versions" ]]; then
  if [[ "$(wc -l <<<"$versions")" -ne 1 ]]; then
    echo "apply-manifests: the manifests in $dir were rendered for different KEDA versions ($(tr '\n' ' ' <<<"$versions")): run npm run synth again" >&2
    exit 1
  fi
  if [[ ! "$versions" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "apply-manifests: KEDA version '$versions' in $dir is not a release version (X.Y.Z)" >&2
    exit 1
  fi
  echo "apply-manifests: KEDA $versions (CRDs and operator), then the manifests of $dir"
  kubectl apply --server-side -f "https://github.com/kedacore/keda/releases/download/v${versions}/keda-${versions}.yaml"
  kubectl wait --for condition=established --timeout=120s crd/scaledobjects.keda.sh crd/triggerauthentications.keda.sh
  kubectl -n keda wait --for condition=available --timeout=300s deployment --all
fi
kubectl apply -f "$dir"
