#!/usr/bin/env bash
# Stand-in for kubectl in __tests__/k8s/apply-manifests.test.ts: records each call's arguments, one line per call.
echo "$*" >>"${KUBECTL_LOG:?}"
