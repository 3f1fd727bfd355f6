/**
 * Typed configuration: what a profile fills in. Optional fields take the construct's documented default
 * (one place: the construct's props and its `*_DEFAULTS`), and the stacks pass them through unchanged.
 */

/** How much is at stake: production turns on deletion protection, final snapshots and longer retention. */
export type Environment = 'dev' | 'staging' | 'production';

export interface NetworkConfig {
  /** VPC CIDR, e.g. `10.20.0.0/16`. Subnets for every tier and AZ are carved from it. */
  readonly cidr: string;
  /** Number of Availability Zones (2 to 6). */
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
  /** Seconds a target drains before it is deregistered (0-3600). @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /** Idle connection timeout in seconds (1-4000). @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** Write access logs to an S3 bucket the stack creates. @default true */
  readonly accessLogs?: boolean;
}

export interface CapacityConfig {
  /** Instances the group never goes below (production web services: at least 2). */
  readonly min: number;
  /** Instances the group never goes above (1-1000, at least min). */
  readonly max: number;
  /** Initial desired capacity; scaling policies own it after creation. */
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
  /** Port the app listens on (1024-65535, the app runs unprivileged). */
  readonly appPort: number;
  /** Health-check path; must start with '/'. @default '/health' */
  readonly healthCheckPath?: string;
  /** Size of the Auto Scaling group. */
  readonly capacity: CapacityConfig;
  /** Target average CPU percent for target tracking. @default 50 */
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
  /** Minimum healthy percentage during an instance refresh (100 launches replacements first). @default 90 */
  readonly minHealthyPercentage?: number;
  /** Root volume size in GiB (8-16384). @default 20 */
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
   * - `blue-green`: a CodePipeline (source -> CodeBuild -> CodeDeploy) copies the Auto Scaling group per
   *   release, shifts the target group to the new fleet and rolls back on failure or on the stack's alarms.
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
}

/** Release pipelines of the `blue-green` services. */
export interface DeliveryConfig {
  /** Minutes the old fleet keeps running after traffic moved to the new one (instant rollback window). */
  readonly keepOldFleetMinutes: number;
  /** Build and release from a repository through a CodeStar connection; default: an S3 upload starts a release. */
  readonly connection?: {
    /** CodeStar (CodeConnections) connection ARN, authorized once in the console. */
    readonly connectionArn: string;
    /** `owner/name` of the application repository. */
    readonly repository: string;
    /** Branch whose pushes start a release, e.g. `main`. */
    readonly branch: string;
  };
}

/** How a Beanstalk environment takes a new application version. */
export type BeanstalkDeployment = 'blue-green' | 'immutable' | 'rolling-with-additional-batch';

/** The Elastic Beanstalk application that runs the web service when `compute` is `beanstalk`. */
export interface BeanstalkConfig {
  /** Managed platform: Python 3.12 or Docker, both on Amazon Linux 2023. */
  readonly platform: 'python' | 'docker';
  /**
   * `latest` looks the newest matching solution stack up at plan time; `pinned` uses the name Stormproof
   * pins (for a region or mock without the lookup); any other value is a full solution-stack name.
   */
  readonly solutionStack: 'latest' | 'pinned' | string;
  /**
   * `blue-green`: two environments, releases go to the idle one and `npm run bluegreen -- <stack> swap` swaps
   * their CNAMEs; `immutable`: one environment, each release on a fresh Auto Scaling group; `rolling-with-additional-batch`:
   * one environment, batches replaced after an extra batch starts (cheapest with full capacity).
   */
  readonly deployment: BeanstalkDeployment;
  /** Application versions kept (older ones are deleted with their S3 bundle). */
  readonly versionsToKeep: number;
  /** Weekly window for managed platform updates, e.g. `Sun:04:00` (UTC). */
  readonly platformUpdateWindow: string;
}

