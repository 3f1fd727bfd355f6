import { Construct } from 'constructs';
import { S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ProfileConfig } from '../config/types';
import { s3BackendSettings } from '../config/backend';
import { subnetsFor } from './subnets';
import { Network } from '../constructs/network';
import { LoadBalancer } from '../constructs/load-balancer';
import { Service } from '../constructs/service';
import { DataTier } from './data-tier';
import { Edge, albWafName, originSecretFor } from './edge';
import { EksCompute } from './eks-compute';
import { ELB_SUBNET_TAGS } from '../constructs/eks-cluster';
import { Operations } from './operations';
import { Alerts } from '../constructs/alerts';
import { FailureDrills } from '../constructs/failure-drills';
import { addFailureDrills, drillsEnabled } from './drills';
import { Delivery } from './delivery';

export interface PlatformStackProps {
  readonly profile: ProfileConfig;
}

/**
 * One profile's whole platform, composed in the order a request flows:
 * config -> network -> load balancer -> services -> data tier -> edge -> operations.
 * The stack maps config onto construct props; constructs never read profiles.
 */
export class PlatformStack extends TerraformStack {
  readonly network: Network;
  /** The stack's ALB (`compute: "ec2"`; with `eks` the AWS Load Balancer Controller creates it from the Ingress). */
  readonly loadBalancer?: LoadBalancer;
  /** The EKS cluster and its services' roles (`compute: "eks"`); `manifests()` renders their Kubernetes objects. */
  readonly eks?: EksCompute;
  /** One per `profile.services` entry, by service name (web and worker). */
  readonly services: Record<string, Service> = {};
  /** Database, cache and queue, wired into the services. */
  readonly dataTier: DataTier;
  /** WAF, static assets, CloudFront and DNS (each when its config section is set). */
  readonly edge: Edge;
  /** Alerts topic every alarm notifies. */
  readonly alerts: Alerts;
  /** Alarms, dashboard, audit trail, budgets and backups. */
  readonly operations: Operations;
  /** AWS FIS experiment templates (`failureDrills`, on by default outside production). */
  readonly failureDrills?: FailureDrills;
  /** Release pipelines of the `deploy: 'blue-green'` services. */
  readonly delivery: Delivery;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const p = props.profile;
    const name = `${p.project}-${p.environment}`;
    const tags = {
      Project: p.project,
      Environment: p.environment,
      Owner: p.owner,
      CostCenter: p.costCenter,
      Profile: p.name,
      ManagedBy: 'stormproof-cdktf',
    };
    new AwsProvider(this, 'aws', { region: p.region, defaultTags: [{ tags }] });
    if (p.backend.type === 's3') {
      new S3Backend(this, s3BackendSettings(p.backend, id));
      // cdktf's S3Backend has no useLockfile: S3-native state locking (Terraform >= 1.10), no DynamoDB table.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    }

    // Created first so every tier's alarms can notify it.
    this.alerts = new Alerts(this, 'alerts', { name, emails: p.operations?.alertEmails });

    this.network = new Network(this, 'network', {
      name,
      cidr: p.network.cidr,
      azCount: p.network.azCount,
      subnetCidrs: subnetsFor(p),
      natGateways: p.network.natGateways,
      flowLogRetentionDays: p.network.flowLogRetentionDays,
      // Where the AWS Load Balancer Controller may place the Ingress ALB.
      publicSubnetTags: p.compute === 'eks' ? { ...ELB_SUBNET_TAGS } : undefined,
    });

    // With CloudFront in front, the ALB forwards only requests carrying CloudFront's secret origin header.
    const originSecret = originSecretFor(this, p, name);
    if (p.compute === 'eks') {
      this.eks = new EksCompute(this, 'eks', { profile: p, name, network: this.network, tags, wafAclName: p.waf ? albWafName(name) : undefined });
    } else {
      this.loadBalancer = this.createLoadBalancer(p, name, originSecret);
      this.createServices(p, name, tags, this.loadBalancer);
    }

    this.dataTier = new DataTier(this, 'data', {
      name,
      network: this.network,
      services: this.eks?.services ?? this.services,
      backlogPerInstance: Object.fromEntries(p.services.filter((s) => s.backlogPerInstance !== undefined).map((s) => [s.name, s.backlogPerInstance!])),
      database: p.database,
      cache: p.cache,
      queue: p.queue,
      disasterRecovery: p.disasterRecovery,
      production: p.environment === 'production',
      logRetentionDays: p.logRetentionDays,
      flowLogRetentionDays: p.network.flowLogRetentionDays,
      alarmActions: [this.alerts.topicArn],
      tags,
    });
    if (this.eks && this.dataTier.queue && p.services.some((s) => s.kind === 'worker')) {
      this.eks.scaleWorkersOnQueue(this.dataTier.queue.queueName, this.dataTier.queue.arn);
    }
    this.edge = new Edge(this, 'edge', { profile: p, name, loadBalancer: this.loadBalancer, originSecret, tags });
    this.operations = new Operations(this, 'operations', {
      profile: p,
      name,
      alerts: this.alerts,
      loadBalancer: this.loadBalancer,
      services: this.services,
      dataTier: this.dataTier,
    });
    if (drillsEnabled(p)) {
      this.failureDrills = addFailureDrills(this, { profile: p, name, network: this.network, services: this.services, dataTier: this.dataTier, alerts: this.alerts, tags });
    }

    // Last: a release rolls back on the alarms Operations created.
    this.delivery = new Delivery(this, 'delivery', { profile: p, name, services: this.services, alerts: this.alerts });

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId, description: 'VPC id' });
    if (this.loadBalancer) {
      new TerraformOutput(this, 'site_url', { value: this.loadBalancer.url, description: 'Site URL (the ALB DNS name)' });
      new TerraformOutput(this, 'alb_dns_name', { value: this.loadBalancer.dnsName, description: 'ALB DNS name' });
      new TerraformOutput(this, 'asg_names', {
        value: Object.fromEntries(Object.entries(this.services).map(([n, svc]) => [n, svc.asgName])),
        description: 'Auto Scaling group name per service',
      });
    }
  }

  /**
   * The Kubernetes manifests of a `compute: "eks"` stack (file name -> YAML), rendered with cdk8s from the same
   * config; loads cdk8s only when called, so EC2 stacks never pay for it. Empty for `compute: "ec2"`.
   */
  manifests(): Record<string, string> {
    if (!this.eks) return {};
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderManifests } = require('../k8s/workloads') as typeof import('../k8s/workloads');
    return renderManifests(this.eks.manifestValues());
  }

  /** The stack's ALB (compute "ec2"). */
  private createLoadBalancer(p: ProfileConfig, name: string, originSecret: ReturnType<typeof originSecretFor>): LoadBalancer {
    return new LoadBalancer(this, 'load-balancer', {
      name,
      vpcId: this.network.vpcId,
      publicSubnetIds: this.network.publicSubnets.map((s) => s.id),
      certificateArn: p.loadBalancer.certificateArn,
      idleTimeoutSeconds: p.loadBalancer.idleTimeoutSeconds,
      deregistrationDelaySeconds: p.loadBalancer.deregistrationDelaySeconds,
      deletionProtection: p.environment === 'production',
      accessLogs: p.loadBalancer.accessLogs,
      accessLogRetentionDays: p.logRetentionDays,
      forceDestroyLogs: p.environment !== 'production',
      requiredHeader: originSecret ? { name: originSecret.headerName, value: originSecret.headerValue } : undefined,
    });
  }

  /** One Service per config entry: web services behind the load balancer, workers without one. */
  private createServices(p: ProfileConfig, name: string, tags: Record<string, string>, loadBalancer: LoadBalancer): void {
    for (const s of p.services) {
      this.services[s.name] = new Service(this, `service-${s.name}`, {
        name: `${name}-${s.name}`,
        serviceName: s.name,
        vpcId: this.network.vpcId,
        subnetIds: this.network.privateAppSubnets.map((sn) => sn.id),
        instanceType: s.instanceType,
        amiId: s.amiId,
        appPort: s.appPort,
        healthCheckPath: s.healthCheckPath,
        capacity: s.capacity,
        // Workers get no load balancer: EC2 health checks; the data tier adds queue-backlog scaling.
        loadBalancer: s.kind === 'web' ? loadBalancer : undefined,
        pathPatterns: s.kind === 'web' && s.pathPatterns ? [...s.pathPatterns] : undefined,
        cpuTargetPercent: s.cpuTargetPercent,
        requestsPerTarget: s.requestsPerTarget,
        schedules: s.schedules ? [...s.schedules] : undefined,
        cpuAlarms: s.cpuAlarms,
        warmPool: s.warmPool,
        healthCheckGraceSeconds: s.healthCheckGraceSeconds,
        warmupSeconds: s.warmupSeconds,
        minHealthyPercentage: s.minHealthyPercentage,
        rootVolumeGb: s.rootVolumeGb,
        tags,
      });
    }
  }
}
