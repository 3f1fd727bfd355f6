import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { CacheConfig, DatabaseConfig, DisasterRecoveryConfig, QueueConfig } from '../../config/types';
import { DEFAULT_DR_CIDR } from '../../constructs/network/network-props';
import { hasStandbyAppTier } from '../../constructs/dr/dr-props';
import { Cache } from '../../constructs/data/cache';
import { Service } from '../../constructs/compute/ec2/service';
import { Database } from '../../constructs/data/database';
import { IConnectable } from '../../constructs/shared/firewall';
import { IGrantable } from '../../constructs/shared/iam';
import { Network } from '../../constructs/network/network';
import type { NetworkLike } from '../../constructs/network/existing-network';
import { Queue } from '../../constructs/data/queue';

/**
 * What the data tier needs of a service, EC2 (Service) or Beanstalk (BeanstalkApp): connections, grants, and either
 * SSM parameter names fetched at boot (`addParameters`) or environment properties (`addProperties`).
 */
export interface DataTierClient extends IConnectable, IGrantable {
  readonly kind: 'web' | 'worker';
  addParameters(parameters: Record<string, string>): void;
  /** When present, gets the values (endpoints, names, ARNs; never a secret value) as env vars instead of parameter names. */
  addProperties?(properties: Record<string, string>): void;
}

export interface DataTierProps {
  /** Name prefix (`<project>-<environment>`). */
  readonly name: string;
  readonly network: NetworkLike;
  /** The services by name; each is wired to what its kind needs. */
  readonly services: Record<string, DataTierClient>;
  /** Acceptable queue backlog per instance of each worker service, by service name. */
  readonly backlogPerInstance: Record<string, number>;
  /** @default - no database */
  readonly database?: DatabaseConfig;
  /** @default - no cache */
  readonly cache?: CacheConfig;
  /** @default - no queue */
  readonly queue?: QueueConfig;
  /** The DR region with its VPC range (the database's cross-region replica lives there). @default - none */
  readonly disasterRecovery?: DisasterRecoveryConfig;
  /** Deletion protection and a final snapshot on the database. */
  readonly production: boolean;
  /** Retention of the data tier's log groups. */
  readonly logRetentionDays: number;
  /** Flow-log retention of the DR region's network. */
  readonly flowLogRetentionDays: number;
  /** Where the data tier's own alarms notify (the dead-letter queue alarm). */
  readonly alarmActions: string[];
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
  /** Env var name -> value (endpoint, name, ARN; never a secret value), for services that take properties. */
  readonly parameterValues: Record<string, string> = {};

  private readonly name: string;

  constructor(scope: Construct, id: string, props: DataTierProps) {
    super(scope, id);
    this.name = props.name;
    const services = Object.values(props.services);
    if (props.disasterRecovery && props.database) {
      this.drProvider = new AwsProvider(this, 'aws-dr', { region: props.disasterRecovery.region, alias: 'dr', defaultTags: [{ tags: props.tags }] });
      // A small standby network: two AZs. backup-restore: no NAT (about $32/month saved while idle; switch
      // natGateways to 'single' or 'per-az' before the app tier is rebuilt here). A standby app tier has one NAT
      // gateway, so its instances can boot (SSM, bundles, packages) the moment the groups scale up.
      this.drNetwork = new Network(this, 'dr-network', {
        name: `${props.name}-dr`,
        cidr: props.disasterRecovery.cidr ?? DEFAULT_DR_CIDR,
        azCount: 2,
        natGateways: hasStandbyAppTier(props.disasterRecovery.strategy) ? 'single' : 'none',
        flowLogRetentionDays: props.flowLogRetentionDays,
        provider: this.drProvider,
      });
    }
    if (props.database) this.database = this.createDatabase(props, props.database, services);
    if (props.cache) this.cache = this.createCache(props, props.cache, services);
    if (props.queue) this.queue = this.createQueue(props, props.queue, services);

    if (Object.keys(this.parameterNames).length > 0) {
      for (const s of services) {
        if (s.addProperties) s.addProperties(this.parameterValues);
        else s.addParameters(this.parameterNames);
      }
    }
  }

