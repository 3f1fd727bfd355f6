import { LOG_GROUP_DEFAULTS } from '../../shared/log-group-props';

/** The EksCluster construct's props, defaults and rules, without the AWS provider (config's rules import this leaf). */

/**
 * Kubernetes minors in EKS standard support that the manifests are checked against (kubernetes-validate -k):
 * 1.35 from 2026-01-28 to 2027-03-27 (EKS release calendar); 1.34's standard support ended 2026-12-02.
 */
export const EKS_VERSIONS = ['1.35'] as const;

/** A pinned EKS add-on version, e.g. `v0.8.1-eksbuild.5` (`aws eks describe-addon-versions`). */
export const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

/** Defaults of EksClusterProps. */
export const EKS_CLUSTER_DEFAULTS = { logRetentionDays: LOG_GROUP_DEFAULTS.retentionDays };

/**
 * Tags EKS Auto Mode's load balancing looks for on public subnets to place internet-facing ALBs; give them
 * to the Network (`publicSubnetTags`), since a separate aws_ec2_tag would be removed by the subnet's own tags.
 */
export const ELB_SUBNET_TAGS: Readonly<Record<string, string>> = { 'kubernetes.io/role/elb': '1' };

/** Every EKS control-plane log type. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export interface EksClusterProps {
  /** Cluster name and name prefix of its resources, e.g. `shop-production`. */
  readonly name: string;
  /** Kubernetes minor, e.g. `1.35`. */
  readonly version: string;
  readonly vpcId: string;
  /** Private app subnets, one per AZ: control-plane ENIs go there, and the NodeClass places nodes there. */
  readonly subnetIds: string[];
  /**
   * CIDRs that may reach the public API endpoint.
   * @default - none: the public endpoint is off and the API is reachable from the VPC only
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * KMS key ARN for envelope encryption of Kubernetes secrets.
   * @default - a customer-managed key created here (rotated yearly)
   */
  readonly secretsKeyArn?: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /**
   * Managed add-on name -> pinned version (e.g. `metrics-server` -> `v0.8.1-eksbuild.5`). Auto Mode already runs
   * vpc-cni, kube-proxy, CoreDNS, the Pod Identity agent, the EBS CSI driver and the load balancer controller:
   * listing one of those is refused. @default - none
   */
  readonly addons?: Record<string, string>;
  /** IAM principal ARNs given cluster-admin through access entries. @default - none */
  readonly adminPrincipalArns?: readonly string[];
  /** IAM principal ARNs given read-only access through access entries. @default - none */
  readonly viewerPrincipalArns?: readonly string[];
  /** Tags for the nodes' security group (the provider's default_tags reach it too). @default - Name only */
  readonly tags?: Record<string, string>;
}

/** What EKS Auto Mode already runs on every node or in the control plane: not to be installed again as add-ons. */
export const AUTO_MODE_BUILT_IN = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent', 'aws-ebs-csi-driver'] as const;
/** Tag on the nodes' security group that the NodeClass selects it by (with the value `<cluster>`). */
export const NODE_SECURITY_GROUP_TAG = 'stormproof.io/eks-nodes';

/** The cluster role's managed policies under Auto Mode (EKS user guide, "Auto Mode cluster IAM role"). */
export const CLUSTER_POLICIES = ['AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy'];
/** The Auto Mode node role's managed policies ("Auto Mode node IAM role"): nothing else on the node. */
export const NODE_POLICIES = ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'];

/** What is wrong with `props`, each problem naming the prop and the fix (empty when nothing is). */
export function eksClusterProblems(props: EksClusterProps): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(/^[a-zA-Z][a-zA-Z0-9_-]{0,99}$/.test(props.name), `name "${props.name}" must start with a letter and hold only letters, digits, - and _ (at most 100)`);
  need(/^1\.\d{2}$/.test(props.version), `version "${props.version}" must be a Kubernetes minor such as "1.35"`);
  need(props.subnetIds.length >= 2, `subnetIds holds ${props.subnetIds.length} subnet(s): EKS needs subnets in at least 2 AZs`);
  for (const c of props.publicAccessCidrs ?? []) need(c !== '0.0.0.0/0', 'publicAccessCidrs must not hold 0.0.0.0/0: list the ranges that administer the cluster, or none');
  for (const addon of Object.keys(props.addons ?? {})) {
    need(!(AUTO_MODE_BUILT_IN as readonly string[]).includes(addon), `addons.${addon} is built into EKS Auto Mode (which runs and upgrades it): remove it`);
  }
  return problems;
}

