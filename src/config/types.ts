/**
 * Typed configuration: the one source of truth a profile fills in and the stacks map onto construct props.
 * Constructs never read this file's types directly; stacks translate config into each construct's props.
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
  /** ACM certificate ARN in the stack's region; when set, HTTP redirects to HTTPS. */
  readonly certificateArn?: string;
  /** Seconds a target drains before it is deregistered. */
  readonly deregistrationDelaySeconds: number;
  /** Idle connection timeout in seconds. */
  readonly idleTimeoutSeconds: number;
  /** Write access logs to an S3 bucket the stack creates. */
  readonly accessLogs: boolean;
}

export interface CapacityConfig {
  readonly min: number;
  readonly max: number;
  /** Initial desired capacity; scaling policies own it after creation. */
  readonly desired: number;
}

export interface ScheduledScalingConfig {
  /** Name of the action, e.g. `before-tv-show`. */
  readonly name: string;
  /** Cron expression in `timeZone`, e.g. `30 19 * * 5`. */
  readonly recurrence: string;
  readonly timeZone?: string;
  readonly min?: number;
  readonly max?: number;
  readonly desired?: number;
}

export interface CpuAlarmConfig {
  /** Alarm (and simple scale-out) when average CPU is at or above this percent. */
  readonly highPercent: number;
  /** Alarm (and simple scale-in) when average CPU is at or below this percent. */
  readonly lowPercent: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

export interface WarmPoolConfig {
  readonly minSize: number;
  readonly state: 'Stopped' | 'Running' | 'Hibernated';
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
  /** Port the app listens on. */
  readonly appPort: number;
  /** Health-check path; must start with '/'. */
  readonly healthCheckPath: string;
  readonly capacity: CapacityConfig;
  /** Target average CPU percent for target tracking. */
  readonly cpuTargetPercent: number;
  /** Target ALB requests per target per minute (web services). */
  readonly requestsPerTarget?: number;
  /** Acceptable SQS backlog per instance (worker services). */
  readonly backlogPerInstance?: number;
  /** Seconds a worker takes to process one message (worker services). */
  readonly processingTimeSeconds?: number;
  /** Seconds before ELB health checks count after launch. */
  readonly healthCheckGraceSeconds: number;
  /** Seconds a new instance needs before its metrics count for scaling. */
  readonly warmupSeconds: number;
  /** Minimum healthy percentage during an instance refresh. */
  readonly minHealthyPercentage: number;
  readonly rootVolumeGb: number;
  readonly schedules?: readonly ScheduledScalingConfig[];
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

export interface ReadReplicaConfig {
  /** Same-region replicas, spread over the AZs. */
  readonly count: number;
  /** Instance class for replicas; defaults to the primary's. */
  readonly instanceClass?: string;
}

export interface DatabaseConfig {
  readonly engine: 'postgres' | 'mysql';
  /** Engine version, e.g. `16.4` or `8.0.39`. */
  readonly engineVersion: string;
  /** Instance class, e.g. `db.t4g.medium`. */
  readonly instanceClass: string;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly allocatedStorageGb: number;
  /** Storage autoscaling ceiling. */
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  /** Days of automated backups (0 disables; replicas and PITR need ≥ 1). */
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly performanceInsights: boolean;
  /** Enhanced monitoring interval in seconds (0 disables). */
  readonly monitoringIntervalSeconds: number;
  readonly readReplicas: ReadReplicaConfig;
}

export interface CacheConfig {
  readonly engine: 'valkey' | 'redis';
  readonly engineVersion: string;
  readonly nodeType: string;
  /** Nodes in the replication group (primary + replicas). */
  readonly nodes: number;
  readonly automaticFailover: boolean;
  readonly snapshotRetentionDays: number;
  readonly maintenanceWindow: string;
  readonly snapshotWindow: string;
}

export interface QueueConfig {
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly fifo: boolean;
  /** Seconds a received message stays invisible; must cover every worker's processing time. */
  readonly visibilityTimeoutSeconds: number;
  /** Retention of the main queue in seconds. */
  readonly retentionSeconds: number;
  /** Retention of the dead-letter queue in seconds (longer than the main queue). */
  readonly deadLetterRetentionSeconds: number;
}

export interface CdnConfig {
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
  readonly type: 'local' | 's3';
  /** S3 state bucket (s3 backend). */
  readonly bucket?: string;
  readonly region?: string;
  /** Key prefix; the key is `<prefix>/<stack>.tfstate`. */
  readonly keyPrefix?: string;
  /**
   * Encrypt the state object at rest (state holds resource attributes, some of them sensitive).
   * @default true
   */
  readonly encrypt?: boolean;
}

export interface ProfileConfig {
  /** Profile and stack name. */
  readonly name: string;
  /** Who it is for, one line (shown in docs and the synthesized stack's description). */
  readonly description: string;
  readonly environment: Environment;
  readonly region: string;
  /** Project tag and name prefix, lowercase letters, digits and dashes. */
  readonly project: string;
  readonly owner: string;
  readonly costCenter: string;
  readonly network: NetworkConfig;
  readonly loadBalancer: LoadBalancerConfig;
  readonly services: readonly ServiceConfig[];
  /** Stateful tier; absent profiles have none. */
  readonly database?: DatabaseConfig;
  readonly cache?: CacheConfig;
  readonly queue?: QueueConfig;
  readonly cdn?: CdnConfig;
  readonly waf?: WafConfig;
  readonly dns?: DnsConfig;
  readonly disasterRecovery?: DisasterRecoveryConfig;
  /** Audit trail, budgets and cost report, backups; alarms and the dashboard exist for every profile. */
  readonly operations?: OperationsConfig;
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
