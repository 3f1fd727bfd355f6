/**
 * Typed configuration: what a profile fills in. Optional fields take the construct's documented default
 * (one place: the construct's props and its `*_DEFAULTS`), and the stacks pass them through unchanged.
 */
import type { AppBundleConfig, BeanstalkConfig, ContainerConfig, EksConfig, ImageSourceConfig, PodResourcesConfig } from './compute-types';
import type { BackendConfig, DeliveryConfig, OperationsConfig } from './operations-types';

export type {
  AppBundleConfig,
  BakeConfig,
  BeanstalkConfig,
  BeanstalkDeployment,
  ContainerConfig,
  EksAddonVersions,
  EksConfig,
  EksNodeGroupConfig,
  ImageSourceConfig,
  PodResourcesConfig,
} from './compute-types';
export type { BackendConfig, BackupConfig, DeliveryConfig, OperationsConfig } from './operations-types';

/** How much is at stake: production turns on deletion protection, final snapshots and longer retention. */
export type Environment = 'dev' | 'staging' | 'production';

export interface NetworkConfig {
  /**
   * VPC CIDR, e.g. `10.20.0.0/16`. Subnets for every tier and AZ are carved from it.
   * @pattern ^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$
   */
  readonly cidr: string;
  /**
   * Number of Availability Zones (2 to 6).
   * @asType integer
   * @minimum 2
   * @maximum 6
   */
  readonly azCount: number;
  /** `per-az` keeps egress alive when an AZ fails; `single` shares one NAT gateway to save cost. */
  readonly natGateways: 'per-az' | 'single';
  /** Retention of the VPC flow-log group in days. */
  readonly flowLogRetentionDays: number;
  /** Explicit subnet CIDRs per tier, one per AZ; default: carved from `cidr` (see planSubnets). */
  readonly subnetCidrs?: {
    readonly public: readonly string[];
    readonly app: readonly string[];
    readonly data: readonly string[];
  };
  /**
   * A VPC that already exists: read through data sources, no VPC, subnets, NAT or flow logs created (`cidr`,
   * `natGateways`, `subnetCidrs` are then ignored). One subnet per AZ and tier (`azCount` of each); Terraform checks
   * at plan that they belong to the VPC and span `azCount` AZs. Default: the platform creates the VPC.
   */
  readonly existingVpc?: ExistingVpcConfig;
}

/** An existing VPC and its subnets per tier. */
export interface ExistingVpcConfig {
  /** VPC id, e.g. `vpc-0123456789abcdef0`. */
  readonly vpcId: string;
  /** Subnet ids per tier, one per AZ: public (ALB, NAT), app (instances, private with egress), data (database, cache). */
  readonly subnetIds: {
    readonly public: readonly string[];
    readonly app: readonly string[];
    readonly data: readonly string[];
  };
}

export interface LoadBalancerConfig {
  /**
   * ACM certificate ARN in the stack's region; when set, HTTP redirects to HTTPS. Without it, a `dns`
   * section makes the stack issue one (validated in the hosted zone). Behind CloudFront with a domain it
   * must cover `origin.<dns.domainName>`, the name CloudFront connects to.
   * @default - issued for `dns` when set, else HTTP only
   */
  readonly certificateArn?: string;
  /**
   * `"demo-only"` lets a production stack serve plain HTTP: no domain, no certificate and no CloudFront
   * in front. Production is refused without HTTPS unless this says so; set `dns` (or `certificateArn`) to
   * turn HTTPS on instead (the waiver is then ignored).
   * @default - no waiver: production must serve HTTPS
   */
  readonly plainHttp?: 'demo-only';
  /**
   * Seconds a target drains before it is deregistered (0-3600). @default 30
   * @asType integer
   * @minimum 0
   * @maximum 3600
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Idle connection timeout in seconds (1-4000). @default 60
   * @asType integer
   * @minimum 1
   * @maximum 4000
   */
  readonly idleTimeoutSeconds?: number;
  /** Write access logs to an S3 bucket the stack creates. @default true */
  readonly accessLogs?: boolean;
}

