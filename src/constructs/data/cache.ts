import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { checkFailoverNodes, refuse } from '../../util/rules';
import { EncryptionKey } from '../shared/encryption-key';
import { grant, IGrantable, PolicyStatement } from '../shared/iam';
import { metric, Metric, MetricOptions } from '../shared/metric';
import { LogGroup } from '../shared/log-group';
import { Connections, Firewall, IConnectable } from '../shared/firewall';
import { CACHE_DEFAULT_VERSION, CACHE_DEFAULTS, CacheEngine, CacheProps } from './cache-props';
import { LOG_GROUP_DEFAULTS } from '../shared/log-group-props';

export { CACHE_DEFAULT_VERSION, CACHE_DEFAULTS, cacheDefaults } from './cache-props';
export type { CacheEngine, CacheProps, CacheSettings } from './cache-props';

/** Parameter group family of an engine version: valkey8 for '8.0', redis7 for '7.1'. */
export function cacheParameterGroupFamily(engine: CacheEngine, version: string): string {
  return `${engine}${version.split('.')[0]}`;
}

/**
 * An ElastiCache (Valkey or Redis OSS) replication group in the private data subnets: nodes across AZs
 * with Multi-AZ automatic failover, encrypted at rest with a customer-managed key and in transit (TLS
 * required), and clients authenticated with IAM. Only tiers admitted through
 * `connections.allowDefaultPortFrom` reach it.
 */
export class Cache extends Construct implements IConnectable {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly key: EncryptionKey;
  readonly firewall: Firewall;
  readonly port = 6379;
  /** The cache's firewall on its port: `cache.connections.allowDefaultPortFrom(service)`. */
  readonly connections: Connections;
  /** The IAM-authenticated user clients connect as (user name = user id). */
  readonly user: ElasticacheUser;
  readonly userName: string;
  /** Primary (writer) endpoint as `host:port`. */
  readonly endpoint: string;
  /** Reader endpoint (spreads reads over the replicas) as `host:port`. */
  readonly readerEndpoint: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const engine = props.engine ?? CACHE_DEFAULTS.engine;
    const version = props.engineVersion ?? CACHE_DEFAULT_VERSION[engine];
    const nodes = props.nodes ?? CACHE_DEFAULTS.nodes;
    const failover = props.automaticFailover ?? CACHE_DEFAULTS.automaticFailover;
    refuse(`Cache ${props.name}`, checkFailoverNodes(failover, nodes));
    const groupId = `${props.name}-cache`;
    if (groupId.length > 40) throw new Error(`name "${props.name}" is too long: the replication group id "${groupId}" must be at most 40 characters`);

    this.key = new EncryptionKey(this, 'key', {
      alias: `${props.name}-cache`,
      description: `${props.name} cache data at rest and snapshots`,
    });
    this.firewall = props.securityGroup ?? new Firewall(this, 'firewall', {
      name: `${props.name}-cache`,
      vpcId: props.vpcId,
      description: `${props.name} cache: ${this.port} from the app tiers only`,
    });
    this.connections = new Connections(this.firewall, this.port);
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: `${props.name}-cache`,
      description: `${props.name} cache in the private data subnets`,
      subnetIds: props.subnetIds,
    });
    // ElastiCache parameter groups have no name_prefix: the family in the name makes an upgrade a new group.
    const family = cacheParameterGroupFamily(engine, version);
    const parameters = new ElasticacheParameterGroup(this, 'parameters', {
      name: `${props.name}-cache-${family}`,
      family,
      // Description is immutable: naming only the family keeps minor upgrades from forcing a same-name replacement.
      description: `${props.name} ${family}`,
      lifecycle: { createBeforeDestroy: true },
    });

    // Auth: IAM authentication through RBAC, not an AUTH token. Clients sign a 15-minute token with their
    // instance role, so no password exists to store, rotate, leak into state or drift between plans.
    // RBAC objects use engine "redis", which both Valkey and Redis OSS groups accept.
    const defaultUser = new ElasticacheUser(this, 'default-user', {
      userId: `${props.name}-off`, // the disabled default user (ids stay within 40 characters)
      userName: 'default',
      engine: 'redis',
      // Every group needs a "default" user; this one is switched off, so unauthenticated clients get nothing.
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    this.userName = `${props.name}-app`;
    this.user = new ElasticacheUser(this, 'app-user', {
      userId: this.userName,
      userName: this.userName,
      engine: 'redis',
      accessString: 'on ~* +@all -@dangerous',
      authenticationMode: { type: 'iam' },
    });
    const userGroup = new ElasticacheUserGroup(this, 'users', {
      userGroupId: `${props.name}-users`,
      engine: 'redis',
      userIds: [defaultUser.userId, this.user.userId],
    });

    const slowLog = new LogGroup(this, 'slow-log', {
      name: `/stormproof/${props.name}/cache/slow-log`,
      retentionDays: props.logRetentionDays ?? LOG_GROUP_DEFAULTS.retentionDays,
    });
    const azs = props.availabilityZones ?? [];
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'group', {
      replicationGroupId: groupId,
      description: `${props.name} ${engine} cache`,
      engine,
      engineVersion: version,
      nodeType: props.nodeType ?? CACHE_DEFAULTS.nodeType,
      numCacheClusters: nodes,
      preferredCacheClusterAzs: azs.length > 0 ? Array.from({ length: nodes }, (_, i) => azs[i % azs.length]) : undefined,
      automaticFailoverEnabled: failover,
      multiAzEnabled: failover,
      port: this.port,
      subnetGroupName: subnets.name,
      securityGroupIds: [this.firewall.id],
      parameterGroupName: parameters.name,
      atRestEncryptionEnabled: 'true',
      kmsKeyId: this.key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [userGroup.userGroupId],
      snapshotRetentionLimit: props.snapshotRetentionDays ?? CACHE_DEFAULTS.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow ?? CACHE_DEFAULTS.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow ?? CACHE_DEFAULTS.maintenanceWindow,
      autoMinorVersionUpgrade: 'true',
      logDeliveryConfiguration: [
        { destination: slowLog.name, destinationType: 'cloudwatch-logs', logFormat: 'json', logType: 'slow-log' },
      ],
      tags: { Name: groupId },
    });
    this.endpoint = `${this.replicationGroup.primaryEndpointAddress}:${this.port}`;
    this.readerEndpoint = `${this.replicationGroup.readerEndpointAddress}:${this.port}`;
  }

  /** Memory used by the data set in percent, maximum over the period (evictions start near 100). */
  metricMemory(options?: MetricOptions): Metric {
    return metric('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', { ReplicationGroupId: this.replicationGroup.replicationGroupId }, 'Maximum', options);
  }

  /** Lets `grantee` authenticate with IAM as the cache's app user: elasticache:Connect on this group and that user only. */
  grantConnect(grantee: IGrantable): PolicyStatement[] {
    return grant(grantee, {
      Sid: 'ConnectToCache',
      Effect: 'Allow',
      Action: 'elasticache:Connect',
      Resource: [this.replicationGroup.arn, this.user.arn],
    });
  }
}
