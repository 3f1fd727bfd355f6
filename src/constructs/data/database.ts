import { Construct } from 'constructs';
import { awsAccount } from '../../util/aws-account';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import {
  ENGINE_PORT,
  engineLogGroups,
  forceTlsParameterGroup,
  instanceArguments,
  SharedInstanceSettings,
} from './database-engine';
import { DatabaseReadReplica } from './database-replica';
import { DATABASE_DEFAULTS, DatabaseEngine, DatabaseProps, DEFAULT_ENGINE_VERSION } from './database-props';
import { checkReplicasNeedBackups, refuse } from '../../util/rules';
import { EncryptionKey } from '../shared/encryption-key';
import { Connections, Firewall, IConnectable } from '../shared/firewall';
import { assumeRolePolicy, grant, IGrantable, PolicyStatement } from '../shared/iam';
import { metric, Metric, MetricOptions } from '../shared/metric';
import { LOG_GROUP_DEFAULTS } from '../shared/log-group-props';
import { Fn } from 'cdktf';

export { parameterGroupFamily } from './database-engine';
export type { CrossRegionReplicaProps, DatabaseEngine, DatabaseProps, DatabaseSettings, ReadReplicaOptions } from './database-props';
export { DATABASE_DEFAULTS, databaseDefaults, DEFAULT_ENGINE_VERSION } from './database-props';

/**
 * RDS (PostgreSQL or MySQL) in the private data subnets: Multi-AZ with automatic failover, TLS forced,
 * storage, Performance Insights and the RDS-managed master secret encrypted with a customer-managed key,
 * backups with point-in-time recovery, read replicas spread over AZs and an optional cross-region replica
 * (each a DatabaseReadReplica). Only tiers admitted through `connections.allowDefaultPortFrom` reach it.
 */
export class Database extends Construct implements IConnectable {
  readonly engine: DatabaseEngine;
  readonly primary: DbInstance;
  readonly replicas: DatabaseReadReplica[] = [];
  readonly crossRegionReplica?: DatabaseReadReplica;
  readonly key: EncryptionKey;
  /** Key of the DR region (encrypts the cross-region replica). */
  readonly drKey?: EncryptionKey;
  readonly firewall: Firewall;
  /** The database's firewall on its port: `db.connections.allowDefaultPortFrom(service)`. */
  readonly connections: Connections;
  readonly port: number;
  /** Writer endpoint as `host:port` (follows a Multi-AZ failover). */
  readonly endpoint: string;
  readonly address: string;
  /** Same-region replica endpoints as `host:port`. */
  readonly readerEndpoints: string[];
  /** ARN of the RDS-managed Secrets Manager secret holding the master credentials. */
  readonly secretArn: string;
  /** Name of the database created on the primary. */
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const engine = (this.engine = props.engine ?? DATABASE_DEFAULTS.engine);
    const version = props.engineVersion ?? DEFAULT_ENGINE_VERSION[engine];
    const backupRetention = props.backupRetentionDays ?? DATABASE_DEFAULTS.backupRetentionDays;
    const replicas = props.readReplicas ?? DATABASE_DEFAULTS.readReplicas;
    refuse(
      `Database ${props.name}`,
      replicas.count > 0 ? checkReplicasNeedBackups(`readReplicas.count (${replicas.count})`, backupRetention) : undefined,
      props.crossRegionReplica ? checkReplicasNeedBackups('crossRegionReplica', backupRetention) : undefined,
    );
    this.port = ENGINE_PORT[engine];
    this.databaseName = props.databaseName ?? DATABASE_DEFAULTS.databaseName;
    const identifier = `${props.name}-db`;