export interface CapacityConfig {
  /**
   * Instances the group never goes below (production web services: at least 2).
   * @asType integer
   * @minimum 0
   */
  readonly min: number;
  /**
   * Instances the group never goes above (1-1000, at least min).
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly max: number;
  /**
   * Initial desired capacity; scaling policies own it after creation.
   * @asType integer
   * @minimum 0
   */
  readonly desired: number;
}

export interface ScheduledScalingConfig {
  /** Name of the action, e.g. `before-tv-show`. */
  readonly name: string;
  /** Cron expression in `timeZone`, e.g. `30 19 * * 5`. */
  readonly recurrence: string;
  /** IANA time zone of `recurrence`, e.g. `Europe/London`. @default 'UTC' */
  readonly timeZone?: string;
  /** New minimum capacity. @default - unchanged */
  readonly min?: number;
  /** New maximum capacity. @default - unchanged */
  readonly max?: number;
  /** New desired capacity. @default - unchanged */
  readonly desired?: number;
}

export interface CpuAlarmConfig {
  /** Alarm (and simple scale-out) when average CPU is at or above this percent. */
  readonly highPercent: number;
  /** Alarm (and simple scale-in) when average CPU is at or below this percent. */
  readonly lowPercent: number;
  /** Seconds per datapoint, a multiple of 60. @default 60 */
  readonly periodSeconds?: number;
  /** Datapoints that must breach before the alarm acts. @default 2 */
  readonly evaluationPeriods?: number;
}

export interface WarmPoolConfig {
  /** Pre-initialized instances kept ready (0 to capacity.max). */
  readonly minSize: number;
  /** State of the warm instances. @default 'Stopped' - pay for volumes only */
  readonly state?: 'Stopped' | 'Running' | 'Hibernated';
}

