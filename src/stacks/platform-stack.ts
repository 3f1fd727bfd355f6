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
import { Edge, albCertificateFor, originLegOf, originSecretFor } from './edge';
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
  readonly loadBalancer: LoadBalancer;
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
    });

    // With CloudFront in front the ALB admits only CloudFront: internal behind a VPC origin, or public over
    // HTTPS to CloudFront's prefix list, forwarding only requests carrying CloudFront's secret origin header.
    const originLeg = originLegOf(p);
    const originSecret = originSecretFor(this, p, name);
    const albCertificate = albCertificateFor(this, p);
    this.loadBalancer = new LoadBalancer(this, 'load-balancer', {
      name,
      vpcId: this.network.vpcId,
      publicSubnetIds: this.network.publicSubnets.map((s) => s.id),
      internalSubnetIds: originLeg === 'vpc-origin' ? this.network.privateAppSubnets.map((s) => s.id) : undefined,
      reachableFrom: originLeg ? 'cloudfront' : 'internet',
      certificateArn: p.loadBalancer.certificateArn ?? albCertificate?.arn,
      idleTimeoutSeconds: p.loadBalancer.idleTimeoutSeconds,
      deregistrationDelaySeconds: p.loadBalancer.deregistrationDelaySeconds,
      deletionProtection: p.environment === 'production',
      accessLogs: p.loadBalancer.accessLogs,
      accessLogRetentionDays: p.logRetentionDays,
      forceDestroyLogs: p.environment !== 'production',
      requiredHeader: originSecret ? { name: originSecret.headerName, value: originSecret.headerValue } : undefined,
    });

    this.createServices(p, name, tags);

    this.dataTier = new DataTier(this, 'data', {
      name,
      network: this.network,
      services: this.services,
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
    this.edge = new Edge(this, 'edge', {
      profile: p,
      name,
      loadBalancer: this.loadBalancer,
      originSecret,
      internetGateway: this.network.internetGateway,
      tags,
    });
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
    // Where users go: the domain, else CloudFront when it fronts the ALB (an internal ALB has no public name), else the ALB.
    const siteUrl = p.dns ? `https://${p.dns.domainName}` : originLeg && this.edge.cdn ? `https://${this.edge.cdn.domainName}` : this.loadBalancer.url;
    new TerraformOutput(this, 'site_url', { value: siteUrl, description: 'Site URL (the domain, CloudFront in front of the ALB, or the ALB)' });
    new TerraformOutput(this, 'alb_dns_name', { value: this.loadBalancer.dnsName, description: 'ALB DNS name' });
    new TerraformOutput(this, 'asg_names', {
      value: Object.fromEntries(Object.entries(this.services).map(([n, svc]) => [n, svc.asgName])),
      description: 'Auto Scaling group name per service',
    });
  }

  /** One Service per config entry: web services behind the load balancer, workers without one. */
  private createServices(p: ProfileConfig, name: string, tags: Record<string, string>): void {
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
        loadBalancer: s.kind === 'web' ? this.loadBalancer : undefined,
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
