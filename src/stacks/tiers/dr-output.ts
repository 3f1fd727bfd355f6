import { Token } from 'cdktf';
import { ProfileConfig } from '../../config/types';
import { DR_DEFAULTS, hasStandbyAppTier, REBUILT_ON_FAILOVER } from '../../constructs/dr/dr-props';
import type { DataTier } from './data-tier';
import type { DrAppTier } from './dr-app-tier';
import type { Edge } from './edge';

/** The parts of the stack the `disaster_recovery` output describes. */
export interface DrOutputParts {
  readonly dataTier: DataTier;
  readonly drAppTier?: DrAppTier;
  readonly edge: Edge;
}

/** Why a stack has no Route 53 failover of its own, in words the output and docs carry. */
export function noDnsFailoverReason(p: ProfileConfig): string {
  const strategy = p.disasterRecovery?.strategy ?? DR_DEFAULTS.strategy;
  if (!hasStandbyAppTier(strategy)) {
    return `strategy ${strategy} keeps no app tier in ${p.disasterRecovery?.region}: after rebuilding it there, point your name at the new ALB`;
  }
  if (p.cdn?.albOrigin && !p.dns) {
    return (
      'no domain (dns is not set): CloudFront carries the site and reaches the ALB through a VPC origin; the DR ALB is its standby origin ' +
      '"alb-dr": on failover point the default cache behaviour at it (npm run drill -- <stack> region-failover prints the command), ' +
      'or set dns { hostedZoneId, domainName } to get Route 53 failover records'
    );
  }
  return (
    'no domain (dns is not set): set dns { hostedZoneId, domainName } to get Route 53 PRIMARY/SECONDARY records between the two ALBs with a ' +
    'health check; until then clients use the primary ALB name, so on failover give them the DR ALB name (alb_dns_name)'
  );
}

/**
 * The `disaster_recovery` output (an object): strategy, regions, the DR ALB, the DR fleets (name -> ASG name, min,
 * max), the database replica, replicated buckets, DNS failover (record and health check, or null with a reason) and
 * what is rebuilt rather than replicated. Names are plain strings where they are known at synth.
 */
export function disasterRecoveryOutput(p: ProfileConfig, parts: DrOutputParts): Record<string, unknown> {
  // TerraformOutput cannot render a JSON null inside an object: Terraform's own null.
  const orNull = <T>(v: T | null | undefined): T | ReturnType<typeof Token.nullValue> => (v === null || v === undefined ? Token.nullValue() : v);
  const dr = p.disasterRecovery!;
  const strategy = dr.strategy ?? DR_DEFAULTS.strategy;
  const tier = parts.drAppTier;
  const replica = parts.dataTier.database?.crossRegionReplica;
  const failover = parts.edge.drFailover;
  const buckets = [
    ...(parts.edge.staticReplication ? [parts.edge.staticReplication.replica.bucketName] : []),
    ...(tier?.bundleReplications.map((r) => r.replica.bucketName) ?? []),
  ];
  const rebuilt = Object.entries(REBUILT_ON_FAILOVER)
    .filter(([type]) => (type.startsWith('aws_elasticache') ? !!p.cache : true))
    .map(([type, how]) => ({ type, how }));
  return {
    strategy,
    primary_region: p.region,
    dr_region: dr.region,
    alb_dns_name: orNull(tier?.loadBalancer?.dnsName),
    services: Object.fromEntries(
      Object.entries(tier?.fleets ?? {}).map(([n, f]) => [n, { asg_name: f.asgName, min: f.min, max: f.max }]),
    ),
    database_replica: orNull(replica?.identifierName),
    database_replica_endpoint: orNull(replica?.endpoint),
    queue_url: orNull(tier?.queue?.url),
    replicated_buckets: buckets,
    cdn_origin_failover: orNull(parts.edge.cdn?.originGroupId),
    dns: failover ? { record_name: failover.recordName, health_check_id: orNull(failover.healthCheckId), type: 'route53-failover' } : Token.nullValue(),
    dns_reason: failover ? Token.nullValue() : noDnsFailoverReason(p),
    rebuilt: hasStandbyAppTier(strategy) ? rebuilt : [{ type: 'app tier', how: 'rebuilt from this code in the DR region (terraform apply) on failover' }, ...rebuilt],
  };
}
