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
import { fitName } from '../../../util/names';
import { CLUSTER_POLICIES, EKS_CLUSTER_DEFAULTS, EKS_LOG_TYPES, eksClusterProblems, EksClusterProps, NODE_POLICIES, NODE_SECURITY_GROUP_TAG } from './eks-cluster-props';

export { AUTO_MODE_BUILT_IN, CLUSTER_POLICIES, EKS_CLUSTER_DEFAULTS, EKS_LOG_TYPES, EKS_VERSIONS, ELB_SUBNET_TAGS, NODE_POLICIES, NODE_SECURITY_GROUP_TAG } from './eks-cluster-props';
export type { EksClusterProps } from './eks-cluster-props';

/** A Kubernetes service account's AWS role through EKS Pod Identity. */
export interface PodRole {
  readonly role: IamRole;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Adds an inline policy with these statements. */
  addToRolePolicy(...statements: PolicyStatement[]): IamRolePolicy;
}

const ACCESS_POLICY = 'arn:aws:eks::aws:cluster-access-policy';
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
    this.logGroup = new LogGroup(this, 'control-plane-logs', { name: `/aws/eks/${props.name}/cluster`, retentionDays: props.logRetentionDays ?? EKS_CLUSTER_DEFAULTS.logRetentionDays });

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
  const problems = eksClusterProblems(props);
  if (problems.length > 0) throw new Error(`EksCluster ${props.name}: ${problems.join('; ')}`);
}
