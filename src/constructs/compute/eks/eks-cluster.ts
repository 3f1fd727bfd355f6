import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { EksCluster as TfEksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { awsAccount } from '../../../util/aws-account';
import { EncryptionKey } from '../../shared/encryption-key';
import { LogGroup } from '../../shared/log-group';
import { Firewall } from '../../shared/firewall';
import { assumeRolePolicy, policyDocument, PolicyStatement } from '../../shared/iam';
import { LOG_GROUP_DEFAULTS } from '../../shared/log-group-props';
import { fitName } from '../../../util/names';

/**
 * Tags the AWS Load Balancer Controller looks for on public subnets to place internet-facing ALBs; give them
 * to the Network (`publicSubnetTags`), since a separate aws_ec2_tag would be removed by the subnet's own tags.
 */
export const ELB_SUBNET_TAGS: Readonly<Record<string, string>> = { 'kubernetes.io/role/elb': '1' };

/** Every EKS control-plane log type. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export interface EksNodeGroupOptions {
  /** Suffix of the group's name, e.g. `on-demand`. */
  readonly name: string;
  /** @default 'ON_DEMAND' */
  readonly capacityType?: 'ON_DEMAND' | 'SPOT';
  /** EC2 instance types, e.g. `['m6i.large']`. */
  readonly instanceTypes: readonly string[];
  readonly min: number;
  readonly max: number;
  /** Initial size only: the Cluster Autoscaler owns it afterwards (changes are ignored). */
  readonly desired: number;
  /** @default 50 */
  readonly diskGb?: number;
}

