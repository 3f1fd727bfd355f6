import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { ProfileConfig } from '../../config/types';
import { DisasterRecoveryStrategy, DR_DEFAULTS, DR_TAG } from '../../constructs/dr/dr-props';
import { BucketReplication } from '../../constructs/dr/bucket-replication';
import { EncryptionKey } from '../../constructs/shared/encryption-key';
import { Connections } from '../../constructs/shared/firewall';
import { LoadBalancer } from '../../constructs/network/load-balancer';
import { profileLoadBalancerSettings } from '../load-balancer-settings';
import { Network } from '../../constructs/network/network';
import { Service } from '../../constructs/compute/ec2/service';
import { toImageSource } from '../../constructs/compute/ec2/app-source-props';
import { Queue } from '../../constructs/data/queue';
import { Alerts } from '../../constructs/operations/alerts';
import { useProvider, tagResources } from '../../util/provider-scope';
import type { DataTier } from './data-tier';
import { albWafName, originDomainOf, originLegOf } from './edge';
import { Waf } from '../../constructs/edge/waf';
import { DnsValidatedCertificate } from '../../constructs/edge/certificate';

export interface DrAppTierProps {
  readonly profile: ProfileConfig;
  /** Name prefix (`<project>-<environment>`); DR resources are named `<name>-dr-...`. */
  readonly name: string;
  readonly strategy: Exclude<DisasterRecoveryStrategy, 'backup-restore'>;
  /** The DR region's aliased provider and network (the data tier creates both). */
  readonly provider: AwsProvider;
  readonly network: Network;
  /** The primary region's services, by name: each gets its DR copy. */
  readonly services: Record<string, Service>;
  /** The primary region's data tier: its parameters are re-created here, pointing at the DR replica and queue. */
  readonly dataTier: DataTier;
  /** Default tags (the services' tags; `stormproof:dr` is added). */
  readonly tags: Record<string, string>;
}

/** A DR fleet with what tools and the runbook need of it. */
export interface DrFleet {
  readonly service: Service;
  /** The group's name as a plain string (`<name>-dr-<service>`). */
  readonly asgName: string;
  readonly min: number;
  readonly max: number;
}

/** What is kept only in the primary region, on purpose, and how it comes back (`disaster_recovery.rebuilt`). */
export const DR_CACHE_PLACEHOLDER = 'rebuilt-on-failover';

/**
 * The app tier of a `pilot-light` or `warm-standby` profile, standing in the DR region: for each primary
 * service, the same launch template (its image copied or resolvable there) and Auto Scaling group at 0
 * (`warm-standby`: `standby.min`), the DR ALB with the same target groups and routes, security groups tier to
 * tier (ALB -> app -> database replica), the queue and its dead-letter queue, the data tier's parameters (pointing
 * at the replica and DR queue), and each bundle bucket replicated here (KMS key of this region). The cache is
 * rebuilt on failover, not replicated. Everything carries `stormproof:dr` = the strategy.
 */
export class DrAppTier extends Construct {
  readonly strategy: DisasterRecoveryStrategy;
  readonly loadBalancer?: LoadBalancer;
  /** The DR ALB's regional WAF (with `waf`). */
  readonly waf?: Waf;
  readonly fleets: Record<string, DrFleet> = {};
  readonly queue?: Queue;
  /** The DR region's alerts topic (the DR queue's alarm notifies it). */
  readonly alerts?: Alerts;
  /** The DR region's key for replicated bundle buckets. */
  readonly bucketKey: EncryptionKey;
  /** Bundle bucket replications (source in the primary region, replica here). */
  readonly bundleReplications: BucketReplication[] = [];
  /** Env var name -> DR SSM parameter (same names as the primary's). */
  readonly parameters: Record<string, SsmParameter> = {};

  private readonly drTags: Record<string, string>;