  /** The database (config passed through to its props), its endpoints as parameters, each service admitted and granted its secret. */
  private createDatabase(props: DataTierProps, config: DatabaseConfig, services: DataTierClient[]): Database {
    const { network } = props;
    const database = new Database(this, 'database', {
      ...config,
      name: props.name,
      vpcId: network.vpcId,
      subnetIds: network.privateDataSubnets.map((s) => s.id),
      availabilityZones: network.availabilityZones,
      deletionProtection: props.production,
      snapshotOnDelete: props.production,
      crossRegionReplica:
        this.drProvider && this.drNetwork
          ? { provider: this.drProvider, vpcId: this.drNetwork.vpcId, subnetIds: this.drNetwork.privateDataSubnets.map((s) => s.id) }
          : undefined,
      logRetentionDays: props.logRetentionDays,
    });
    this.parameter('DB_WRITER_ENDPOINT', 'db/writer_endpoint', database.endpoint, 'Database writer endpoint (host:port)');
    // Without replicas, reads go to the writer.
    const readers = database.readerEndpoints.length > 0 ? database.readerEndpoints : [database.endpoint];
    readers.forEach((endpoint, i) =>
      this.parameter(i === 0 ? 'DB_READER_ENDPOINT' : `DB_READER_${i + 1}_ENDPOINT`, `db/reader_endpoint_${i + 1}`, endpoint, `Database reader ${i + 1} endpoint (host:port)`),
    );
    this.parameter('DB_NAME', 'db/name', database.databaseName, 'Database name');
    // The ARN only: the app reads the credentials from Secrets Manager at run time.
    this.parameter('DB_SECRET_ARN', 'db/secret_arn', database.secretArn, 'ARN of the RDS-managed master user secret');
    this.admit(services, database, 'database', (s) => database.grantReadSecret(s));
    this.output('db_endpoint', database.endpoint, 'Database writer endpoint (host:port)');
    this.output('db_reader_endpoints', database.readerEndpoints, 'Database read replica endpoints (host:port)');
    this.output('db_credentials_arn', database.secretArn, 'ARN of the RDS-managed master user secret (the value stays in Secrets Manager)');
    if (database.crossRegionReplica) {
      this.output('db_dr_endpoint', database.crossRegionReplica.endpoint, 'Cross-region replica endpoint (promote on DR)');
    }
    return database;
  }

  /** The cache (config passed through), its endpoints and user as parameters, each service admitted and granted IAM auth. */
  private createCache(props: DataTierProps, config: CacheConfig, services: DataTierClient[]): Cache {
    const { network } = props;
    const cache = new Cache(this, 'cache', {
      ...config,
      name: props.name,
      vpcId: network.vpcId,
      subnetIds: network.privateDataSubnets.map((s) => s.id),
      availabilityZones: network.availabilityZones,
      logRetentionDays: props.logRetentionDays,
    });
    this.parameter('CACHE_ENDPOINT', 'cache/endpoint', cache.endpoint, 'Cache primary endpoint (host:port, TLS)');
    this.parameter('CACHE_READER_ENDPOINT', 'cache/reader_endpoint', cache.readerEndpoint, 'Cache reader endpoint (host:port, TLS)');
    this.parameter('CACHE_USER', 'cache/user', cache.userName, 'Cache user (IAM authentication)');
    this.admit(services, cache, 'cache', (s) => cache.grantConnect(s));
    this.output('cache_endpoint', cache.endpoint, 'Cache primary endpoint (host:port, TLS, IAM auth)');
    return cache;
  }

  /** The queue (config passed through): web services send, workers consume and scale on its backlog per instance. */
  private createQueue(props: DataTierProps, config: QueueConfig, services: DataTierClient[]): Queue {
    const queue = new Queue(this, 'queue', { ...config, name: `${props.name}-jobs`, alarmActions: props.alarmActions });
    this.parameter('QUEUE_URL', 'queue/url', queue.url, 'Work queue URL');
    for (const service of services) {
      if (service.kind === 'worker') {
        queue.grantConsumeMessages(service);
        // Backlog per instance, as AWS documents for SQS-based scaling (on EKS, KEDA scales the pods on the queue).
        if (service instanceof Service) service.scaleOnMetric('backlog-per-instance', {
          targetValue: props.backlogPerInstance[service.serviceName] ?? 100,
          customizedMetricSpecification: queue.backlogPerInstanceMetric(service.asgName),
        });
      } else {
        queue.grantSendMessages(service);
      }
    }
    this.output('queue_url', queue.url, 'Work queue URL');
    return queue;
  }

  /** Every service may reach `tier` on its port and gets what `grant` gives it. */
  private admit(services: DataTierClient[], tier: IConnectable, what: string, grant: (service: DataTierClient) => void): void {
    // EKS pods share the nodes' firewall: admit each firewall once.
    const firewalls = services.filter((s, i) => services.findIndex((o) => o.connections.firewall === s.connections.firewall) === i);
    for (const s of firewalls) tier.connections.allowDefaultPortFrom(s, `${firewalls.length < services.length ? 'pods' : s.kind} to ${what}`);
    for (const s of services) grant(s);
  }

  /** An SSM parameter handed to every service; plain-string names (not tokens) keep user data a static, reviewable literal. */
  private parameter(envName: string, path: string, value: string, description: string): void {
    const parameterName = (this.parameterNames[envName] = `/stormproof/${this.name}/${path}`);
    this.parameterValues[envName] = value;
    this.parameters[envName] = new SsmParameter(this, `param-${envName.toLowerCase()}`, { name: parameterName, type: 'String', value, description });
  }

  /** Outputs at stack level keep their plain names (`db_endpoint`, not a construct path). */
  private output(id: string, value: unknown, description: string): void {
    new TerraformOutput(TerraformStack.of(this), id, { value, description });
  }
}
