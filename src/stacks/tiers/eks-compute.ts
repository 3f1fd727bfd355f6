import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack, Token } from 'cdktf';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { ProfileConfig, ServiceConfig } from '../../config/types';
import { EksCluster, NODE_SECURITY_GROUP_TAG, PodRole } from '../../constructs/compute/eks/eks-cluster';
import { EksNodeGroupConfig } from '../../config/types';
import { fitName } from '../../util/names';
import { kedaQueueStatements } from '../../constructs/compute/eks/eks-controller-policies';
import { KEDA } from '../../k8s/keda';
import { Connections, Firewall, IConnectable } from '../../constructs/shared/firewall';
import { IGrantable } from '../../constructs/shared/iam';
import { SERVICE_DEFAULTS } from '../../constructs/compute/ec2/service-props';
import { LOAD_BALANCER_DEFAULTS } from '../../constructs/network/load-balancer';
import { PolicyStatement } from '../../constructs/shared/iam';
import type { NetworkLike } from '../../constructs/network/existing-network';
import { awsAccount } from '../../util/aws-account';
import { ManifestValues, NodePoolValues, ServiceManifestValues } from '../../k8s/values';
import { containerResources } from '../../constructs/compute/ec2/app-source-props';

export interface EksComputeProps {
  readonly profile: ProfileConfig;
  /** Name prefix (`<project>-<environment>`), also the cluster name. */
  readonly name: string;
  readonly network: NetworkLike;
  /** Tags for nodes and their volumes. */
  readonly tags: Record<string, string>;
  /** Name of the regional WAF web ACL the Ingress ALB attaches (`wafv2-acl-name`). @default - none */
  readonly wafAclName?: string;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** Tag marking a security group as an internet-facing ALB's that EKS Auto Mode's load balancing attaches by name. */
export const INGRESS_ALB_TAG = 'stormproof.io/internet-alb';

/**
 * One service on EKS, as the data tier sees it: the firewall its pods share (the nodes'), a Pod Identity role
 * for permissions, and SSM parameter names handed to the pods as env vars.
 */
export class EksService implements IConnectable, IGrantable {
  readonly parameters: Record<string, string> = {};
  /** The nodes' firewall (pods share it); no default port: nothing connects to a service's pods but its Ingress ALB. */
  readonly connections: Connections;
  constructor(
    readonly config: ServiceConfig,
    firewall: Firewall,
    readonly podRole: PodRole,
    private readonly ssmArnPrefix: string,
  ) {
    this.connections = new Connections(firewall);
  }

  get kind(): 'web' | 'worker' {
    return this.config.kind;
  }

  addToRolePolicy(...statements: PolicyStatement[]) {
    return this.podRole.addToRolePolicy(...statements);
  }

  /** Env var name -> SSM parameter NAME; the pod's init container resolves them and its role may read exactly these. */
  addParameters(parameters: Record<string, string>): void {
    const arns: string[] = [];
    for (const [envName, parameterName] of Object.entries(parameters)) {
      if (!ENV_NAME.test(envName) || envName in this.parameters) throw new Error(`EKS service ${this.config.name}: parameter env var "${envName}" is invalid or set twice`);
      if (Token.isUnresolved(parameterName)) throw new Error(`EKS service ${this.config.name}: parameters.${envName} must be a plain parameter name, not a resource reference`);
      this.parameters[envName] = parameterName;
      arns.push(`${this.ssmArnPrefix}${parameterName.replace(/^\//, '')}`);
    }
    if (arns.length > 0) this.addToRolePolicy({ Sid: 'ReadAppParameters', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: arns });
  }
}

/**
 * The EKS path of a profile (`compute: "eks"`), mapped from config: the cluster in Auto Mode (EKS runs node
 * autoscaling and the ALB controller, so neither has a role or a manifest here), one Pod Identity role per
 * service and for KEDA, and the plain values the cdk8s manifests (NodePools, IngressClass, services) are
 * rendered from (`manifestValues()`).
 */
export class EksCompute extends Construct {
  readonly cluster: EksCluster;
  /**
   * The Ingress ALB's security group (Auto Mode's load balancing attaches it by name): 80/443 from the
   * internet; the nodes admit the web services' ports from it only.
   */
  readonly ingressFirewall: Firewall;
  /** By service name, for the data tier (firewall, permissions, parameters). */
  readonly services: Record<string, EksService> = {};
  readonly controllerRoles: Record<string, PodRole> = {};
  private queue?: { name: string; arn: string };
  private readonly props: EksComputeProps;