/** Same-region read replicas; the same shape as the Database construct's `readReplicas`. */
export interface ReadReplicaConfig {
  /** Same-region replicas, spread over the AZs (0-5). */
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

export interface DisasterRecoveryConfig {
  /** Region of the cross-region read replica (and its KMS key). */
  readonly region: string;
  /** CIDR of the DR region's VPC; must not overlap network.cidr so the two can be peered. Default `10.200.0.0/16`. */
  readonly cidr?: string;
}

export interface BackupConfig {
  /** Days daily recovery points are kept. */
  readonly dailyRetentionDays: number;
  /** Days monthly recovery points are kept (at least coldStorageAfterDays + 90). */
  readonly monthlyRetentionDays: number;
  /** Days before monthly recovery points move to cold storage where the resource type supports it. */
  readonly coldStorageAfterDays: number;
}

export interface OperationsConfig {
  /** Addresses for alarms, budget alerts and the daily cost-anomaly report (each confirms by e-mail). */
  readonly alertEmails: readonly string[];
  /** Monthly budget in USD for resources tagged with this profile's project. */
  readonly monthlyBudgetUsd: number;
  /** A multi-region CloudTrail trail with encrypted, validated logs archived to Glacier. */
  readonly auditTrail: boolean;
  /** AWS Backup of the database, copied to the DR region when there is one. */
  readonly backup?: BackupConfig;
}

export interface BackendConfig {
  /** Where Terraform keeps state: a local file, or the S3 bucket of the bootstrap stack. */
  readonly type: 'local' | 's3';
  /** S3 state bucket (s3 backend). */
  readonly bucket?: string;
  /** Region of the state bucket (s3 backend). */
  readonly region?: string;
  /** Key prefix; the key is `<prefix>/<stack>.tfstate`. */
  readonly keyPrefix?: string;
  /**
   * Encrypt the state object at rest (state holds resource attributes, some of them sensitive).
   * @default true
   */
  readonly encrypt?: boolean;
}

/** What one pod asks for (requests) and may use (limits) on an EKS node. */
export interface PodResourcesConfig {
  /** CPU request in millicores, e.g. 250; the HPA's CPU target is a percent of it. */
  readonly cpuMillis: number;
  /** Memory request (and limit: memory is not compressible) in MiB, e.g. 256. */
  readonly memoryMiB: number;
  /** CPU limit in millicores (>= cpuMillis); bursts above the request are throttled here. */
  readonly cpuLimitMillis: number;
}

/** One EKS managed node group, spread over every AZ's private app subnets. */
export interface EksNodeGroupConfig {
  /** EC2 instance types, e.g. `["m6i.large"]`; Spot groups should list several of the same size. */
  readonly instanceTypes: readonly string[];
  readonly min: number;
  readonly max: number;
  /** Initial size; the Cluster Autoscaler owns it afterwards (changes are ignored). */
  readonly desired: number;
  /** Root volume (gp3, encrypted) in GiB. */
  readonly diskGb: number;
}

/** Versions of the EKS managed add-ons, pinned (`aws eks describe-addon-versions --kubernetes-version <v>`). */
export interface EksAddonVersions {
  readonly vpcCni: string;
  readonly coredns: string;
  readonly kubeProxy: string;
  readonly podIdentityAgent: string;
}

/** The EKS cluster that runs the services when `compute` is `eks`. */
export interface EksConfig {
  /** Kubernetes minor, e.g. `1.33`; the cdk8s-plus and kubernetes-validate schemas match it. */
  readonly version: string;
  /** CIDRs that may reach the public API endpoint; empty turns the public endpoint off (private only). */
  readonly publicAccessCidrs: readonly string[];
  /** Retention of the control-plane log group (`/aws/eks/<cluster>/cluster`) in days. */
  readonly logRetentionDays: number;
  /** The on-demand baseline node group. */
  readonly onDemand: EksNodeGroupConfig;
  /** An optional Spot node group for burst capacity (interruptions are absorbed by PDBs and spread). */
  readonly spot?: EksNodeGroupConfig;
  readonly addons: EksAddonVersions;
  /** IAM role names (this account) given cluster-admin through EKS access entries (no aws-auth ConfigMap). */
  readonly adminRoleNames: readonly string[];
  /** IAM role names (this account) given read-only cluster access. */
  readonly viewerRoleNames: readonly string[];
  /** Kubernetes namespace of the services. */
  readonly namespace: string;
  /** Container image that runs the demo app (a Python 3 image; the app comes from a ConfigMap). */
  readonly image: string;
  /** Pod requests/limits for services that set no `pod`. */
  readonly defaultPod: PodResourcesConfig;
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
  /** Project tag and name prefix, lowercase letters, digits and dashes. */
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
   * (an EKS cluster; services become cdk8s manifests and the AWS Load Balancer Controller owns the ALB) or
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
  /** Release pipelines for `deploy: 'blue-green'` services; default: 60 minutes of old fleet, S3 source. */
  readonly delivery?: DeliveryConfig;
  /** Log-group retention in days (app, flow logs default). */
  readonly logRetentionDays: number;
}
