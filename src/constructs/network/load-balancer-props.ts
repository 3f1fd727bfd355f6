import type { Firewall } from '../shared/firewall';
import type { PrivateBucket } from '../shared/private-bucket';
/** The LoadBalancer construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** A header the ALB requires before it forwards anything (e.g. CloudFront's secret origin header). */
export interface RequiredHeader {
  /** Header name, e.g. `X-Origin-Verify`. */
  readonly name: string;
  /** Exact value the header must carry. */
  readonly value: string;
}

/** Defaults of LoadBalancerProps that config may leave out. */
export const LOAD_BALANCER_DEFAULTS = { deregistrationDelaySeconds: 30, idleTimeoutSeconds: 60, accessLogs: true, accessLogPrefix: 'alb' };

export interface LoadBalancerProps {
  /** Name prefix for the ALB, its security group, target groups and log bucket (ALB names: max 28 chars here). */
  readonly name: string;
  readonly vpcId: string;
  /**
   * An existing security group to use instead of creating one (`Firewall.fromSecurityGroupId(scope, id, 'sg-...')`,
   * or another construct's firewall to share it). `connections` still writes the rules this construct needs on it.
   * @default - a new group that admits the listener ports from `reachableFrom`
   */
  readonly securityGroup?: Firewall;
  /** Public subnets, one per AZ: the ALB gets a node in each. */
  readonly publicSubnetIds: string[];
  /**
   * Private subnets, one per AZ, for an internal ALB with no public address (reached through a
   * CloudFront VPC origin); `publicSubnetIds` is then not used.
   * @default - internet-facing in `publicSubnetIds`
   */
  readonly internalSubnetIds?: string[];
  /**
   * Who may connect: `internet` admits 0.0.0.0/0 on 80 (and 443 with a certificate); `cloudfront` admits
   * only CloudFront's managed origin-facing prefix list, on the serving port only (443 with a certificate,
   * else 80: the list weighs about 55 rules against the group's quota of 60, so it fits once).
   * @default 'internet'
   */
  readonly reachableFrom?: 'internet' | 'cloudfront';
  /**
   * ACM certificate ARN in the stack's region: adds an HTTPS listener and turns HTTP into a redirect.
   * @default - no HTTPS listener; the HTTP listener forwards
   */
  readonly certificateArn?: string;
  /**
   * TLS policy of the HTTPS listener.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' (TLS 1.3 and 1.2 only)
   */
  readonly sslPolicy?: string;
  /**
   * Idle connection timeout in seconds.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * Refuse `terraform destroy` / API deletion of the ALB.
   * @default false - the stack turns it on for production
   */
  readonly deletionProtection?: boolean;
  /**
   * Write access logs to an S3 bucket this construct creates (SSE-S3: ALB log delivery cannot use KMS).
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * A bucket of your own for the access logs (e.g. one log bucket shared by several load balancers), used instead of
   * creating one; its policy is extended to admit ELB log delivery under `accessLogPrefix`. It must use SSE-S3 (no
   * KMS key). Needs `accessLogs` on; `accessLogRetentionDays` and `forceDestroyLogs` then do not apply (its own lifecycle rules do).
   * @default - a bucket this construct creates when `accessLogs` is on
   */
  readonly accessLogBucket?: PrivateBucket;
  /**
   * Key prefix of the access logs in the bucket (ELB appends `/AWSLogs/<account>/...`).
   * @default 'alb'
   */
  readonly accessLogPrefix?: string;
  /**
   * Days before access-log objects expire.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Let `terraform destroy` empty and delete the log bucket.
   * @default false - logs outlive the stack
   */
  readonly forceDestroyLogs?: boolean;
  /**
   * Seconds a target drains before it is deregistered (default for every target group).
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Forward only requests carrying this header; everything else gets a fixed 403.
   * @default - no header required
   */
  readonly requiredHeader?: RequiredHeader;
}