  constructor(scope: Construct, id: string, props: EksComputeProps) {
    super(scope, id);
    this.props = props;
    const { profile: p, name, network } = props;
    const e = p.eks;
    if (!e) throw new Error(`profile ${p.name}: compute "eks" needs an eks section`);
    const { accountId, partition } = awsAccount(this);
    const region = new DataAwsRegion(this, 'region');

    this.cluster = new EksCluster(this, 'cluster', {
      name,
      version: e.version,
      vpcId: network.vpcId,
      subnetIds: network.privateAppSubnets.map((s) => s.id),
      publicAccessCidrs: e.publicAccessCidrs,
      logRetentionDays: e.logRetentionDays,
      addons: { 'metrics-server': e.addons.metricsServer },
      adminPrincipalArns: e.adminRoleNames.map((r) => `arn:${partition}:iam::${accountId}:role/${r}`),
      viewerPrincipalArns: e.viewerRoleNames.map((r) => `arn:${partition}:iam::${accountId}:role/${r}`),
      tags: props.tags,
    });

    this.ingressFirewall = new Firewall(this, 'ingress-firewall', {
      name: `${name}-ingress`,
      vpcId: network.vpcId,
      description: `Internet-facing ALB of ${name}'s Ingress (EKS Auto Mode): HTTP/HTTPS from anywhere`,
      // The security-posture audit admits internet ingress only to load balancers' groups; this is one, made by the controller.
      tags: { [INGRESS_ALB_TAG]: 'true' },
    });
    this.ingressFirewall.allowFromCidr('0.0.0.0/0', 80, 'HTTP from the internet (redirected to HTTPS when a certificate is configured)');
    if (p.loadBalancer.certificateArn) this.ingressFirewall.allowFromCidr('0.0.0.0/0', 443, 'HTTPS from the internet');
    for (const port of [...new Set(p.services.filter((s) => s.kind === 'web').map((s) => s.container?.port ?? s.appPort))]) {
      this.cluster.nodeFirewall.connectFrom(this.ingressFirewall, port, `Pods' port ${port} from the Ingress ALB`);
    }

    const ssmArnPrefix = `arn:${partition}:ssm:${region.name}:${accountId}:parameter/`;
    for (const s of p.services) {
      const role = this.cluster.addPodRole(`svc-${s.name}`, e.namespace, s.name);
      this.services[s.name] = new EksService(s, this.cluster.nodeFirewall, role, ssmArnPrefix);
    }

    const stack = TerraformStack.of(this);
    // The nodes are Auto Mode's, not Terraform resources: this says what the NodePools allow (read by the cost estimate too).
    new TerraformOutput(stack, 'eks_node_pools', {
      value: [...(e.spot ? [['spot', e.spot] as const] : []), ['on-demand', e.onDemand] as const].map(([pool, g]) => ({
        pool,
        capacity_type: pool === 'spot' ? 'SPOT' : 'ON_DEMAND',
        instance_types: [...g.instanceTypes],
        min_size: g.min,
        desired_size: g.desired,
        max_size: g.max,
        disk_size: g.diskGb,
      })),
      description: 'EKS Auto Mode NodePools of cdktf.out/k8s/<stack>/01-nodes.yaml: capacity type, instance types, node bounds (min/desired are cost assumptions)',
    });
    new TerraformOutput(stack, 'eks_cluster_name', { value: this.cluster.cluster.name, description: 'EKS cluster name' });
    new TerraformOutput(stack, 'eks_kubeconfig_command', {
      value: `aws eks update-kubeconfig --region ${p.region} --name ${name}`,
      description: 'Configures kubectl (from inside the VPC: the API endpoint is private); then kubectl apply -f cdktf.out/k8s/<stack>/',
    });
  }

  /** Lets the worker scale on `queue`'s depth: KEDA's operator may read the queue's attributes, nothing else. */
  scaleWorkersOnQueue(queueName: string, queueArn: string): void {
    if (this.queue) throw new Error('EksCompute: scaleWorkersOnQueue was already called');
    this.queue = { name: queueName, arn: queueArn };
    this.controllerRoles.keda = this.cluster.addPodRole('keda-operator', KEDA.namespace, KEDA.operatorServiceAccount, ...kedaQueueStatements(queueArn));
  }

