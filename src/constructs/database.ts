import { Construct } from 'constructs';
import { awsAccount } from '../util/aws-account';
import { TerraformProvider } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { useProvider } from '../util/provider-scope';
import { EncryptionKey } from './encryption-key';
import { assumeRolePolicy, PolicyStatement } from './iam';
import { LogGroup } from './log-group';
import { Firewall } from './firewall';

export type DatabaseEngine = 'postgres' | 'mysql';

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

export interface DatabaseProps {
  /** Name prefix; the primary is `<name>-db`, replicas `<name>-db-replica-<n>`. */
  readonly name: string;
  /** VPC of the data subnets. */
  readonly vpcId: string;
  /** Private data subnets, one per AZ, with no route to the internet. */
  readonly subnetIds: string[];
  /**
   * AZs the read replicas are spread over, in order (replica n goes to AZ n mod count).
   * @default - RDS picks the AZ of each replica
   */
  readonly availabilityZones?: string[];
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
   * Production: deletion protection on and a final snapshot when the primary is deleted.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Same-region read replicas, spread over `availabilityZones`.
   * @default 0
   */
  readonly readReplicas?: number;
  /**
   * Instance class of the same-region replicas.
   * @default - the primary's instance class
   */
  readonly replicaInstanceClass?: string;
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

const DEFAULT_VERSION: Record<DatabaseEngine, string> = { postgres: '16', mysql: '8.0' };
const PORT: Record<DatabaseEngine, number> = { postgres: 5432, mysql: 3306 };
const LOG_EXPORTS: Record<DatabaseEngine, string[]> = {
  postgres: ['postgresql', 'upgrade'],
  mysql: ['error', 'slowquery'],
};
/** The parameter that makes the server refuse unencrypted connections. */
const FORCE_TLS: Record<DatabaseEngine, { name: string; value: string }> = {
  postgres: { name: 'rds.force_ssl', value: '1' },
  mysql: { name: 'require_secure_transport', value: 'ON' },
};

/** Parameter group family of an engine version: postgres16 for '16.4', mysql8.0 for '8.0.39'. */
export function parameterGroupFamily(engine: DatabaseEngine, version: string): string {
  const [major, minor] = version.split('.');
  return engine === 'postgres' ? `postgres${major}` : `mysql${major}.${minor ?? '0'}`;
}

/**
 * RDS (PostgreSQL or MySQL) in the private data subnets: Multi-AZ with automatic failover, TLS forced,
 * storage, Performance Insights and the RDS-managed master secret encrypted with a customer-managed key,
 * backups with point-in-time recovery, read replicas spread over AZs and an optional cross-region replica.
 * Only the firewalls passed to `allowDefaultPortFrom` reach it.
 */
export class Database extends Construct {
  readonly engine: DatabaseEngine;
  readonly primary: DbInstance;
  readonly replicas: DbInstance[] = [];
  readonly crossRegionReplica?: DbInstance;
  readonly key: EncryptionKey;
  /** Key of the DR region (encrypts the cross-region replica). */
  readonly drKey?: EncryptionKey;
  readonly firewall: Firewall;
  readonly port: number;
  /** Writer endpoint as `host:port` (follows a Multi-AZ failover). */
  readonly endpoint: string;
  readonly address: string;
  /** Same-region replica endpoints as `host:port`. */
  readonly readerEndpoints: string[];
  /** ARN of the RDS-managed Secrets Manager secret holding the master credentials. */
  readonly secretArn: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const engine = (this.engine = props.engine ?? 'postgres');
    const version = props.engineVersion ?? DEFAULT_VERSION[engine];
    const instanceClass = props.instanceClass ?? 'db.t4g.medium';
    const production = props.production ?? false;
    const backupRetention = props.backupRetentionDays ?? 7;
    const replicaCount = props.readReplicas ?? 0;
    const interval = props.monitoringIntervalSeconds ?? 60;
    const performanceInsights = props.performanceInsights ?? true;
    const logRetention = props.logRetentionDays ?? 30;
    if (replicaCount > 0 && backupRetention < 1) {
      throw new Error(`readReplicas (${replicaCount}) needs backupRetentionDays >= 1 (is ${backupRetention})`);
    }
    if (props.crossRegionReplica && backupRetention < 1) {
      throw new Error(`crossRegionReplica needs backupRetentionDays >= 1 (is ${backupRetention})`);
    }
    this.port = PORT[engine];
    const identifier = `${props.name}-db`;

