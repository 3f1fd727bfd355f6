/**
 * KEDA as Stormproof installs it. KEDA is neither built into EKS Auto Mode nor an EKS add-on (the AWS, community
 * and Marketplace add-on lists have none), and only hashicorp/aws is available here (no helm or kubernetes
 * provider), so the install is KEDA's own release manifest (CRDs, operator, metrics API server, admission webhooks)
 * at this pinned version, applied before the stack's manifests by `bash scripts/eks/apply-manifests.sh
 * cdktf.out/k8s/<stack>` (docs/eks.md). The ScaledObjects and TriggerAuthentications cdk8s renders carry the
 * version they were written for (KEDA_VERSION_ANNOTATION), and that script installs exactly that version.
 */

export const KEDA = {
  /** KEDA release; its docs ("Kubernetes Compatibility") list v2.20 as tested on Kubernetes v1.33 - v1.35. */
  version: '2.20.0',
  /** Kubernetes minors this KEDA release was tested on: every EKS version the config allows must be one. */
  kubernetes: ['1.33', '1.34', '1.35'],
  /** Where KEDA's release manifest installs the operator, and its service account (bound to a Pod Identity role). */
  namespace: 'keda',
  operatorServiceAccount: 'keda-operator',
  /** The CRDs the manifests use, which must be established before a ScaledObject is applied. */
  crds: ['scaledobjects.keda.sh', 'triggerauthentications.keda.sh'],
} as const;

/** Annotation on every KEDA object the manifests hold: the KEDA version they were rendered for. */
export const KEDA_VERSION_ANNOTATION = 'stormproof.io/keda-version';

/** KEDA's all-in-one release manifest of `version` (what KEDA's "Deploying with YAML" applies server-side). */
export function kedaReleaseManifest(version: string = KEDA.version): string {
  return `https://github.com/kedacore/keda/releases/download/v${version}/keda-${version}.yaml`;
}