  /** The plain values the manifests are rendered from (src/k8s/workloads.ts). */
  manifestValues(): ManifestValues {
    const { profile: p, name } = this.props;
    const e = p.eks!;
    const services: ServiceManifestValues[] = p.services.map((s) => ({
      kind: s.kind,
      name: s.name,
      appPort: s.container?.port ?? s.appPort,
      healthCheckPath: s.container?.readinessPath ?? s.healthCheckPath ?? SERVICE_DEFAULTS.healthCheckPath,
      livenessPath: s.container?.livenessPath ?? s.container?.readinessPath ?? s.healthCheckPath ?? SERVICE_DEFAULTS.healthCheckPath,
      pathPatterns: s.kind === 'web' ? [...(s.pathPatterns ?? ['/*'])] : [],
      minReplicas: s.capacity.min,
      maxReplicas: s.capacity.max,
      cpuTargetPercent: s.cpuTargetPercent ?? SERVICE_DEFAULTS.cpuTargetPercent,
      pod: containerResources(s.container, s.pod ?? e.defaultPod),
      startupSeconds: s.container?.startupSeconds ?? s.healthCheckGraceSeconds ?? SERVICE_DEFAULTS.healthCheckGraceSeconds,
      container: s.container ? { image: s.container.image, command: s.container.command ? [...s.container.command] : undefined } : undefined,
      serviceAccount: this.services[s.name].podRole.serviceAccount,
      parameters: { ...this.services[s.name].parameters },
      queue: s.kind === 'worker' && this.queue ? { name: this.queue.name, messagesPerPod: s.backlogPerInstance ?? 100 } : undefined,
    }));
    return {
      stack: p.name,
      clusterName: name,
      region: p.region,
      kubernetesVersion: e.version,
      namespace: e.namespace,
      image: e.image,
      labels: { 'app.kubernetes.io/managed-by': 'stormproof-cdk8s', 'stormproof.io/project': p.project, 'stormproof.io/environment': p.environment },
      ingress: {
        groupName: name,
        securityGroupName: `${name}-ingress`,
        wafAclName: this.props.wafAclName,
        certificateArn: p.loadBalancer.certificateArn,
        idleTimeoutSeconds: p.loadBalancer.idleTimeoutSeconds ?? LOAD_BALANCER_DEFAULTS.idleTimeoutSeconds,
        deregistrationDelaySeconds: p.loadBalancer.deregistrationDelaySeconds ?? LOAD_BALANCER_DEFAULTS.deregistrationDelaySeconds,
        deletionProtection: p.environment === 'production',
      },
      services,
      nodes: {
        roleName: fitName(`${name}-eks-node`, 64),
        subnetNames: Array.from({ length: p.network.azCount }, (_, i) => `${name}-app-${i}`),
        securityGroupTag: { [NODE_SECURITY_GROUP_TAG]: name },
        tags: { ...this.props.tags },
        pools: [
          ...(e.spot ? [nodePool('spot', e.spot)] : []),
          nodePool('on-demand', e.onDemand),
        ],
      },
      keda: this.controllerRoles.keda ? { serviceAccount: this.controllerRoles.keda.serviceAccount, namespace: this.controllerRoles.keda.namespace } : undefined,
    };
  }
}

/** vCPUs of an x86/Graviton instance size (`large` 2, `xlarge` 4, `<n>xlarge` 4n); smaller sizes count 2. */
export function vcpusOf(instanceType: string): number {
  const size = instanceType.split('.')[1] ?? '';
  const m = /^(\d*)xlarge$/.exec(size);
  if (m) return 4 * (m[1] ? Number(m[1]) : 1);
  return size === 'large' ? 2 : size === 'medium' ? 1 : 2;
}

/** A NodePool from a node group's config: Spot preferred by weight, on-demand the fallback; CPU limit from `max` nodes. */
function nodePool(name: 'spot' | 'on-demand', g: EksNodeGroupConfig): NodePoolValues {
  return {
    name,
    capacityType: name,
    weight: name === 'spot' ? 50 : 10,
    instanceTypes: [...g.instanceTypes],
    cpuLimit: g.max * Math.max(...g.instanceTypes.map(vcpusOf)),
    diskGb: g.diskGb,
  };
}