    this.key = new EncryptionKey(this, 'key', {
      alias: `${props.name}-database`,
      description: `${props.name} database storage, snapshots, Performance Insights and master secret`,
    });

    this.firewall = new Firewall(this, 'firewall', {
      name: `${props.name}-db`,
      vpcId: props.vpcId,
      description: `${props.name} database: ${engine} port from the app tiers only`,
    });

    const subnetGroup = new DbSubnetGroup(this, 'subnets', {
      namePrefix: `${props.name}-db-`,
      description: `${props.name} database in the private data subnets`,
      subnetIds: props.subnetIds,
      lifecycle: { createBeforeDestroy: true },
    });
    const parameters = forceTlsParameterGroup(this, 'parameters', props.name, engine, version);

    let monitoringRoleArn: string | undefined;
    if (interval > 0) {
      const { partition } = awsAccount(this);
      const role = new IamRole(this, 'monitoring-role', {
        name: `${props.name}-rds-monitoring`,
        assumeRolePolicy: assumeRolePolicy('monitoring.rds.amazonaws.com'),
      });
      new IamRolePolicyAttachment(this, 'monitoring-policy', {
        role: role.name,
        policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
      });
      monitoringRoleArn = role.arn;
    }

    // RDS would create these log groups itself, without a retention: create them first, with one.
    const logGroups = (scope: Construct, instance: string) =>
      LOG_EXPORTS[engine].map(
        (log) => new LogGroup(scope, `logs-${instance}-${log}`, { name: `/aws/rds/instance/${instance}/${log}`, retentionDays: logRetention }),
      );

    // Settings every instance shares: the primary, its replicas and the DR replica.
    const common = (keyArn: string) => ({
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: keyArn,
      maxAllocatedStorage: props.maxAllocatedStorageGb ?? 100,
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      maintenanceWindow: props.maintenanceWindow ?? 'sun:04:00-sun:05:00',
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: LOG_EXPORTS[engine],
      performanceInsightsEnabled: performanceInsights,
      performanceInsightsKmsKeyId: performanceInsights ? keyArn : undefined,
      performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
      monitoringInterval: interval,
      monitoringRoleArn,
    });

    this.primary = new DbInstance(this, 'primary', {
      ...common(this.key.arn),
      identifier,
      engine,
      engineVersion: version,
      instanceClass,
      dbName: props.databaseName ?? 'app',
      username: props.masterUsername ?? 'app_admin',
      // RDS generates, stores and rotates the password in Secrets Manager: it never enters config or state.
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.key.arn,
      allocatedStorage: props.allocatedStorageGb ?? 20,
      multiAz: props.multiAz ?? true,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.firewall.id],
      parameterGroupName: parameters.name,
      port: this.port,
      backupRetentionPeriod: backupRetention,
      backupWindow: props.backupWindow ?? '02:00-03:00',
      deleteAutomatedBackups: !production,
      deletionProtection: production,
      skipFinalSnapshot: !production,
      finalSnapshotIdentifier: production ? `${identifier}-final` : undefined,
      dependsOn: logGroups(this, identifier).map((g) => g.logGroup),
      tags: { Name: identifier, Role: 'primary' },
    });

