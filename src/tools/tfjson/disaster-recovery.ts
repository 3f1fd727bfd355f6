/**
 * What a stack keeps in its disaster-recovery region, read from the synthesized JSON only: the strategy
 * (`backup-restore`, `pilot-light`, `warm-standby`), the regions, each service's primary and DR Auto Scaling
 * groups paired by their `Service` tag, the DR load balancer, the database and its cross-region replica, backup
 * copies, replicated buckets, parameters, queues and the Route 53 failover. The drill, the simulator, cost and
 * design.md all start here, so they describe the same DR setup.
 */
import { StackIndex } from './stack-index';
import { Resource, TfJson, asArray, displayName, providerRegions, resources } from './tfjson';
import { AutoScalingGroupView, autoScalingGroups, drAutoScalingGroups } from './views';

export type DrStrategy = 'backup-restore' | 'pilot-light' | 'warm-standby';
export const DR_STRATEGY_NAMES: readonly DrStrategy[] = ['backup-restore', 'pilot-light', 'warm-standby'];

/** Tag every DR-region app-tier resource carries, valued with the strategy (src/constructs/dr/dr-props.ts). */
export const DR_TAG = 'stormproof:dr';
/** Provider alias of the DR region (src/stacks/tiers/data-tier.ts). */
export const DR_PROVIDER = 'aws.dr';

/** One service's fleets: the primary region's group and its DR counterpart (absent under backup-restore). */
export interface DrFleet {
  readonly service: string;
  readonly primary: AutoScalingGroupView | undefined;
  readonly dr: AutoScalingGroupView | undefined;
}

export interface BucketReplication {
  readonly configuration: Resource;
  readonly source: Resource | undefined;
  /** Destination buckets (by reference), else the destination ARNs as written. */
  readonly destinations: readonly string[];
  /** S3 Replication Time Control (15-minute SLA) on every rule. */
  readonly replicationTime: boolean;
}

export interface DrDns {
  /** The name the failover records serve (a literal domain), else undefined. */
  readonly domain: string | undefined;
  readonly primaryRecord: Resource | undefined;
  readonly secondaryRecord: Resource | undefined;
  readonly healthCheck: Resource | undefined;
  /** What the SECONDARY record points at: the DR region's ALB, a CloudFront maintenance page, or something else. */
  readonly secondaryTarget: 'dr-alb' | 'maintenance-page' | 'other' | 'none';
}

export interface DisasterRecoveryView {
  readonly stack: string;
  readonly strategy: DrStrategy;
  /** Where the strategy was read: the `disaster_recovery` output, the `stormproof:dr` tags, or the DR-region data copies. */
  readonly strategyFrom: 'output' | 'tags' | 'data copies';
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly fleets: readonly DrFleet[];
  /** Application load balancers in the DR region. */
  readonly drLoadBalancers: readonly Resource[];
  readonly primaryLoadBalancers: readonly Resource[];
  /** The primary (writer) database instance, and its cross-region replica. */
  readonly database: Resource | undefined;
  readonly replica: Resource | undefined;
  /** AWS Backup vaults in the DR region (copies of the primary's recovery points). */
  readonly backupVaults: readonly Resource[];
  readonly replicatedBuckets: readonly BucketReplication[];
  /** SSM parameters in each region (the DR ones are what the DR fleet reads at boot). */
  readonly primaryParameters: readonly Resource[];
  readonly drParameters: readonly Resource[];
  readonly drQueues: readonly Resource[];
  readonly primaryQueues: readonly Resource[];
  /** Caches of the primary region: rebuilt on failover, never replicated. */
  readonly caches: readonly Resource[];
  /** Secrets Manager secrets with a replica in the DR region. */
  readonly replicatedSecrets: readonly Resource[];
  readonly dns: DrDns | undefined;
  /** CloudFront origin groups (failover between two origins). */
  readonly originGroups: readonly { distribution: Resource; originIds: readonly string[] }[];
  /** The `disaster_recovery` output's value when the JSON has one (literal parts only are usable). */
  readonly output: Record<string, any> | undefined;
}

/** A tag's value: the `tags` map, or an Auto Scaling group's `tag` list. */
export function tagOf(r: Resource, key: string): string | undefined {
  const map = r.config.tags?.[key];
  if (typeof map === 'string') return map;
  return asArray<any>(r.config.tag).find((t) => t?.key === key)?.value;
}

/** The service an Auto Scaling group runs (its `Service` tag, else its name). */
export const serviceOf = (g: AutoScalingGroupView): string => tagOf(g.resource, 'Service') ?? g.name;

const isStrategy = (v: unknown): v is DrStrategy => typeof v === 'string' && (DR_STRATEGY_NAMES as readonly string[]).includes(v);

/** The DR setup of a stack from its JSON (undefined when nothing lives in a DR region). */
export function disasterRecoveryOfJson(stack: string, json: TfJson): DisasterRecoveryView | undefined {
  const regions = providerRegions(json);
  const ix = new StackIndex({ stack, resources: resources(json) });
  return disasterRecoveryOf(ix, json.output?.disaster_recovery?.value, regions.get('aws'));
}

/**
 * The DR setup from a stack's resources (the deliverables' index has no outputs: the tags and the DR provider
 * alias say the same). `output` is the `disaster_recovery` output's value when known.
 */
