import { secretReferencesOf, toImageSource } from '../constructs/compute/ec2/app-source-props';
import { Construct } from 'constructs';
import { S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ProfileConfig } from '../config/types';
import { s3BackendSettings } from '../config/backend';
import { subnetsFor } from './subnets';
import { Network } from '../constructs/network/network';
import { ExistingNetwork, NetworkLike } from '../constructs/network/existing-network';
import { LoadBalancer } from '../constructs/network/load-balancer';
import { profileLoadBalancerSettings } from './load-balancer-settings';
import { Service } from '../constructs/compute/ec2/service';
import { BeanstalkApp } from '../constructs/compute/beanstalk/beanstalk';
import { DataTier, DataTierClient } from './tiers/data-tier';
import { Edge, albCertificateFor, albWafName, originLegOf, originSecretFor } from './tiers/edge';
import { EksCompute } from './tiers/eks-compute';
import { ELB_SUBNET_TAGS } from '../constructs/compute/eks/eks-cluster';
import { Operations } from './tiers/operations';
import { Alerts } from '../constructs/operations/alerts';
import { FailureDrills } from '../constructs/operations/failure-drills';
import { addFailureDrills, drillsEnabled } from './tiers/drills';
import { Delivery } from './tiers/delivery';
import { DrAppTier } from './tiers/dr-app-tier';
import { disasterRecoveryOutput } from './tiers/dr-output';
import { DR_DEFAULTS, hasStandbyAppTier } from '../constructs/dr/dr-props';
import { EncryptionKey } from '../constructs/shared/encryption-key';
import { PrivateBucket } from '../constructs/shared/private-bucket';
import { fitName } from '../util/names';

export interface PlatformStackProps {
  readonly profile: ProfileConfig;
}

/**
 * One profile's whole platform, composed in the order a request flows:
 * config -> network -> load balancer -> services -> data tier -> edge -> operations.
 * The stack maps config onto construct props; constructs never read profiles.
 */
export class PlatformStack extends TerraformStack {
  /** The platform's VPC, or the one `network.existingVpc` names. */
  readonly network: NetworkLike;
  /**
   * The stack's ALB (`compute: "ec2"`; with `beanstalk` each environment has its own, with `eks` the AWS Load
   * Balancer Controller creates it from the Ingress).
   */
  readonly loadBalancer?: LoadBalancer;
  /** The EKS cluster and its services' roles (`compute: "eks"`); `manifests()` renders their Kubernetes objects. */
  readonly eks?: EksCompute;
  /** One per `profile.services` entry on EC2 Auto Scaling, by service name (with `beanstalk`: the workers). */
  readonly services: Record<string, Service> = {};
  /** The web service on Elastic Beanstalk (`compute: "beanstalk"`). */
  readonly beanstalk?: BeanstalkApp;
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
  /** The standby app tier in the DR region (`disasterRecovery.strategy` `pilot-light` or `warm-standby`). */
  readonly drAppTier?: DrAppTier;

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

    // An existing VPC is read, not created (no second VPC); otherwise the platform builds one.
    this.network = p.network.existingVpc
      ? new ExistingNetwork(this, 'network', { vpcId: p.network.existingVpc.vpcId, subnetIds: p.network.existingVpc.subnetIds, azCount: p.network.azCount })
      : new Network(this, 'network', {
      name,
      cidr: p.network.cidr,
      azCount: p.network.azCount,
      subnetCidrs: subnetsFor(p),
      natGateways: p.network.natGateways,
      flowLogRetentionDays: p.network.flowLogRetentionDays,
      // Where EKS Auto Mode may place the Ingress ALB.
      publicSubnetTags: p.compute === 'eks' ? { ...ELB_SUBNET_TAGS } : undefined,
    });