export interface EksClusterProps {
  /** Cluster name and name prefix of its resources, e.g. `shop-production`. */
  readonly name: string;
  /** Kubernetes minor, e.g. `1.33`. */
  readonly version: string;
  readonly vpcId: string;
  /** Private app subnets, one per AZ: control-plane ENIs and every node group span all of them. */
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
  /** Managed node groups; each spans every subnet in `subnetIds`. */
  readonly nodeGroups: readonly EksNodeGroupOptions[];
  /** Managed add-on name -> pinned version (e.g. `coredns` -> `v1.12.1-eksbuild.2`). @default - none */
  readonly addons?: Record<string, string>;
  /** IAM principal ARNs given cluster-admin through access entries. @default - none */
  readonly adminPrincipalArns?: readonly string[];
  /** IAM principal ARNs given read-only access through access entries. @default - none */
  readonly viewerPrincipalArns?: readonly string[];
  /** Tags for node instances and volumes (the provider's default_tags do not reach them). @default - Name only */
  readonly tags?: Record<string, string>;
}

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
 * An EKS cluster as the platform's compute: secrets envelope-encrypted with a customer-managed key, API
 * endpoint private (public only for listed CIDRs), every control-plane log type to a log group with
 * retention, managed node groups over every AZ through a launch template (IMDSv2 with hop limit 1 so pods
 * cannot borrow the node's credentials, encrypted gp3, no SSH), pinned add-ons, access entries instead of
 * the aws-auth ConfigMap, and `addPodRole` for Pod Identity roles with only what each workload needs.
 */
export class EksCluster extends Construct {
  readonly cluster: TfEksCluster;
  readonly name: string;
  readonly version: string;
  /** The nodes' own security group (pods share it): the data tier admits this one. */
  readonly nodeFirewall: Firewall;
  readonly nodeRole: IamRole;
  readonly nodeGroups: EksNodeGroup[] = [];
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
      assumeRolePolicy: policyDocument({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
      description: `EKS control plane of ${props.name}`,
    });
    new IamRolePolicyAttachment(this, 'cluster-policy', { role: clusterRole.name, policyArn: `arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy` });

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
      // The add-ons below replace the self-managed defaults, pinned.
      bootstrapSelfManagedAddons: false,
      upgradePolicy: { supportType: 'STANDARD' },
      dependsOn: [this.logGroup.logGroup],
    });

    // Nodes: their own group for tier-to-tier rules (the data tier admits it); EKS's cluster group keeps node <-> control plane open.
    this.nodeFirewall = new Firewall(this, 'node-firewall', {
      name: `${props.name}-eks-nodes`,
      vpcId: props.vpcId,
      description: `EKS nodes and pods of ${props.name}: no SSH; the data tier admits this group`,
    });
    this.nodeFirewall.allowToCidr('0.0.0.0/0', 443, 'HTTPS to AWS APIs and image registries through NAT');

    this.nodeRole = new IamRole(this, 'node-role', {
      name: fitName(`${props.name}-eks-node`, 64),
      assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
      description: `EKS nodes of ${props.name} (pods get their own roles through Pod Identity)`,
    });
    // No AmazonEKS_CNI_Policy on the node: vpc-cni gets it through its own Pod Identity role below.
    for (const policy of ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore']) {
      new IamRolePolicyAttachment(this, `node-${policy}`, { role: this.nodeRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
    }

    const launchTemplate = this.nodeLaunchTemplate(props);

    // Networking first: nodes only turn Ready once vpc-cni runs, and pods need kube-proxy and the identity agent.
    const addonVersions = props.addons ?? {};
    const podIdentityAgent = 'eks-pod-identity-agent';
    for (const addonName of [podIdentityAgent, 'vpc-cni', 'kube-proxy'].filter((a) => a in addonVersions)) {
      this.addAddon(addonName, addonVersions[addonName]);
    }

    for (const g of props.nodeGroups) {
      this.nodeGroups.push(
        new EksNodeGroup(this, `nodes-${g.name}`, {
          clusterName: this.cluster.name,
          nodeGroupName: `${props.name}-${g.name}`,
          nodeRoleArn: this.nodeRole.arn,
          subnetIds: props.subnetIds,
          capacityType: g.capacityType ?? 'ON_DEMAND',
          instanceTypes: [...g.instanceTypes],
          amiType: 'AL2023_x86_64_STANDARD',
          scalingConfig: { minSize: g.min, maxSize: g.max, desiredSize: g.desired },
          updateConfig: { maxUnavailablePercentage: 33 },
          launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
          labels: { 'stormproof.io/capacity': (g.capacityType ?? 'ON_DEMAND').toLowerCase().replace('_', '-') },
          // The Cluster Autoscaler owns the size after creation; applying config must not reset it.
          lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
          dependsOn: Object.values(this.addons),
        }),
      );
    }
    // CoreDNS is a Deployment: it needs nodes to schedule on.
    if ('coredns' in addonVersions) this.addAddon('coredns', addonVersions.coredns, this.nodeGroups);
    for (const [addonName, version] of Object.entries(addonVersions)) {
      if (!(addonName in this.addons)) this.addAddon(addonName, version, this.nodeGroups);
    }

    (props.adminPrincipalArns ?? []).forEach((arn, i) => this.grantAccess(`admin-${i}`, arn, 'AmazonEKSClusterAdminPolicy'));
    (props.viewerPrincipalArns ?? []).forEach((arn, i) => this.grantAccess(`viewer-${i}`, arn, 'AmazonEKSViewPolicy'));
  }

  /** The nodes' launch template: both security groups, IMDSv2 with hop limit 1 (pods cannot reach it), encrypted gp3. */
  private nodeLaunchTemplate(props: EksClusterProps): LaunchTemplate {
    const tags = { ...(props.tags ?? {}), Name: `${props.name}-eks-node` };
    return new LaunchTemplate(this, 'node-template', {
      name: `${props.name}-eks-node`,
      description: `EKS nodes of ${props.name}: IMDSv2 with hop limit 1, encrypted gp3, no SSH key`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: [this.cluster.vpcConfig.clusterSecurityGroupId, this.nodeFirewall.id],
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      monitoring: { enabled: true },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: { volumeSize: Math.max(...props.nodeGroups.map((g) => g.diskGb ?? 50)), volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags })),
      tags: { Name: `${props.name}-eks-node` },
    });
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

  private addAddon(addonName: string, version: string, dependsOn: ITerraformDependable[] = []): EksAddon {
    let podIdentityAssociation;
    if (addonName === 'vpc-cni') {
      // The CNI's AWS permissions on its own service account, not on every pod's node.
      const role = new IamRole(this, 'vpc-cni-role', {
        name: fitName(`${this.name}-vpc-cni`, 64),
        assumeRolePolicy: policyDocument({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
        description: `vpc-cni (kube-system/aws-node) of ${this.name}`,
      });
      new IamRolePolicyAttachment(this, 'vpc-cni-policy', { role: role.name, policyArn: `arn:${this.partition}:iam::aws:policy/AmazonEKS_CNI_Policy` });
      podIdentityAssociation = [{ roleArn: role.arn, serviceAccount: 'aws-node' }];
    }
    const addon = new EksAddon(this, `addon-${addonName}`, {
      clusterName: this.cluster.name,
      addonName,
      addonVersion: version,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'PRESERVE',
      podIdentityAssociation,
      dependsOn: [...dependsOn, ...(addonName === 'vpc-cni' && this.addons['eks-pod-identity-agent'] ? [this.addons['eks-pod-identity-agent']] : [])],
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
  need(/^1\.\d{2}$/.test(props.version), `version "${props.version}" must be a Kubernetes minor such as "1.33"`);
  need(props.subnetIds.length >= 2, `subnetIds holds ${props.subnetIds.length} subnet(s): EKS needs subnets in at least 2 AZs`);
  need(props.nodeGroups.length >= 1, 'nodeGroups is empty: add at least one managed node group');
  for (const c of props.publicAccessCidrs ?? []) need(c !== '0.0.0.0/0', 'publicAccessCidrs must not hold 0.0.0.0/0: list the ranges that administer the cluster, or none');
  const names = new Set<string>();
  for (const g of props.nodeGroups) {
    need(!names.has(g.name), `nodeGroups name "${g.name}" is used twice`);
    names.add(g.name);
    need(g.instanceTypes.length >= 1, `nodeGroups ${g.name}.instanceTypes is empty`);
    need(g.min >= 0 && g.min <= g.max, `nodeGroups ${g.name}.min (${g.min}) must be 0-max (${g.max})`);
    need(g.desired >= g.min && g.desired <= g.max, `nodeGroups ${g.name}.desired (${g.desired}) must be within [${g.min}, ${g.max}]`);
  }
  if (problems.length > 0) throw new Error(`EksCluster ${props.name}: ${problems.join('; ')}`);
}

