/** Disaster-recovery strategies and their defaults, without the AWS provider (a leaf config's rules may import). */

/**
 * What stands in the DR region before a region is lost:
 * - `backup-restore`: a network, the database's cross-region replica and AWS Backup copies; the app tier is
 *   rebuilt from code on failover (hours);
 * - `pilot-light`: also the app tier switched off: launch templates, Auto Scaling groups at 0, the ALB, target
 *   groups, security groups, queues, parameters and replicated buckets; failover scales the groups up (minutes);
 * - `warm-standby`: the pilot light with every group already running `standby.min` instances (fastest, costs most).
 */
export type DisasterRecoveryStrategy = 'backup-restore' | 'pilot-light' | 'warm-standby';

export const DR_STRATEGIES: readonly DisasterRecoveryStrategy[] = ['backup-restore', 'pilot-light', 'warm-standby'];

/** Defaults of `disasterRecovery` that config may leave out. */
export const DR_DEFAULTS = {
  strategy: 'backup-restore' as DisasterRecoveryStrategy,
  /** Instances each DR group keeps running under `warm-standby`. */
  standbyMin: 1,
};

/** Tag every DR-region app-tier resource carries, valued with the strategy (tools pair primary and DR fleets by it). */
export const DR_TAG = 'stormproof:dr';

/**
 * Primary-region state with no DR counterpart by design, and how it comes back (the DR counterpart test reads this list).
 * Keyed by Terraform resource type.
 */
export const REBUILT_ON_FAILOVER: Readonly<Record<string, string>> = {
  aws_elasticache_replication_group:
    'the cache is rebuilt, not replicated: create it in the DR region on failover (cold; the app reads through to the database)',
  aws_elasticache_user: 'rebuilt with the cache (IAM authentication, no password to copy)',
  aws_elasticache_user_group: 'rebuilt with the cache',
  aws_elasticache_parameter_group: 'rebuilt with the cache',
  aws_elasticache_subnet_group: 'rebuilt with the cache',
};

/** Whether a strategy keeps an app tier standing in the DR region. */
export const hasStandbyAppTier = (strategy: DisasterRecoveryStrategy | undefined): boolean =>
  strategy === 'pilot-light' || strategy === 'warm-standby';

/**
 * Primary-region buckets with no replica on purpose, by the infix of their name, and why: the counterpart test
 * accepts them, nothing else.
 */
export const PRIMARY_ONLY_BUCKETS: Readonly<Record<string, string>> = {
  '-alb-logs-': 'ALB access logs: each region\'s ALB logs to a bucket in its own region (the DR ALB has its own)',
  '-edge-logs-': 'CloudFront and S3 access logs: history, not needed to serve; they wait for the region to return',
  '-audit-': 'CloudTrail log files: history; the trail itself is multi-region and keeps logging from the DR region\'s events',
};