export interface ServiceConfig {
  /** Short name, lowercase letters, digits and dashes (`web`, `api`, `worker`). */
  readonly name: string;
  /** `web` services sit behind the ALB; `worker` services consume the queue. */
  readonly kind: 'web' | 'worker';
  /** ALB path patterns routed to a web service; the service with `/*` is the default action. */
  readonly pathPatterns?: readonly string[];
  /** EC2 instance type, e.g. `t3.small`. */
  readonly instanceType: string;
  /** Overrides the Amazon Linux 2023 AMI from the public SSM parameter. */
  readonly amiId?: string;
  /**
   * Port the app listens on (1024-65535, the app runs unprivileged).
   * @asType integer
   * @minimum 1024
   * @maximum 65535
   */
  readonly appPort: number;
  /** Health-check path; must start with '/'. @default '/health' */
  readonly healthCheckPath?: string;
  /** Size of the Auto Scaling group. */
  readonly capacity: CapacityConfig;
  /**
   * Target average CPU percent for target tracking. @default 50
   * @exclusiveMinimum 0
   * @maximum 100
   */
  readonly cpuTargetPercent?: number;
  /** Target ALB requests per target per minute (web services). */
  readonly requestsPerTarget?: number;
  /** Acceptable SQS backlog per instance (worker services). */
  readonly backlogPerInstance?: number;
  /** Seconds a worker takes to process one message (worker services). */
  readonly processingTimeSeconds?: number;
  /** Seconds before ELB health checks count after launch. @default 120 */
  readonly healthCheckGraceSeconds?: number;
  /** Seconds a new instance needs before its metrics count for scaling. @default 120 */
  readonly warmupSeconds?: number;
  /**
   * Minimum healthy percentage during an instance refresh (100 launches replacements first). @default 90
   * @minimum 0
   * @maximum 100
   */
  readonly minHealthyPercentage?: number;
  /**
   * Root volume size in GiB (8-16384). @default 20
   * @asType integer
   * @minimum 8
   * @maximum 16384
   */
  readonly rootVolumeGb?: number;
  /** Recurring capacity changes for known peaks. @default - none */
  readonly schedules?: readonly ScheduledScalingConfig[];
  /** Pre-initialized instances for faster scale-out. @default - none */
  readonly warmPool?: WarmPoolConfig;
  /** CloudWatch high/low CPU alarms with step scaling (the ELB + Auto Scaling lab). */
  readonly cpuAlarms?: CpuAlarmConfig;
  /**
   * How app releases reach the instances (web services only for `blue-green`):
   * - `rolling`: a new launch template version starts an instance refresh keeping `minHealthyPercentage`;
   * - `blue-green` on EC2: launch before terminate (min 100 % healthy), rolled back automatically: `terraform apply`
   *   writes the new launch template version and scripts/ci/release-fleets.sh starts the instance refresh with
   *   `AutoRollback` on the service's target-group alarms (5xx rate, unhealthy hosts); Terraform keeps the group.
   *   On Beanstalk: a CodePipeline deploys to the environment.
   * @default 'rolling'
   */
  readonly deploy?: 'rolling' | 'blue-green';
  /**
   * Target average memory use in percent: the CloudWatch agent publishes `mem_used_percent` per Auto Scaling
   * group and a target-tracking policy and an alarm watch it (a box that dies of memory never shows high CPU).
   * Default: no memory metrics.
   */
  readonly memoryTargetPercent?: number;
  /** Pod requests/limits when `compute` is `eks` (capacity then counts pods). Default: `eks.defaultPod`. */
  readonly pod?: PodResourcesConfig;
  /** Where the machine image comes from (EC2 services). Default: the latest Amazon Linux 2023. */
  readonly image?: ImageSourceConfig;
  /** Your app as a bundle (EC2 services). Default: the Stormproof demo app, through the same path. */
  readonly bundle?: AppBundleConfig;
  /** Shell script appended to user data after the platform's setup (EC2 services). Default: none. */
  readonly userData?: string;
  /** Plain env values for the app, stored in SSM Parameter Store and read at boot (a Beanstalk web service: environment properties). Default: none. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Env var -> reference resolved at boot, never a value: `database.writerEndpoint`, `database.readerEndpoint`,
   * `database.secretArn`, `database.name`, `cache.endpoint`, `cache.readerEndpoint`, `cache.user`, `queue.url`,
   * `ssm:/parameter/name` or a Secrets Manager secret ARN. On a Beanstalk web service, parameters and secrets are fetched
   * by Beanstalk at instance bootstrap (the environmentsecrets namespace). Default: none.
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The container an EKS service runs (`compute: "eks"`). Default: `eks.image` running the demo app. */
  readonly container?: ContainerConfig;
}

/** Same-region read replicas; the same shape as the Database construct's `readReplicas`. */
export interface ReadReplicaConfig {
  /**
   * Same-region replicas, spread over the AZs (0-5).
   * @asType integer
   * @minimum 0
   * @maximum 5
   */
  readonly count: number;
  /** Instance class for replicas. @default - the primary's */
  readonly instanceClass?: string;
}

/** The Database construct's settings; every field defaults as the construct documents (`DATABASE_DEFAULTS`). */
export interface DatabaseConfig {
  /** @default 'postgres' */
  readonly engine?: 'postgres' | 'mysql';
  /** Engine version; a major prefix (`16`, `8.0`) lets minor upgrades apply without drift. @default - '16' for postgres, '8.0' for mysql */
  readonly engineVersion?: string;
  /** Instance class of the primary, e.g. `db.r6g.large`. @default 'db.t4g.medium' */
  readonly instanceClass?: string;
  /** Database created on the primary. @default 'app' */
  readonly databaseName?: string;
  /** Master user; RDS generates and rotates its password in Secrets Manager. @default 'app_admin' */
  readonly masterUsername?: string;
  /** Initial gp3 storage in GiB (20-65536). @default 20 */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling in GiB. @default 100 */
  readonly maxAllocatedStorageGb?: number;
  /** Synchronous standby in another AZ (required in production). @default true */
  readonly multiAz?: boolean;
  /** Days of automated backups (0 disables; replicas and PITR need ≥ 1, production ≥ 7). @default 7 */
  readonly backupRetentionDays?: number;
  /** Daily UTC backup window, e.g. `02:00-03:00`. @default '02:00-03:00' */
  readonly backupWindow?: string;
  /** Weekly UTC maintenance window. @default 'sun:04:00-sun:05:00' */
  readonly maintenanceWindow?: string;
  /** Performance Insights (not on micro/small burstable classes). @default true */
  readonly performanceInsights?: boolean;
  /** Enhanced monitoring interval in seconds (0 disables). @default 60 */
  readonly monitoringIntervalSeconds?: number;
  /** Same-region read replicas. @default - none */
  readonly readReplicas?: ReadReplicaConfig;
}

