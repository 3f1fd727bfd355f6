import type { Firewall } from '../shared/firewall';
/** The Cache construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

export type CacheEngine = 'valkey' | 'redis';

/** What a cache is, apart from where it runs: the part a profile configures (`cache` in config). */
export interface CacheSettings {
  /**
   * Engine (both speak the Redis protocol).
   * @default 'valkey'
   */
  readonly engine?: CacheEngine;
  /**
   * Engine version; IAM authentication needs Valkey 7.2+ or Redis OSS 7.0+.
   * @default - '8.0' for valkey, '7.1' for redis
   */
  readonly engineVersion?: string;
  /**
   * Node type.
   * @default 'cache.t4g.small'
   */
  readonly nodeType?: string;
  /**
   * Nodes in the group: one primary and `nodes - 1` replicas.
   * @default 2
   */
  readonly nodes?: number;
  /**
   * Promote a replica in another AZ when the primary fails (needs at least 2 nodes).
   * @default true
   */
  readonly automaticFailover?: boolean;
  /**
   * Days of daily snapshots (0 disables them).
   * @default 3
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Daily UTC snapshot window.
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly UTC maintenance window.
   * @default 'sun:05:00-sun:06:00'
   */
  readonly maintenanceWindow?: string;
}

export interface CacheProps extends CacheSettings {
  /** Name prefix; the replication group is `<name>-cache` (at most 40 characters). */
  readonly name: string;
  /** VPC of the data subnets. */
  readonly vpcId: string;
  /**
   * An existing security group to use instead of creating one (`Firewall.fromSecurityGroupId(scope, id, 'sg-...')`,
   * or another construct's firewall to share it). `connections` still writes the rules this construct needs on it.
   * @default - a new group that admits the cache port from the app tiers only
   */
  readonly securityGroup?: Firewall;
  /** Private data subnets, one per AZ. */
  readonly subnetIds: string[];
  /**
   * AZs the nodes are spread over, in order (node n goes to AZ n mod count).
   * @default - ElastiCache spreads the nodes itself
   */
  readonly availabilityZones?: string[];
  /**
   * Retention of the slow-log group in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
}

export const CACHE_DEFAULT_VERSION: Record<CacheEngine, string> = { valkey: '8.0', redis: '7.1' };

/** Every default of CacheProps that config may leave out (engineVersion: CACHE_DEFAULT_VERSION of the engine). */
export const CACHE_DEFAULTS = {
  engine: 'valkey' as CacheEngine,
  nodeType: 'cache.t4g.small',
  nodes: 2,
  automaticFailover: true,
  snapshotRetentionDays: 3,
  snapshotWindow: '03:00-04:00',
  maintenanceWindow: 'sun:05:00-sun:06:00',
};

/** Every default a cache config may leave out, the engine version following the engine. */
export function cacheDefaults(engine: CacheEngine = CACHE_DEFAULTS.engine) {
  return { ...CACHE_DEFAULTS, engine, engineVersion: CACHE_DEFAULT_VERSION[engine] };
}