export function disasterRecoveryOf(ix: StackIndex, output?: unknown, primaryRegion?: string): DisasterRecoveryView | undefined {
  const inDr = (r: Resource) => r.provider === DR_PROVIDER;
  const drResources = ix.all.filter(inDr);
  if (drResources.length === 0) return undefined;
  const drRegion = drResources[0].region;
  const primary = primaryRegion ?? ix.all.find((r) => r.provider === 'aws')?.region ?? 'unknown region';
  const out = output && typeof output === 'object' ? (output as Record<string, any>) : undefined;
  const tagged = drResources.map((r) => tagOf(r, DR_TAG)).find(isStrategy);
  const strategy: DrStrategy = isStrategy(out?.strategy) ? out.strategy : tagged ?? 'backup-restore';
  const strategyFrom = isStrategy(out?.strategy) ? 'output' : tagged ? 'tags' : 'data copies';

  const primaryGroups = autoScalingGroups(ix);
  const drGroups = drAutoScalingGroups(ix);
  const services = [...new Set([...primaryGroups, ...drGroups].map(serviceOf))].sort();
  const fleets = services.map((service) => ({
    service,
    primary: primaryGroups.find((g) => serviceOf(g) === service),
    dr: drGroups.find((g) => serviceOf(g) === service),
  }));

  const dbs = ix.of('aws_db_instance');
  const replica = dbs.find((d) => inDr(d) && d.config.replicate_source_db !== undefined);
  const database = (replica && ix.ref(replica.config.replicate_source_db, 'aws_db_instance')) ?? dbs.find((d) => !inDr(d) && d.config.replicate_source_db === undefined);

  const buckets = ix.of('aws_s3_bucket');
  const replicatedBuckets = ix.of('aws_s3_bucket_replication_configuration').map((c): BucketReplication => {
    const rules = asArray<any>(c.config.rule);
    const dests = rules.flatMap((rule) => asArray<any>(rule.destination));
    const destinations = dests.map((d) => {
      const b = ix.ref(d.bucket, 'aws_s3_bucket');
      return b ? displayName(b) : String(d.bucket);
    });
    return {
      configuration: c,
      source: ix.ref(c.config.bucket, 'aws_s3_bucket') ?? buckets.find((b) => b.config.bucket === c.config.bucket),
      destinations,
      replicationTime: dests.length > 0 && dests.every((d) => asArray<any>(d.replication_time).some((t) => t.status === 'Enabled')),
    };
  });

  const records = ix.of('aws_route53_record').filter((r) => r.config.failover_routing_policy !== undefined);
  const failoverType = (r: Resource) => asArray<any>(r.config.failover_routing_policy)[0]?.type;
  const primaryRecord = records.find((r) => failoverType(r) === 'PRIMARY');
  const secondaryRecord = records.find((r) => failoverType(r) === 'SECONDARY');
  const drLoadBalancers = ix.of('aws_lb').filter(inDr);
  let dns: DrDns | undefined;
  if (primaryRecord || secondaryRecord) {
    const target = secondaryRecord ? ix.refs(secondaryRecord.config.alias ?? secondaryRecord.config.records) : [];
    const secondaryTarget: DrDns['secondaryTarget'] = !secondaryRecord
      ? 'none'
      : target.some((a) => drLoadBalancers.some((lb) => lb.address === a))
        ? 'dr-alb'
        : target.some((a) => a.startsWith('aws_cloudfront_distribution.'))
          ? 'maintenance-page'
          : 'other';
    const domain = [primaryRecord, secondaryRecord].map((r) => r?.config.name).find((n) => typeof n === 'string' && !n.includes('${'));
    dns = { domain, primaryRecord, secondaryRecord, healthCheck: ix.ref(primaryRecord?.config.health_check_id, 'aws_route53_health_check'), secondaryTarget };
  }

  const originGroups = ix.of('aws_cloudfront_distribution').flatMap((d) =>
    asArray<any>(d.config.origin_group).map((g) => ({ distribution: d, originIds: asArray<any>(g.member).map((m) => String(m.origin_id)) })),
  );

  return {
    stack: ix.model.stack,
    strategy,
    strategyFrom,
    primaryRegion: primary,
    drRegion,
    fleets,
    drLoadBalancers,
    primaryLoadBalancers: ix.of('aws_lb').filter((r) => !inDr(r)),
    database,
    replica,
    backupVaults: ix.of('aws_backup_vault').filter(inDr),
    replicatedBuckets,
    primaryParameters: ix.of('aws_ssm_parameter').filter((r) => !inDr(r)),
    drParameters: ix.of('aws_ssm_parameter').filter(inDr),
    drQueues: ix.of('aws_sqs_queue').filter(inDr),
    primaryQueues: ix.of('aws_sqs_queue').filter((r) => !inDr(r)),
    caches: ix.of('aws_elasticache_replication_group').filter((r) => !inDr(r)),
    replicatedSecrets: ix.of('aws_secretsmanager_secret').filter((s) => asArray<any>(s.config.replica).length > 0),
    dns,
    originGroups,
    output: out,
  };
}

/** Whether a strategy keeps an app tier standing in the DR region. */
export const hasStandbyFleet = (s: DrStrategy): boolean => s === 'pilot-light' || s === 'warm-standby';