    this.key = new EncryptionKey(this, 'key', {
      alias: `${props.name}-database`,
      description: `${props.name} database storage, snapshots, Performance Insights and master secret`,
    });
    this.firewall = props.securityGroup ?? new Firewall(this, 'firewall', {
      name: `${props.name}-db`,
      vpcId: props.vpcId,
      description: `${props.name} database: ${engine} port from the app tiers only`,
    });
    this.connections = new Connections(this.firewall, this.port);
    const parameters = forceTlsParameterGroup(this, 'parameters', props.name, engine, version);
    const settings: SharedInstanceSettings = {
      engine,
      instanceClass: props.instanceClass ?? DATABASE_DEFAULTS.instanceClass,
      maxAllocatedStorageGb: props.maxAllocatedStorageGb ?? DATABASE_DEFAULTS.maxAllocatedStorageGb,
      maintenanceWindow: props.maintenanceWindow ?? DATABASE_DEFAULTS.maintenanceWindow,
      performanceInsights: props.performanceInsights ?? DATABASE_DEFAULTS.performanceInsights,
      monitoringInterval: props.monitoringIntervalSeconds ?? DATABASE_DEFAULTS.monitoringIntervalSeconds,
      monitoringRoleArn: this.monitoringRole(props),
      logRetentionDays: props.logRetentionDays ?? LOG_GROUP_DEFAULTS.retentionDays,
      deletionProtection: props.deletionProtection ?? false,
    };
    this.primary = this.createPrimary(props, identifier, version, backupRetention, settings, parameters.name);

    const azs = props.availabilityZones ?? [];
    for (let i = 0; i < replicas.count; i++) {
      this.replicas.push(
        new DatabaseReadReplica(this, `replica-${i + 1}`, {
          name: props.name,
          identifier: `${identifier}-replica-${i + 1}`,
          source: this.primary,
          settings,
          engineVersion: version,
          role: 'read-replica',
          instanceClass: replicas.instanceClass,
          sameRegion: { keyArn: this.key.arn, firewall: this.firewall, parameterGroupName: parameters.name, availabilityZone: azs.length > 0 ? azs[i % azs.length] : undefined },
        }),
      );
    }
    if (props.crossRegionReplica) {
      this.crossRegionReplica = new DatabaseReadReplica(this, 'dr', {
        name: props.name,
        identifier: `${identifier}-dr`,
        source: this.primary,
        settings,
        engineVersion: version,
        role: 'cross-region-replica',
        crossRegion: props.crossRegionReplica,
      });
      this.drKey = this.crossRegionReplica.key;
    }