  constructor(scope: Construct, id: string, props: DrAppTierProps) {
    super(scope, id);
    const { profile: p, name, network, dataTier } = props;
    this.strategy = props.strategy;
    this.drTags = { [DR_TAG]: props.strategy };
    const min = props.strategy === 'warm-standby' ? p.disasterRecovery?.standby?.min ?? DR_DEFAULTS.standbyMin : 0;

    // Everything in `region` is created in the DR region and tagged stormproof:dr; the replications' rules stay on the primary buckets.
    const region = new Construct(this, 'region');
    useProvider(region, props.provider);
    tagResources(region, this.drTags);
    const replication = new Construct(this, 'replication');
    tagResources(replication, this.drTags);

    this.bucketKey = new EncryptionKey(region, 'bucket-key', {
      alias: `${name}-dr-buckets`,
      description: `${name}: replicated buckets in the DR region`,
    });

    const webServices = p.services.filter((s) => s.kind === 'web' && props.services[s.name]?.loadBalancer);
    if (webServices.length > 0) {
      const primaryLb = Object.values(props.services).find((s) => s.loadBalancer)?.loadBalancer;
      this.loadBalancer = new LoadBalancer(region, 'load-balancer', {
        name: `${name}-dr`,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnets.map((s) => s.id),
        // Like the primary: internal behind a CloudFront VPC origin when the primary is.
        internalSubnetIds: primaryLb?.internal ? network.privateAppSubnets.map((s) => s.id) : undefined,
        reachableFrom: primaryLb?.internal || primaryLb?.requiredHeader ? 'cloudfront' : 'internet',
        requiredHeader: primaryLb?.requiredHeader,
        certificateArn: this.certificateArn(region, p),
        ...profileLoadBalancerSettings(p),
      });
      if (p.waf) {
        // The same regional web ACL as the primary ALB's (a web ACL protects resources in its own region only).
        this.waf = new Waf(region, 'alb-waf', {
          name: `${albWafName(name)}-dr`,
          scope: 'REGIONAL',
          rateLimit: p.waf.rateLimit,
          rateLimitKey: p.cdn?.albOrigin ? 'FORWARDED_IP' : 'IP',
          logRetentionDays: p.waf.logRetentionDays,
          redactedHeaders: ['authorization', ...(primaryLb?.requiredHeader ? [primaryLb.requiredHeader.name] : [])],
        });
        this.waf.associate(this.loadBalancer.arn);
      }
    }

    if (p.queue && dataTier.queue) {
      // Same queue and dead-letter queue; its alarm notifies the DR region's alerts topic (an alarm acts only in its own region).
      this.alerts = new Alerts(region, 'alerts', { name: `${name}-dr`, emails: p.operations?.alertEmails });
      this.queue = new Queue(region, 'queue', { ...p.queue, name: `${name}-dr-jobs`, alarmActions: [this.alerts.topicArn] });
    }
    this.createParameters(region, props);

    for (const s of p.services) {
      const primary = props.services[s.name];
      if (!primary) continue;
      const bundles = new BucketReplication(replication, `bundles-${s.name}`, {
        name: `${name}-${s.name}-bundles`,
        source: primary.bundleBucket,
        provider: props.provider,
        replicaKmsKeyArn: this.bucketKey.arn,
        // The DR fleet boots from these: Replication Time Control's 15-minute objective.
        timeControl: true,
        forceDestroy: p.environment !== 'production',
        tags: this.drTags,
      });
      this.bundleReplications.push(bundles);
      const asgName = `${name}-dr-${s.name}`;
      const service = new Service(region, `service-${s.name}`, {
        name: asgName,
        serviceName: s.name,
        vpcId: network.vpcId,
        subnetIds: network.privateAppSubnets.map((sn) => sn.id),
        instanceType: s.instanceType,
        // The primary's source kind (the launch template's image-source tag); the image itself is copied or resolved here.
        amiId: s.amiId,
        image: toImageSource(s.image),
        imageCopyOf: { image: primary.machineImage, sourceRegion: p.region, region: p.disasterRecovery!.region },
        bundle: s.bundle,
        bundleBucket: bundles.replica,
        // The replicas are encrypted with this region's key: the instances decrypt through S3 only.
        bundleKeyArn: this.bucketKey.arn,
        userData: s.userData,
        env: s.env ? { ...s.env } : undefined,
        secrets: s.secrets ? drSecrets(s.secrets, p.region, p.disasterRecovery!.region) : undefined,
        appLogRetentionDays: p.logRetentionDays,
        appPort: s.appPort,
        healthCheckPath: s.healthCheckPath,
        capacity: { min, max: s.capacity.max, desired: min },
        loadBalancer: s.kind === 'web' ? this.loadBalancer : undefined,
        pathPatterns: s.kind === 'web' && s.pathPatterns ? [...s.pathPatterns] : undefined,
        cpuTargetPercent: s.cpuTargetPercent,
        requestsPerTarget: s.requestsPerTarget,
        // No schedules, alarms or warm pool: they would start instances a standby must not run.
        healthCheckGraceSeconds: s.healthCheckGraceSeconds,
        warmupSeconds: s.warmupSeconds,
        minHealthyPercentage: s.minHealthyPercentage,
        rootVolumeGb: s.rootVolumeGb,
        memoryTargetPercent: s.memoryTargetPercent,
        tags: { ...props.tags, ...this.drTags },
      });
      this.fleets[s.name] = { service, asgName, min, max: s.capacity.max };
      service.addParameters(dataTier.parameterNames);
      if (this.queue) {
        if (s.kind === 'worker') {
          this.queue.grantConsumeMessages(service);
          service.scaleToTrackMetric('backlog-per-instance', {
            targetValue: s.backlogPerInstance ?? 100,
            customizedMetricSpecification: this.queue.backlogPerInstanceMetric(service.asgName),
          });
        } else {
          this.queue.grantSendMessages(service);
        }
      }
      this.admitToDatabase(service, dataTier, s.kind);
    }
  }

