import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { ProfileConfig } from '../config/types';
import { DEFAULT_DR_CIDR } from '../config/validate';
import { Cache } from '../constructs/cache';
import { Service } from '../constructs/service';
import { Database } from '../constructs/database';
import { Network } from '../constructs/network';
import { Queue } from '../constructs/queue';

export interface DataTierProps {
  readonly profile: ProfileConfig;
  /** Name prefix (`<project>-<environment>`). */
  readonly name: string;
  readonly network: Network;
  /** The profile's services by name; each is wired to what its kind needs. */
  readonly services: Record<string, Service>;
  /** Default tags for the DR region's provider. */
  readonly tags: Record<string, string>;
}

/**
 * The stateful tier of one profile, mapped from config: database (with replicas and the DR region's
 * network and replica), cache and queue. Endpoints reach the services as SSM parameter names in user data
 * (`*_ENDPOINT` = host:port, so the demo app reports their reachability); each service gets exactly the
 * permissions its kind needs: web sends to the queue, workers consume it and scale on its backlog.
 */
export class DataTier extends Construct {
  readonly database?: Database;
  readonly cache?: Cache;
  readonly queue?: Queue;
  /** The DR region's VPC (only with `disasterRecovery`). */
  readonly drNetwork?: Network;
  /** The DR region's aliased provider (only with `disasterRecovery`), for other DR-region resources. */
  readonly drProvider?: AwsProvider;
  /** Env var name -> SSM parameter, as handed to the services. */
  readonly parameters: Record<string, SsmParameter> = {};
  /** Env var name -> SSM parameter name (plain strings), as handed to every service. */
  readonly parameterNames: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: DataTierProps) {
    super(scope, id);
    const { profile: p, name, network } = props;
    const production = p.environment === 'production';
    const dataSubnetIds = network.privateDataSubnets.map((s) => s.id);
    const services = Object.values(props.services);
    // Outputs at stack level keep their plain names (`db_endpoint`, not a construct path).
    const output = (id: string, value: unknown, description: string) => new TerraformOutput(TerraformStack.of(this), id, { value, description });
    // Plain-string names (not tokens) keep each service's user data a static, reviewable literal.
    const parameter = (envName: string, path: string, value: string, description: string) => {
      const parameterName = (this.parameterNames[envName] = `/stormproof/${name}/${path}`);
      this.parameters[envName] = new SsmParameter(this, `param-${envName.toLowerCase()}`, {
        name: parameterName,
        type: 'String',
        value,
        description,
      });
    };

    if (p.database) {
      const db = p.database;
      let crossRegionReplica;
      if (p.disasterRecovery) {
        const dr = (this.drProvider = new AwsProvider(this, 'aws-dr', { region: p.disasterRecovery.region, alias: 'dr', defaultTags: [{ tags: props.tags }] }));
        // A small standby network for the replica: two AZs and no NAT (about $32/month saved while idle);
        // before the app tier is deployed here on failover, switch natGateways to 'single' or 'per-az'.
        this.drNetwork = new Network(this, 'dr-network', {
          name: `${name}-dr`,
          cidr: p.disasterRecovery.cidr ?? DEFAULT_DR_CIDR,
          azCount: 2,
          natGateways: 'none',
          flowLogRetentionDays: p.network.flowLogRetentionDays,
          provider: dr,
        });
        crossRegionReplica = {
          provider: dr,
          vpcId: this.drNetwork.vpcId,
          subnetIds: this.drNetwork.privateDataSubnets.map((s) => s.id),
        };
      }
      this.database = new Database(this, 'database', {
        name,
        vpcId: network.vpcId,
        subnetIds: dataSubnetIds,
        availabilityZones: network.availabilityZones,
        engine: db.engine,
        engineVersion: db.engineVersion,
        instanceClass: db.instanceClass,
        databaseName: db.databaseName,
        masterUsername: db.masterUsername,
        allocatedStorageGb: db.allocatedStorageGb,
        maxAllocatedStorageGb: db.maxAllocatedStorageGb,
        multiAz: db.multiAz,
        backupRetentionDays: db.backupRetentionDays,
        backupWindow: db.backupWindow,
        maintenanceWindow: db.maintenanceWindow,
        performanceInsights: db.performanceInsights,
        monitoringIntervalSeconds: db.monitoringIntervalSeconds,
        production,
        readReplicas: db.readReplicas.count,
        replicaInstanceClass: db.readReplicas.instanceClass,
        crossRegionReplica,
        logRetentionDays: p.logRetentionDays,
      });
      const database = this.database;
      parameter('DB_WRITER_ENDPOINT', 'db/writer_endpoint', database.endpoint, 'Database writer endpoint (host:port)');
      // Without replicas, reads go to the writer.
      const readers = database.readerEndpoints.length > 0 ? database.readerEndpoints : [database.endpoint];
      readers.forEach((endpoint, i) =>
        parameter(i === 0 ? 'DB_READER_ENDPOINT' : `DB_READER_${i + 1}_ENDPOINT`, `db/reader_endpoint_${i + 1}`, endpoint, `Database reader ${i + 1} endpoint (host:port)`),
      );
      parameter('DB_NAME', 'db/name', db.databaseName, 'Database name');
      // The ARN only: the app reads the credentials from Secrets Manager at run time.
      parameter('DB_SECRET_ARN', 'db/secret_arn', database.secretArn, 'ARN of the RDS-managed master user secret');
      for (const s of services) {
        database.allowDefaultPortFrom(s.firewall, `${s.kind} to database`);
        s.addToRolePolicy(...database.grantReadSecret());
      }
      output('db_endpoint', database.endpoint, 'Database writer endpoint (host:port)');
      output('db_reader_endpoints', database.readerEndpoints, 'Database read replica endpoints (host:port)');
      if (database.crossRegionReplica) {
        output('db_dr_endpoint', database.crossRegionReplica.endpoint, 'Cross-region replica endpoint (promote on DR)');
      }
    }

    if (p.cache) {
      const c = p.cache;
      this.cache = new Cache(this, 'cache', {
        name,
        vpcId: network.vpcId,
        subnetIds: dataSubnetIds,
        availabilityZones: network.availabilityZones,
        engine: c.engine,
        engineVersion: c.engineVersion,
        nodeType: c.nodeType,
        nodes: c.nodes,
        automaticFailover: c.automaticFailover,
        snapshotRetentionDays: c.snapshotRetentionDays,
        snapshotWindow: c.snapshotWindow,
        maintenanceWindow: c.maintenanceWindow,
        logRetentionDays: p.logRetentionDays,
      });
      const cache = this.cache;
      parameter('CACHE_ENDPOINT', 'cache/endpoint', cache.endpoint, 'Cache primary endpoint (host:port, TLS)');
      parameter('CACHE_READER_ENDPOINT', 'cache/reader_endpoint', cache.readerEndpoint, 'Cache reader endpoint (host:port, TLS)');
      parameter('CACHE_USER', 'cache/user', cache.userName, 'Cache user (IAM authentication)');
      for (const s of services) {
        cache.allowDefaultPortFrom(s.firewall, `${s.kind} to cache`);
        s.addToRolePolicy(...cache.grantConnect());
      }
      output('cache_endpoint', cache.endpoint, 'Cache primary endpoint (host:port, TLS, IAM auth)');
    }

    if (p.queue) {
      const q = p.queue;
      this.queue = new Queue(this, 'queue', {
        name: `${name}-jobs`,
        maxReceiveCount: q.maxReceiveCount,
        fifo: q.fifo,
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
        retentionSeconds: q.retentionSeconds,
        deadLetterRetentionSeconds: q.deadLetterRetentionSeconds,
      });
      const queue = this.queue;
      parameter('QUEUE_URL', 'queue/url', queue.url, 'Work queue URL');
      for (const s of p.services) {
        const service = props.services[s.name];
        if (s.kind === 'worker') {
          service.addToRolePolicy(...queue.grantConsumeMessages());
          // Backlog per instance, as AWS documents for SQS-based scaling.
          service.scaleOnMetric({
            name: 'backlog-per-instance',
            targetValue: s.backlogPerInstance ?? 100,
            customizedMetricSpecification: queue.backlogPerInstanceMetric(service.asgName),
          });
        } else {
          service.addToRolePolicy(...queue.grantSendMessages());
        }
      }
      output('queue_url', queue.url, 'Work queue URL');
    }

    if (Object.keys(this.parameterNames).length > 0) {
      for (const s of services) s.addParameters(this.parameterNames);
    }
  }
}