/** The Cache construct's settings; `{}` is a two-node Valkey group with failover (`CACHE_DEFAULTS`). */
export interface CacheConfig {
  /** @default 'valkey' (costs less than Redis OSS) */
  readonly engine?: 'valkey' | 'redis';
  /** Engine version; IAM authentication needs Valkey 7.2+ or Redis OSS 7.0+. @default - '8.0' for valkey, '7.1' for redis */
  readonly engineVersion?: string;
  /** Node type, e.g. `cache.r7g.large`. @default 'cache.t4g.small' */
  readonly nodeType?: string;
  /** Nodes in the replication group (primary + replicas, 1-6). @default 2 */
  readonly nodes?: number;
  /** Promote a replica when the primary fails (needs 2+ nodes; required in production). @default true */
  readonly automaticFailover?: boolean;
  /** Days of daily snapshots (0-35). @default 3 */
  readonly snapshotRetentionDays?: number;
  /** Weekly UTC maintenance window. @default 'sun:05:00-sun:06:00' */
  readonly maintenanceWindow?: string;
  /** Daily UTC snapshot window. @default '03:00-04:00' */
  readonly snapshotWindow?: string;
}

/** The Queue construct's settings (`QUEUE_DEFAULTS`). */
export interface QueueConfig {
  /** Receives before a message moves to the dead-letter queue (1-1000). @default 5 */
  readonly maxReceiveCount?: number;
  /** FIFO ordering with content-based deduplication. @default false */
  readonly fifo?: boolean;
  /** Seconds a received message stays invisible; must cover every worker's processing time. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Retention of the main queue in seconds (60-1209600). @default 345600 (4 days) */
  readonly retentionSeconds?: number;
  /** Retention of the dead-letter queue in seconds, longer than the main queue's. @default 1209600 (14 days) */
  readonly deadLetterRetentionSeconds?: number;
}

export interface CdnConfig {
  /** Edge locations served: `PriceClass_100` (North America, Europe) is the cheapest. */
  readonly priceClass: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  /** Route dynamic paths to the ALB through CloudFront; the ALB then requires a secret origin header. */
  readonly albOrigin: boolean;
  /** Days before current static objects move to Glacier Instant Retrieval. */
  readonly glacierTransitionDays: number;
  /** Days before noncurrent object versions expire. */
  readonly noncurrentExpirationDays: number;
}

export interface WafConfig {
  /** Requests per 5 minutes from one IP before the rate rule blocks it. */
  readonly rateLimit: number;
  /** Retention of the WAF log group in days (a CloudWatch Logs retention value). */
  readonly logRetentionDays: number;
}

export interface DnsConfig {
  /** Public hosted zone id. */
  readonly hostedZoneId: string;
  /** Site domain, e.g. `shop.example.com`. */
  readonly domainName: string;
  /** Failover target when the primary health check fails. */
  readonly failover: 'maintenance-page' | 'none';
}

export interface DisasterRecoveryStandbyConfig {
  /**
   * Instances each DR Auto Scaling group keeps running under `warm-standby` (at most each service's capacity.max).
   * @asType integer
   * @minimum 1
   * @default 1
   */
  readonly min?: number;
}