    // With CloudFront in front of the ALB on the HTTPS leg, the ALB forwards only requests carrying CloudFront's secret header.
    const originSecret = originSecretFor(this, p, name);
    let clients: Record<string, DataTierClient>;
    if (p.compute === 'eks') {
      this.eks = new EksCompute(this, 'eks', { profile: p, name, network: this.network, tags, wafAclName: p.waf ? albWafName(name) : undefined });
      clients = this.eks.services;
    } else {
      // With compute "beanstalk" every environment brings its own ALB: no stack ALB.
      if (p.compute !== 'beanstalk') this.loadBalancer = this.createLoadBalancer(p, name, originSecret);
      clients = this.createServices(p, name, tags);
    }

    this.dataTier = new DataTier(this, 'data', {
      name,
      network: this.network,
      services: clients,
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
    const strategy = p.disasterRecovery?.strategy ?? DR_DEFAULTS.strategy;
    if (hasStandbyAppTier(strategy) && this.dataTier.drProvider && this.dataTier.drNetwork && p.compute !== 'eks' && p.compute !== 'beanstalk') {
      this.drAppTier = new DrAppTier(this, 'dr', {
        profile: p,
        name,
        strategy: strategy as 'pilot-light' | 'warm-standby',
        provider: this.dataTier.drProvider,
        network: this.dataTier.drNetwork,
        services: this.services,
        dataTier: this.dataTier,
        tags,
      });
    }
    if (this.eks && this.dataTier.queue && p.services.some((s) => s.kind === 'worker')) {
      this.eks.scaleWorkersOnQueue(this.dataTier.queue.queueName, this.dataTier.queue.arn);
    }
    this.edge = new Edge(this, 'edge', {
      profile: p,
      name,
      loadBalancer: this.loadBalancer,
      beanstalk: this.beanstalk,
      originSecret,
      internetGateway: this.network.internetGateway,
      tags,
      disasterRecovery: this.dataTier.drProvider
        ? { provider: this.dataTier.drProvider, strategy, loadBalancer: this.drAppTier?.loadBalancer, internetGateway: this.dataTier.drNetwork?.internetGateway }
        : undefined,
    });
    this.operations = new Operations(this, 'operations', {
      profile: p,
      name,
      alerts: this.alerts,
      loadBalancer: this.loadBalancer,
      services: this.services,
      beanstalk: this.beanstalk,
      dataTier: this.dataTier,
    });
    if (drillsEnabled(p)) {
      this.failureDrills = addFailureDrills(this, { profile: p, name, network: this.network, services: this.services, dataTier: this.dataTier, alerts: this.alerts, tags });
    }

    // Last: a release rolls back on the alarms Operations created.
    this.delivery = new Delivery(this, 'delivery', { profile: p, name, services: this.services, beanstalk: this.beanstalk, alerts: this.alerts });

    this.addOutputs(p);
  }

  /** What users and the scripts read after apply: VPC, site URL and ALB name, Beanstalk environments, group names. */
  private addOutputs(p: ProfileConfig): void {
    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId, description: 'VPC id' });
    if (this.loadBalancer) {
      // Where users go: the domain, else CloudFront when it fronts the ALB (an internal ALB has no public name), else the ALB.
      const siteUrl = p.dns ? `https://${p.dns.domainName}` : originLegOf(p) && this.edge.cdn ? `https://${this.edge.cdn.domainName}` : this.loadBalancer.url;
      new TerraformOutput(this, 'site_url', { value: siteUrl, description: 'Site URL (the domain, CloudFront in front of the ALB, or the ALB)' });
      new TerraformOutput(this, 'alb_dns_name', { value: this.loadBalancer.dnsName, description: 'ALB DNS name' });
    }
    if (this.beanstalk) this.beanstalkOutputs(p, this.beanstalk);
    if (p.disasterRecovery) {
      new TerraformOutput(this, 'disaster_recovery', {
        value: disasterRecoveryOutput(p, { dataTier: this.dataTier, drAppTier: this.drAppTier, edge: this.edge }),
        description: 'DR strategy, regions, the DR ALB and fleets, the database replica, replicated buckets and DNS failover (the drill and tools read it)',
      });
    }
    if (Object.keys(this.services).length) {
      new TerraformOutput(this, 'asg_names', {
        value: Object.fromEntries(Object.entries(this.services).map(([n, svc]) => [n, svc.asgName])),
        description: 'Auto Scaling group name per service',
      });
    }
  }

  /**
   * cdktf's App.synth first resolves every element of every stack once, only to find references into another stack
   * (it adds the outputs and remote state they need), then resolves them all again to write the JSON. A PlatformStack
   * is one profile's whole platform and references nothing outside itself, so that first pass is skipped: it was a
   * third of synth. Testing.synth never runs it either, and __tests__/stacks/prepare.test.ts shows it adds nothing.
   */
  prepareStack(): void {
    this.ensureBackendExists();
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

  /**
   * The stack's ALB (compute "ec2"). With CloudFront in front it admits only CloudFront: internal behind a VPC
   * origin, or public over HTTPS to CloudFront's prefix list, forwarding only requests carrying the origin header.
   */
  private createLoadBalancer(p: ProfileConfig, name: string, originSecret: ReturnType<typeof originSecretFor>): LoadBalancer {
    const originLeg = originLegOf(p);
    const albCertificate = albCertificateFor(this, p);
    return new LoadBalancer(this, 'load-balancer', {
      name,
      vpcId: this.network.vpcId,
      publicSubnetIds: this.network.publicSubnets.map((s) => s.id),
      internalSubnetIds: originLeg === 'vpc-origin' ? this.network.privateAppSubnets.map((s) => s.id) : undefined,
      reachableFrom: originLeg ? 'cloudfront' : 'internet',
      certificateArn: p.loadBalancer.certificateArn ?? albCertificate?.arn,
      ...profileLoadBalancerSettings(p),
      requiredHeader: originSecret ? { name: originSecret.headerName, value: originSecret.headerValue } : undefined,
    });
  }

  /** Plain strings (known at synth), so `npm run bluegreen` reads them from the JSON without a state. */
  private beanstalkOutputs(p: ProfileConfig, eb: BeanstalkApp): void {
    new TerraformOutput(this, 'site_url', {
      // The live CNAME, not an environment's `cname` attribute: after a swap that attribute is the idle environment's.
      value: p.dns ? `https://${p.dns.domainName}` : `${eb.protocol}://${eb.liveCname}`,
      description: p.dns ? 'Site URL (the domain, aliased to the live environment)' : 'Site URL (the live CNAME; a swap moves it to the other environment)',
    });
    new TerraformOutput(this, 'beanstalk_application', { value: eb.applicationName, description: 'Elastic Beanstalk application name' });
    new TerraformOutput(this, 'beanstalk_environments', {
      value: Object.fromEntries(eb.environments.map((e) => [e.role, e.name])),
      description: `Beanstalk environments by role (${eb.deployment})`,
    });
    new TerraformOutput(this, 'beanstalk_version_label', { value: eb.versionLabel, description: 'Application version built from this synth (deploy it to the idle environment, then swap)' });
    new TerraformOutput(this, 'beanstalk_cnames', {
      value: Object.fromEntries(eb.environments.map((e) => [e.role, e.environment.cname])),
      description: 'Environment CNAMEs by role',
    });
  }

  /** The web service as a Beanstalk application; its environments bring their own ALB (on the certificate issued for `dns`). */
  private createBeanstalk(p: ProfileConfig, s: ProfileConfig['services'][number], name: string): BeanstalkApp {
    const b = p.beanstalk!;
    const certificate = albCertificateFor(this, p);
    return new BeanstalkApp(this, `beanstalk-${s.name}`, {
      name: `${name}-${s.name}`,
      serviceName: s.name,
      vpcId: this.network.vpcId,
      appSubnetIds: this.network.privateAppSubnets.map((sn) => sn.id),
      publicSubnetIds: this.network.publicSubnets.map((sn) => sn.id),
      platform: b.platform,
      solutionStack: b.solutionStack,
      instanceType: s.instanceType,
      capacity: s.capacity,
      healthCheckPath: s.healthCheckPath,
      certificateArn: p.loadBalancer.certificateArn ?? certificate?.arn,
      deployment: b.deployment,
      cpuTargetPercent: s.cpuTargetPercent,
      memoryTargetPercent: s.memoryTargetPercent,
      rootVolumeGb: s.rootVolumeGb,
      logRetentionDays: p.logRetentionDays,
      versionsToKeep: b.versionsToKeep,
      platformUpdateWindow: b.platformUpdateWindow,
      accessLogRetentionDays: p.logRetentionDays,
      forceDestroyBuckets: p.environment !== 'production',
      bundle: s.bundle,
      properties: s.env ? { ...s.env } : undefined,
      secrets: s.secrets ? secretReferencesOf(s.secrets) : undefined,
    });
  }

  /**
   * Where the EC2 services' bundles live: SSE-KMS under one stack key, server access logs to the stack's log bucket
   * (the ALB's, or Beanstalk's), else to a log bucket of their own (S3 log delivery needs SSE-S3 on the target).
   */
  private bundleStorage(p: ProfileConfig, name: string): { keyArn: string; logs: PrivateBucket } {
    const key = new EncryptionKey(this, 'bundle-key', { alias: `${name}-app-bundles`, description: `App bundles of the ${name} services` });
    const logs =
      this.loadBalancer?.logBucket ??
      this.beanstalk?.logBucket ??
      new PrivateBucket(this, 'access-logs', {
        namePrefix: fitName(`${name}-access-logs-`, 37),
        lifecycle: { expirationDays: p.logRetentionDays, noncurrentExpirationDays: 7, abortIncompleteMultipartDays: 1 },
        forceDestroy: p.environment !== 'production',
      });
    return { keyArn: key.arn, logs };
  }

  /** One Service per config entry: web services behind the load balancer (or on Beanstalk), workers without one. */
  private createServices(p: ProfileConfig, name: string, tags: Record<string, string>): Record<string, DataTierClient> {
    const clients: Record<string, DataTierClient> = {};
    // Beanstalk's web service first: its log bucket takes the workers' bundle access logs.
    const onBeanstalk = (s: ProfileConfig['services'][number]) => p.compute === 'beanstalk' && !!p.beanstalk && s.kind === 'web';
    for (const s of p.services.filter(onBeanstalk)) clients[s.name] = (this as { beanstalk?: BeanstalkApp }).beanstalk = this.createBeanstalk(p, s, name);
    const ec2 = p.services.filter((s) => !onBeanstalk(s));
    const storage = ec2.length > 0 ? this.bundleStorage(p, name) : undefined;
    for (const s of ec2) {
      clients[s.name] = this.services[s.name] = new Service(this, `service-${s.name}`, {
        name: `${name}-${s.name}`,
        serviceName: s.name,
        vpcId: this.network.vpcId,
        subnetIds: this.network.privateAppSubnets.map((sn) => sn.id),
        instanceType: s.instanceType,
        amiId: s.amiId,
        image: toImageSource(s.image),
        bundle: s.bundle,
        bundleKeyArn: storage?.keyArn,
        bundleAccessLogs: storage && { bucket: storage.logs, prefix: `s3/bundles/${s.name}/` },
        userData: s.userData,
        env: s.env ? { ...s.env } : undefined,
        secrets: s.secrets ? { ...s.secrets } : undefined,
        appLogRetentionDays: p.logRetentionDays,
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
        memoryTargetPercent: s.memoryTargetPercent,
        deploy: s.deploy,
        tags,
      });
    }
    return clients;
  }
}
