import type { Capacity, CpuAlarmOptions, ScheduledAction, WarmPoolOptions } from '../constructs/auto-scaling';
import type { CacheSettings } from '../constructs/cache';
import type { DatabaseSettings, ReadReplicaOptions } from '../constructs/database';
import type { QueueSettings } from '../constructs/queue';

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
  /** ACM certificate ARN in the stack's region; when set, HTTP redirects to HTTPS. @default - HTTP only */
  readonly certificateArn?: string;
  /** Seconds a target drains before it is deregistered (0-3600). @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /** Idle connection timeout in seconds (1-4000). @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** Write access logs to an S3 bucket the stack creates. @default true */
  readonly accessLogs?: boolean;
}

/** Size of an Auto Scaling group: the Service construct's `Capacity`. */
export type CapacityConfig = Capacity;

/** A recurring capacity change: the Service construct's `ScheduledAction`. */
export type ScheduledScalingConfig = ScheduledAction;

/** High/low CPU alarms with step scaling: the Service construct's `CpuAlarmOptions`. */
export type CpuAlarmConfig = CpuAlarmOptions;

/** Pre-initialized instances: the Service construct's `WarmPoolOptions`. */
export type WarmPoolConfig = WarmPoolOptions;

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
}

/** Same-region read replicas `{ count, instanceClass }`: the Database construct's own shape. */
export type ReadReplicaConfig = ReadReplicaOptions;

/** The Database construct's settings, documented (with every default) once, on the construct. */
export type DatabaseConfig = DatabaseSettings;

/** The Cache construct's settings; `{}` is a two-node Valkey group with failover. */
export type CacheConfig = CacheSettings;

/** The Queue construct's settings. */
export type QueueConfig = QueueSettings;

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
  /** Log-group retention in days (app, flow logs default). */
  readonly logRetentionDays: number;
}
