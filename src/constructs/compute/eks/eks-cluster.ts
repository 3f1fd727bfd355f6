import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { EksCluster as TfEksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { awsAccount } from '../../../util/aws-account';
import { EncryptionKey } from '../../shared/encryption-key';
import { LogGroup } from '../../shared/log-group';
import { Firewall } from '../../shared/firewall';
import { assumeRolePolicy, policyDocument, PolicyStatement } from '../../shared/iam';
import { LOG_GROUP_DEFAULTS } from '../../shared/log-group-props';
import { fitName } from '../../../util/names';

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

/** A Kubernetes service account's AWS role through EKS Pod Identity. */
export interface PodRole {
  readonly role: IamRole;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Adds an inline policy with these statements. */
  addToRolePolicy(...statements: PolicyStatement[]): IamRolePolicy;
}

const ACCESS_POLICY = 'arn:aws:eks::aws:cluster-access-policy';
/** The cluster role's managed policies under Auto Mode (EKS user guide, "Auto Mode cluster IAM role"). */
export const CLUSTER_POLICIES = ['AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy'];
/** The Auto Mode node role's managed policies ("Auto Mode node IAM role"): nothing else on the node. */
export const NODE_POLICIES = ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'];

/**
 * An EKS cluster in Auto Mode as the platform's compute: EKS runs and upgrades the node autoscaler
 * (Karpenter-style NodePools), the ALB controller, the EBS CSI driver, vpc-cni, kube-proxy, CoreDNS and the Pod
 * Identity agent, so nothing of that is installed or pinned here. Secrets envelope-encrypted with a
 * customer-managed key, API endpoint private (public only for listed CIDRs), every control-plane log type to a
 * log group with retention, pinned add-ons for the rest (metrics-server), access entries instead of the
 * aws-auth ConfigMap, and `addPodRole` for Pod Identity roles with only what each workload needs.
 */
export class EksCluster extends Construct {
  readonly cluster: TfEksCluster;
  readonly name: string;
  readonly version: string;
  /** The nodes' own security group (pods share it; the NodeClass selects it by tag): the data tier admits this one. */
  readonly nodeFirewall: Firewall;
  /** The Auto Mode nodes' role (built-in `system` pool and the NodeClass of the manifests). */
  readonly nodeRole: IamRole;
  readonly addons: Record<string, EksAddon> = {};
  readonly secretsKeyArn: string;
  readonly logGroup: LogGroup;
  private readonly podRoles = new Map<string, PodRole>();
  private readonly partition: string;
  private readonly accountId: string;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    validate(props);
    this.name = props.name;
    this.version = props.version;
    const { partition, accountId } = awsAccount(this);
    this.partition = partition;
    this.accountId = accountId;

    this.secretsKeyArn =
      props.secretsKeyArn ?? new EncryptionKey(this, 'secrets-key', { alias: `${props.name}-eks-secrets`, description: `Kubernetes secrets of EKS cluster ${props.name}` }).arn;
    // EKS writes to this exact name; creating it first gives it a retention instead of "never expire".
    this.logGroup = new LogGroup(this, 'control-plane-logs', { name: `/aws/eks/${props.name}/cluster`, retentionDays: props.logRetentionDays ?? LOG_GROUP_DEFAULTS.retentionDays });

    const clusterRole = new IamRole(this, 'cluster-role', {
      name: fitName(`${props.name}-eks-cluster`, 64),
      // Auto Mode's managed controllers tag their sessions: sts:TagSession is required.
      assumeRolePolicy: policyDocument({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
      description: `EKS control plane of ${props.name} (Auto Mode: compute, load balancing, block storage, networking)`,
    });
    const clusterPolicies = CLUSTER_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, `cluster-${policy}`, { role: clusterRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` }),
    );

    this.nodeRole = new IamRole(this, 'node-role', {
      name: fitName(`${props.name}-eks-node`, 64),
      assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
      description: `EKS Auto Mode nodes of ${props.name} (pods get their own roles through Pod Identity)`,
    });
    // Auto Mode's minimal node policy: no CNI, EBS or load balancer permissions on the node (EKS's own roles hold those).
    const nodePolicies = NODE_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, `node-${policy}`, { role: this.nodeRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` }),
    );

    const publicCidrs = [...(props.publicAccessCidrs ?? [])];
    this.cluster = new TfEksCluster(this, 'cluster', {
      name: props.name,
      version: props.version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKeyArn } },
      enabledClusterLogTypes: EKS_LOG_TYPES,
      // Access entries only: who may do what is in Terraform, not in a ConfigMap, and the creator gets nothing implicit.
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      // Auto Mode: all three capabilities on together (the API refuses a subset), and no self-managed add-ons.
      // The built-in `system` pool (tainted CriticalAddonsOnly) runs add-ons; the services' NodePools are manifests.
      bootstrapSelfManagedAddons: false,
      computeConfig: { enabled: true, nodePools: ['system'], nodeRoleArn: this.nodeRole.arn },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      storageConfig: { blockStorage: { enabled: true } },
      upgradePolicy: { supportType: 'STANDARD' },
      // The roles' policies outlive the cluster on destroy, so EKS can clean up the nodes and load balancers it made.
      dependsOn: [this.logGroup.logGroup, ...clusterPolicies, ...nodePolicies],
    });

    // Nodes: their own group for tier-to-tier rules (the data tier admits it), selected by the NodeClass through this tag;
    // EKS's cluster group (also selected) keeps node <-> control plane open.
    this.nodeFirewall = new Firewall(this, 'node-firewall', {
      name: `${props.name}-eks-nodes`,
      vpcId: props.vpcId,
      description: `EKS nodes and pods of ${props.name}: no SSH; the data tier admits this group`,
      tags: { ...(props.tags ?? {}), [NODE_SECURITY_GROUP_TAG]: props.name },
    });
    this.nodeFirewall.allowToCidr('0.0.0.0/0', 443, 'HTTPS to AWS APIs and image registries through NAT');

    // Add-ons run on the built-in system pool, which exists as soon as the cluster does.
    for (const [addonName, version] of Object.entries(props.addons ?? {})) this.addAddon(addonName, version);

    (props.adminPrincipalArns ?? []).forEach((arn, i) => this.grantAccess(`admin-${i}`, arn, 'AmazonEKSClusterAdminPolicy'));
    (props.viewerPrincipalArns ?? []).forEach((arn, i) => this.grantAccess(`viewer-${i}`, arn, 'AmazonEKSViewPolicy'));
  }

  /** `arn:<partition>:iam::<account>:role/<name>` for a role of this account. */
  roleArn(roleName: string): string {
    return `arn:${this.partition}:iam::${this.accountId}:role/${roleName}`;
  }

  /** An access entry for `principalArn` with one cluster-wide EKS access policy (e.g. AmazonEKSViewPolicy). */
  grantAccess(id: string, principalArn: string, accessPolicy: string): EksAccessPolicyAssociation {
    const entry = new EksAccessEntry(this, `access-${id}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
    return new EksAccessPolicyAssociation(this, `access-${id}-policy`, {
      clusterName: this.cluster.name,
      principalArn: entry.principalArn,
      policyArn: `${ACCESS_POLICY.replace('arn:aws:', `arn:${this.partition}:`)}/${accessPolicy}`,
      accessScope: { type: 'cluster' },
    });
  }

  /**
   * A role that exactly one Kubernetes service account assumes through EKS Pod Identity, with `statements`
   * (more through `addToRolePolicy`). Names are plain strings, the same ones the manifests use.
   */
  addPodRole(id: string, namespace: string, serviceAccount: string, ...statements: PolicyStatement[]): PodRole {
    const key = `${namespace}/${serviceAccount}`;
    if (this.podRoles.has(key)) throw new Error(`EksCluster ${this.name}: service account ${key} already has a pod role`);
    for (const [field, value] of [['namespace', namespace], ['serviceAccount', serviceAccount]]) {
      if (Token.isUnresolved(value) || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) {
        throw new Error(`EksCluster ${this.name}: addPodRole ${field} "${value}" must be a plain Kubernetes name (lowercase letters, digits, dashes), the one the manifests use`);
      }
    }
    const role = new IamRole(this, `pod-role-${id}`, {
      name: fitName(`${this.name}-${id}`, 64),
      // Pod Identity's trust: the agent assumes the role and tags the session with the pod's namespace and account.
      assumeRolePolicy: policyDocument({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
      description: `Pod Identity role of ${key} in ${this.name}`,
    });
    new EksPodIdentityAssociation(this, `pod-identity-${id}`, { clusterName: this.cluster.name, namespace, serviceAccount, roleArn: role.arn });
    let policies = 0;
    const podRole: PodRole = {
      role,
      namespace,
      serviceAccount,
      addToRolePolicy: (...more: PolicyStatement[]) => {
        if (more.length === 0) throw new Error(`EksCluster ${this.name}: addToRolePolicy for ${key} needs at least one statement`);
        const n = policies++;
        return new IamRolePolicy(this, `pod-role-${id}-policy-${n}`, { role: role.id, name: `${this.name}-${id}-${n}`, policy: policyDocument(...more) });
      },
    };
    if (statements.length > 0) podRole.addToRolePolicy(...statements);
    this.podRoles.set(key, podRole);
    return podRole;
  }

  private addAddon(addonName: string, version: string): EksAddon {
    const addon = new EksAddon(this, `addon-${addonName}`, {
      clusterName: this.cluster.name,
      addonName,
      addonVersion: version,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'PRESERVE',
    });
    this.addons[addonName] = addon;
    return addon;
  }
}

function validate(props: EksClusterProps): void {
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
  if (problems.length > 0) throw new Error(`EksCluster ${props.name}: ${problems.join('; ')}`);
}