  /** With a domain, the DR ALB's own certificate (ACM certificates are regional) for the name the primary's covers. */
  private certificateArn(region: Construct, p: ProfileConfig): string | undefined {
    if (!p.dns) return undefined;
    const names = [originLegOf(p) === 'https' ? originDomainOf(p.dns) : p.dns.domainName];
    return new DnsValidatedCertificate(region, 'alb-certificate', { names, hostedZoneId: p.dns.hostedZoneId }).arn;
  }

  /** The data tier's parameters under the same names in the DR region: the replica for the database, the DR queue. */
  private createParameters(region: Construct, props: DrAppTierProps): void {
    const { dataTier } = props;
    const replica = dataTier.database?.crossRegionReplica;
    for (const [envName, parameterName] of Object.entries(dataTier.parameterNames)) {
      const primary = dataTier.parameters[envName];
      let value: string;
      let description: string;
      let followsFailover = false;
      if (envName.startsWith('DB_') && envName.endsWith('_ENDPOINT') && replica) {
        // The replica's endpoint: the same name keeps serving once it is promoted to the writer.
        value = replica.endpoint;
        description = `${primary.descriptionInput ?? envName} in the DR region: the cross-region replica (promoted on failover)`;
      } else if (envName === 'QUEUE_URL' && this.queue) {
        value = this.queue.url;
        description = 'Work queue URL in the DR region';
      } else if (envName.startsWith('CACHE_')) {
        value = DR_CACHE_PLACEHOLDER;
        description = `${envName}: the cache is rebuilt on failover, not replicated; put the new cache's value here`;
        followsFailover = true;
      } else if (envName === 'DB_SECRET_ARN') {
        // RDS manages the primary's secret; the promoted replica gets its own (runbook), then this is re-pointed.
        value = dataTier.parameterValues[envName];
        description = 'ARN of the database secret: re-pointed to the promoted replica\'s managed secret on failover';
        followsFailover = true;
      } else {
        value = dataTier.parameterValues[envName];
        description = primary.descriptionInput ?? envName;
      }
      this.parameters[envName] = new SsmParameter(region, `param-${envName.toLowerCase()}`, {
        name: parameterName,
        type: 'String',
        value,
        description,
        // The runbook writes these during failover; Terraform must not put the placeholder back.
        lifecycle: followsFailover ? { ignoreChanges: ['value'] } : undefined,
      });
    }
  }

  /** The DR replica's security group admits each DR service on the database port (no ingress before a standby tier existed). */
  private admitToDatabase(service: Service, dataTier: DataTier, kind: 'web' | 'worker'): void {
    const database = dataTier.database;
    const replica = database?.crossRegionReplica;
    if (!database || !replica) return;
    new Connections(replica.firewall, database.port).allowDefaultPortFrom(service, `${kind} to database (DR)`);
  }
}

/** Secrets Manager ARNs of the primary region, re-written to their replica in the DR region (same name and suffix). */
export function drSecrets(secrets: Readonly<Record<string, string>>, primaryRegion: string, drRegion: string): Record<string, string> {
  const prefix = /^arn:([a-z-]+):secretsmanager:([a-z0-9-]+):/;
  return Object.fromEntries(
    Object.entries(secrets).map(([env, ref]) => {
      const m = prefix.exec(ref);
      return [env, m && m[2] === primaryRegion ? ref.replace(prefix, `arn:$1:secretsmanager:${drRegion}:`) : ref];
    }),
  );
}
