import type { Firewall } from '../shared/firewall';
import type { TerraformProvider } from 'cdktf';

/**
 * The Database construct's props and defaults, without the AWS provider: config's rules import this leaf
 * (src/config/rules may import only `*-props.ts` files), the constructs build from it.
 */

export type DatabaseEngine = 'postgres' | 'mysql';

export const DEFAULT_ENGINE_VERSION: Record<DatabaseEngine, string> = { postgres: '16', mysql: '8.0' };

/** Same-region read replicas (the config's `database.readReplicas` has this shape). */
export interface ReadReplicaOptions {
  /** How many, 0-5. */
  readonly count: number;
  /**
   * Instance class of the replicas.
   * @default - the primary's instance class
   */
  readonly instanceClass?: string;
}

/** Where a cross-region replica lives: its own region, VPC and data subnets. */
export interface CrossRegionReplicaProps {
  /** Aliased AWS provider of the DR region; the replica, its KMS key, subnet group and firewall live there. */
  readonly provider: TerraformProvider;
  /** VPC in the DR region. */
  readonly vpcId: string;
  /** Private data subnets of that VPC (at least two AZs). */
  readonly subnetIds: string[];
  /**
   * Instance class of the DR replica.
   * @default - the primary's instance class, so a promoted replica carries the full load
   */
  readonly instanceClass?: string;
}

/** What a database is, apart from where it runs: the part a profile configures (`database` in config). */
export interface DatabaseSettings {
  /**
   * Database engine.
   * @default 'postgres'
   */
  readonly engine?: DatabaseEngine;
  /**
   * Engine version; a major prefix ('16', '8.0') lets auto minor upgrades happen without plan drift.
   * @default - '16' for postgres, '8.0' for mysql
   */
  readonly engineVersion?: string;
  /**
   * Instance class of the primary (and its Multi-AZ standby).
   * @default 'db.t4g.medium'
   */
  readonly instanceClass?: string;
  /**
   * Name of the database created on the primary.
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Master user name; its password is generated and rotated by RDS in Secrets Manager, never in config.
   * @default 'app_admin'
   */
  readonly masterUsername?: string;
  /**
   * Initial gp3 storage in GiB.
   * @default 20
   */
  readonly allocatedStorageGb?: number;
  /**
   * Storage autoscaling ceiling in GiB.
   * @default 100
   */
  readonly maxAllocatedStorageGb?: number;
  /**
   * Synchronous standby in another AZ with automatic failover.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Days of automated backups and point-in-time recovery (replicas need at least 1).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily UTC backup window.
   * @default '02:00-03:00'
   */
  readonly backupWindow?: string;
  /**
   * Weekly UTC maintenance window (minor upgrades, patches).
   * @default 'sun:04:00-sun:05:00'
   */
  readonly maintenanceWindow?: string;
  /**
   * Performance Insights (7 days, encrypted with the database key).
   * @default true
   */
  readonly performanceInsights?: boolean;
  /**
   * Enhanced monitoring interval in seconds; 0 turns it (and its IAM role) off.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Same-region read replicas, spread over `availabilityZones`.
   * @default - none
   */
  readonly readReplicas?: ReadReplicaOptions;
}

export interface DatabaseProps extends DatabaseSettings {
  /** Name prefix; the primary is `<name>-db`, replicas `<name>-db-replica-<n>`. */
  readonly name: string;
  /** VPC of the data subnets. */
  readonly vpcId: string;
  /**
   * An existing security group to use instead of creating one (`Firewall.fromSecurityGroupId(scope, id, 'sg-...')`,
   * or another construct's firewall to share it). `connections` still writes the rules this construct needs on it.
   * @default - a new group that admits the engine port from the app tiers only
   */
  readonly securityGroup?: Firewall;
  /** Private data subnets, one per AZ, with no route to the internet. */
  readonly subnetIds: string[];
  /**
   * AZs the read replicas are spread over, in order (replica n goes to AZ n mod count).
   * @default - RDS picks the AZ of each replica
   */
  readonly availabilityZones?: string[];
  /**
   * Refuse deletion of the primary and its replicas through Terraform or the API.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /**
   * When the primary is deleted: take a final snapshot (`<name>-db-final`) and keep its automated backups.
   * @default false - no final snapshot, automated backups deleted with it
   */
  readonly snapshotOnDelete?: boolean;
  /**
   * A read replica in another region for disaster recovery.
   * @default - none
   */
  readonly crossRegionReplica?: CrossRegionReplicaProps;
  /**
   * Retention of the exported database log groups in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
}

/** Every default of DatabaseProps that config may leave out (engineVersion: DEFAULT_ENGINE_VERSION of the engine). */
export const DATABASE_DEFAULTS = {
  engine: 'postgres' as DatabaseEngine,
  instanceClass: 'db.t4g.medium',
  databaseName: 'app',
  masterUsername: 'app_admin',
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 100,
  multiAz: true,
  backupRetentionDays: 7,
  backupWindow: '02:00-03:00',
  maintenanceWindow: 'sun:04:00-sun:05:00',
  performanceInsights: true,
  monitoringIntervalSeconds: 60,
  readReplicas: { count: 0 } as ReadReplicaOptions,
};

/** Every default a database config may leave out, the engine version following the engine. */
export function databaseDefaults(engine: DatabaseEngine = DATABASE_DEFAULTS.engine) {
  return { ...DATABASE_DEFAULTS, engine, engineVersion: DEFAULT_ENGINE_VERSION[engine] };
}