export interface DisasterRecoveryConfig {
  /** Region of the cross-region read replica (and its KMS key), and of the standby app tier. */
  readonly region: string;
  /** CIDR of the DR region's VPC; must not overlap network.cidr so the two can be peered. Default `10.200.0.0/16`. */
  readonly cidr?: string;
  /**
   * What stands in the DR region: `backup-restore` (network, database replica, backup copies; the app tier is
   * rebuilt on failover), `pilot-light` (also the app tier at 0 instances: launch templates, Auto Scaling groups, ALB,
   * queues, parameters, replicated buckets) or `warm-standby` (the same, each group running `standby.min`).
   * Needs compute `ec2`.
   * @default 'backup-restore'
   */
  readonly strategy?: 'backup-restore' | 'pilot-light' | 'warm-standby';
  /** `warm-standby` only: what each DR group keeps running. */
  readonly standby?: DisasterRecoveryStandbyConfig;
}

export interface ProfileConfig {
  /** Profile and stack name. */
  readonly name: string;
  /** Who it is for, one line (shown in docs and the synthesized stack's description). */
  readonly description: string;
  /** dev, staging or production (production: deletion protection, final snapshots, stricter rules). */
  readonly environment: Environment;
  /** AWS region of the stack, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * Project tag and name prefix, lowercase letters, digits and dashes.
   * @pattern ^[a-z][a-z0-9-]{0,19}$
   */
  readonly project: string;
  /** `Owner` tag: who answers for the stack. */
  readonly owner: string;
  /** `CostCenter` tag for cost allocation. */
  readonly costCenter: string;
  /** VPC, subnets and NAT. */
  readonly network: NetworkConfig;
  /** The internet-facing ALB (`{}` takes every default). */
  readonly loadBalancer: LoadBalancerConfig;
  /**
   * Where the services run: `ec2` (an Auto Scaling group per service behind the stack's ALB), `eks`
   * (an EKS Auto Mode cluster; services become cdk8s manifests and EKS owns the Ingress ALB) or
   * `beanstalk` (an Elastic Beanstalk environment with its own ALB for the web service; workers stay on EC2
   * Auto Scaling).
   * @default 'ec2'
   */
  readonly compute?: 'ec2' | 'eks' | 'beanstalk';
  /** The cluster, required when `compute` is `eks`. */
  readonly eks?: EksConfig;
  /** The Beanstalk application, required when `compute` is `beanstalk`. */
  readonly beanstalk?: BeanstalkConfig;
  /** Web services behind the ALB and queue workers. */
  readonly services: readonly ServiceConfig[];
  /** RDS database. @default - none */
  readonly database?: DatabaseConfig;
  /** ElastiCache group. @default - none */
  readonly cache?: CacheConfig;
  /** SQS work queue with a dead-letter queue (needed by worker services). @default - none */
  readonly queue?: QueueConfig;
  /** Static assets bucket and CloudFront. @default - none */
  readonly cdn?: CdnConfig;
  /** WAF on the ALB (and CloudFront when there is one). @default - none */
  readonly waf?: WafConfig;
  /** Route 53 records, certificates and health-checked failover. @default - none */
  readonly dns?: DnsConfig;
  /** Cross-region database replica and backup copies. @default - none */
  readonly disasterRecovery?: DisasterRecoveryConfig;
  /** Audit trail, budgets and cost report, backups; alarms and the dashboard exist for every profile. */
  readonly operations?: OperationsConfig;
  /** Terraform state location. */
  readonly backend: BackendConfig;
  /**
   * AWS FIS experiment templates (terminate instances, AZ outage, database and cache failover) to rehearse
   * failures; `npm run drill -- <stack> <drill>` prints how to run one. Default: on unless production.
   */
  readonly failureDrills?: boolean;
  /** The Beanstalk web service's release pipeline (compute `beanstalk`, `deploy: 'blue-green'`); default: S3 source. */
  readonly delivery?: DeliveryConfig;
  /** Log-group retention in days (app, flow logs default). */
  readonly logRetentionDays: number;
}