    // Replicas inherit the credentials: setting a username, password or managed secret on them fails.
    const azs = props.availabilityZones ?? [];
    for (let i = 0; i < replicaCount; i++) {
      const replicaId = `${identifier}-replica-${i + 1}`;
      this.replicas.push(
        new DbInstance(this, `replica-${i + 1}`, {
          ...common(this.key.arn),
          identifier: replicaId,
          replicateSourceDb: this.primary.identifier,
          instanceClass: props.replicaInstanceClass ?? instanceClass,
          availabilityZone: azs.length > 0 ? azs[i % azs.length] : undefined,
          multiAz: false,
          vpcSecurityGroupIds: [this.firewall.id],
          parameterGroupName: parameters.name,
          deletionProtection: production,
          skipFinalSnapshot: true,
          dependsOn: logGroups(this, replicaId).map((g) => g.logGroup),
          tags: { Name: replicaId, Role: 'read-replica' },
        }),
      );
    }

    const dr = props.crossRegionReplica;
    if (dr) {
      // Everything under this scope is created through the DR region's provider.
      const drScope = new Construct(this, 'dr');
      useProvider(drScope, dr.provider);
      const drKey = (this.drKey = new EncryptionKey(drScope, 'key', {
        alias: `${props.name}-database-dr`,
        description: `${props.name} cross-region database replica`,
      }));
      const drFirewall = new Firewall(drScope, 'firewall', {
        name: `${props.name}-db-dr`,
        vpcId: dr.vpcId,
        description: `${props.name} DR database replica: no ingress until the app is deployed in this region`,
      });
      const drSubnets = new DbSubnetGroup(drScope, 'subnets', {
        namePrefix: `${props.name}-db-dr-`,
        description: `${props.name} DR database replica in the DR data subnets`,
        subnetIds: dr.subnetIds,
        lifecycle: { createBeforeDestroy: true },
      });
      const drParameters = forceTlsParameterGroup(drScope, 'parameters', `${props.name}-dr`, engine, version);
      const drId = `${identifier}-dr`;
      this.crossRegionReplica = new DbInstance(drScope, 'replica', {
        ...common(drKey.arn),
        identifier: drId,
        // A cross-region source is named by ARN; the replica is re-encrypted with the DR region's key.
        replicateSourceDb: this.primary.arn,
        instanceClass: dr.instanceClass ?? instanceClass,
        multiAz: false,
        dbSubnetGroupName: drSubnets.name,
        vpcSecurityGroupIds: [drFirewall.id],
        parameterGroupName: drParameters.name,
        deletionProtection: production,
        skipFinalSnapshot: true,
        dependsOn: logGroups(drScope, drId).map((g) => g.logGroup),
        tags: { Name: drId, Role: 'cross-region-replica' },
      });
    }

    this.endpoint = this.primary.endpoint;
    this.address = this.primary.address;
    this.readerEndpoints = this.replicas.map((r) => r.endpoint);
    this.secretArn = this.primary.masterUserSecret.get(0).secretArn;
  }

  /** Lets `peer` (an app or worker tier) open the database port; nothing else reaches the database. */
  allowDefaultPortFrom(peer: Firewall, description = 'app to database'): void {
    this.firewall.connectFrom(peer, this.port, description);
  }

  /**
   * Reading the master secret: GetSecretValue on exactly that secret, and Decrypt on the database key
   * only when Secrets Manager asks on the caller's behalf.
   */
  grantReadSecret(): PolicyStatement[] {
    return [
      { Sid: 'ReadDatabaseSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: this.secretArn },
      {
        Sid: 'DecryptDatabaseSecret',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: this.key.arn,
        Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
      },
    ];
  }
}

/** A parameter group that refuses unencrypted connections; name_prefix so a change can replace it in place. */
function forceTlsParameterGroup(scope: Construct, id: string, name: string, engine: DatabaseEngine, version: string): DbParameterGroup {
  const family = parameterGroupFamily(engine, version);
  return new DbParameterGroup(scope, id, {
    namePrefix: `${name}-${family.replace('.', '-')}-`,
    family,
    description: `${name} ${engine}: TLS required`,
    parameter: [{ ...FORCE_TLS[engine], applyMethod: 'immediate' }],
    lifecycle: { createBeforeDestroy: true },
  });
}