    this.endpoint = this.primary.endpoint;
    this.address = this.primary.address;
    this.readerEndpoints = this.replicas.map((r) => r.endpoint);
    this.secretArn = this.primary.masterUserSecret.get(0).secretArn;
  }

  /** Average CPU of the primary in percent. */
  metricCpu(options?: MetricOptions): Metric {
    return this.instanceMetric('CPUUtilization', 'Average', options);
  }

  /** Free storage of the primary in bytes, minimum over the period. */
  metricFreeStorage(options?: MetricOptions): Metric {
    return this.instanceMetric('FreeStorageSpace', 'Minimum', options);
  }

  /** Open connections to the primary. */
  metricConnections(options?: MetricOptions): Metric {
    return this.instanceMetric('DatabaseConnections', 'Average', options);
  }

  /** Seconds same-region replica `index` (0-based) is behind the primary, maximum over the period. */
  metricReplicaLag(index: number, options?: MetricOptions): Metric {
    const replica = this.replicas[index];
    if (!replica) throw new Error(`Database.metricReplicaLag(${index}): there are ${this.replicas.length} read replicas`);
    return metric('AWS/RDS', 'ReplicaLag', { DBInstanceIdentifier: replica.identifier }, 'Maximum', options);
  }

  /**
   * Lets `grantee` read the master secret: GetSecretValue on exactly that secret, and Decrypt on the
   * database key only when Secrets Manager asks on the caller's behalf.
   */
  grantReadSecret(grantee: IGrantable): PolicyStatement[] {
    return grant(
      grantee,
      { Sid: 'ReadDatabaseSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: this.secretArn },
      {
        Sid: 'DecryptDatabaseSecret',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: this.key.arn,
        Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
      },
    );
  }

  /**
   * Lets `grantee` sign in as database user `dbUser` with an IAM token (IAM database authentication is on):
   * rds-db:connect for that user only, on the primary and every replica. The user must exist in the database
   * with the engine's IAM grant (`GRANT rds_iam TO <user>` on PostgreSQL, `AWSAuthenticationPlugin` on MySQL).
   */
  grantConnect(grantee: IGrantable, dbUser: string): PolicyStatement[] {
    if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(dbUser)) {
      throw new Error(`Database.grantConnect: dbUser "${dbUser}" is not a database user name: letters, digits, _ $ -, starting with a letter or _`);
    }
    const instances = [this.primary, ...this.replicas.map((r) => r.instance), ...(this.crossRegionReplica ? [this.crossRegionReplica.instance] : [])];
    return grant(grantee, {
      Sid: 'ConnectToDatabase',
      Effect: 'Allow',
      Action: 'rds-db:connect',
      Resource: instances.map((instance) => dbUserArn(instance, dbUser)),
    });
  }

  private instanceMetric(metricName: string, statistic: string, options?: MetricOptions): Metric {
    return metric('AWS/RDS', metricName, { DBInstanceIdentifier: this.primary.identifier }, statistic, options);
  }

  /** Enhanced monitoring's role; none when the interval is 0. */
  private monitoringRole(props: DatabaseProps): string | undefined {
    if ((props.monitoringIntervalSeconds ?? DATABASE_DEFAULTS.monitoringIntervalSeconds) === 0) return undefined;
    const { partition } = awsAccount(this);
    const role = new IamRole(this, 'monitoring-role', {
      name: `${props.name}-rds-monitoring`,
      assumeRolePolicy: assumeRolePolicy('monitoring.rds.amazonaws.com'),
    });
    new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: role.name,
      policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
    return role.arn;
  }

  private createPrimary(
    props: DatabaseProps,
    identifier: string,
    version: string,
    backupRetention: number,
    settings: SharedInstanceSettings,
    parameterGroupName: string,
  ): DbInstance {
    const subnetGroup = new DbSubnetGroup(this, 'subnets', {
      namePrefix: `${props.name}-db-`,
      description: `${props.name} database in the private data subnets`,
      subnetIds: props.subnetIds,
      lifecycle: { createBeforeDestroy: true },
    });
    const snapshot = props.snapshotOnDelete ?? false;
    return new DbInstance(this, 'primary', {
      ...instanceArguments(settings, this.key.arn),
      identifier,
      engine: settings.engine,
      engineVersion: version,
      instanceClass: settings.instanceClass,
      dbName: this.databaseName,
      username: props.masterUsername ?? DATABASE_DEFAULTS.masterUsername,
      // RDS generates, stores and rotates the password in Secrets Manager: it never enters config or state.
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.key.arn,
      allocatedStorage: props.allocatedStorageGb ?? DATABASE_DEFAULTS.allocatedStorageGb,
      multiAz: props.multiAz ?? DATABASE_DEFAULTS.multiAz,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.firewall.id],
      parameterGroupName,
      port: this.port,
      backupRetentionPeriod: backupRetention,
      backupWindow: props.backupWindow ?? DATABASE_DEFAULTS.backupWindow,
      deleteAutomatedBackups: !snapshot,
      deletionProtection: settings.deletionProtection,
      skipFinalSnapshot: !snapshot,
      finalSnapshotIdentifier: snapshot ? `${identifier}-final` : undefined,
      dependsOn: engineLogGroups(this, settings.engine, identifier, settings.logRetentionDays).map((g) => g.logGroup),
      tags: { Name: identifier, Role: 'primary' },
    });
  }
}

/** `arn:<partition>:rds-db:<region>:<account>:dbuser:<resource id>/<user>`, the partition, region and account read from the instance's ARN. */
function dbUserArn(instance: DbInstance, dbUser: string): string {
  const part = (i: number) => Fn.element(Fn.split(':', instance.arn), i);
  return `arn:${part(1)}:rds-db:${part(3)}:${part(4)}:dbuser:${instance.resourceId}/${dbUser}`;
}
