import { Construct } from 'constructs';
import { awsAccount } from '../util/aws-account';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener, LbListenerDefaultAction } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule, LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { Firewall } from './firewall';
import { denyInsecureTransport, policyDocument } from './iam';

/** A header the ALB requires before it forwards anything (e.g. CloudFront's secret origin header). */
export interface RequiredHeader {
  /** Header name, e.g. `X-Origin-Verify`. */
  readonly name: string;
  /** Exact value the header must carry. */
  readonly value: string;
}

export interface LoadBalancerProps {
  /** Name prefix for the ALB, its security group, target groups and log bucket (ALB names: max 28 chars here). */
  readonly name: string;
  readonly vpcId: string;
  /** Public subnets, one per AZ: the ALB gets a node in each. */
  readonly publicSubnetIds: string[];
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

/** Health-check tuning of a target group. */
export interface HealthCheckOptions {
  /** @default 15 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 2 - a fresh instance takes traffic after two good checks */
  readonly healthyThreshold?: number;
  /** @default 3 - one slow answer does not evict an instance */
  readonly unhealthyThreshold?: number;
}

export interface AddServiceOptions {
  /** Target group name (truncated to 32 characters), e.g. `cafe-production-web`. */
  readonly name: string;
  /** Instance port the service listens on (ignored with `targetGroup`). */
  readonly port?: number;
  /**
   * Health-check path answered with 200 (ignored with `targetGroup`).
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * Path patterns routed to the service; `/*` makes it the listener's default.
   * @default ['/*']
   */
  readonly pathPatterns?: string[];
  /**
   * Listener-rule priority (1-50000, lower wins).
   * @default - 100, 110, 120... in the order services are added; 50000 for a `/*` catch-all rule
   */
  readonly priority?: number;
  /**
   * An existing target group to route to instead of creating one.
   * @default - a new instance target group on `port`
   */
  readonly targetGroup?: LbTargetGroup;
  /** @default - the load balancer's deregistrationDelaySeconds */
  readonly deregistrationDelaySeconds?: number;
  /** @default - see HealthCheckOptions */
  readonly healthCheck?: HealthCheckOptions;
}

/** What a service needs after registering: its target group and the label for request-count scaling. */
export interface AlbTarget {
  readonly targetGroup: LbTargetGroup;
  readonly targetGroupArn: string;
  /** `targetgroup/<name>/<id>`, the CloudWatch dimension of the target group. */
  readonly targetGroupArnSuffix: string;
  /** `<alb arn suffix>/<target group arn suffix>`, the resource label of ALBRequestCountPerTarget. */
  readonly requestCountResourceLabel: string;
}

const CATCH_ALL = '/*';

/**
 * Internet-facing Application Load Balancer over the public subnets of every AZ: HTTP (redirecting to
 * HTTPS when a certificate is given), invalid headers dropped, access logs to a locked-down bucket.
 * Services register with `addService`, which creates their target group and routing.
 */
export class LoadBalancer extends Construct {
  readonly alb: Lb;
  readonly arn: string;
  /** `app/<name>/<id>`, the CloudWatch dimension `LoadBalancer`. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  /** Route 53 hosted zone of the ALB, for alias records. */
  readonly zoneId: string;
  /** The ALB's security group; services call `connectFrom(loadBalancer.firewall, port)`. */
  readonly firewall: Firewall;
  /** Port-80 listener: redirects to HTTPS when there is a certificate, else routes. */
  readonly httpListener: LbListener;
  /** Port-443 listener when a certificate is given. */
  readonly httpsListener?: LbListener;
  /** The listener that routes to services (HTTPS when present, else HTTP). */
  readonly listener: LbListener;
  /** `https` with a certificate, else `http`. */
  readonly protocol: 'http' | 'https';
  readonly logBucket?: S3Bucket;
  readonly requiredHeader?: RequiredHeader;

  private readonly vpcId: string;
  private readonly deregistrationDelay: number;
  private readonly usedPriorities = new Set<number>();
  private nextPriority = 100;
  private hasDefaultService = false;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    if (props.publicSubnetIds.length < 2) {
      throw new Error(`LoadBalancer ${props.name}: publicSubnetIds has ${props.publicSubnetIds.length} subnet(s); an ALB needs at least 2 AZs`);
    }
    if (props.requiredHeader && !/^[A-Za-z0-9-]{1,40}$/.test(props.requiredHeader.name)) {
      throw new Error(`LoadBalancer ${props.name}: requiredHeader.name "${props.requiredHeader.name}" must be 1-40 letters, digits or dashes`);
    }
    this.vpcId = props.vpcId;
    this.deregistrationDelay = props.deregistrationDelaySeconds ?? 30;
    this.requiredHeader = props.requiredHeader;
    const https = props.certificateArn !== undefined;
    this.protocol = https ? 'https' : 'http';

    this.firewall = new Firewall(this, 'firewall', {
      name: `${props.name}-alb`,
      vpcId: props.vpcId,
      description: `Internet-facing ALB of ${props.name}: HTTP${https ? '/HTTPS' : ''} in, app ports out`,
    });
    this.firewall.allowFromCidr('0.0.0.0/0', 80, 'HTTP from the internet');
    // Only open 443 when something listens on it.
    if (https) this.firewall.allowFromCidr('0.0.0.0/0', 443, 'HTTPS from the internet');

    const logPrefix = 'alb';
    let logPolicy: S3BucketPolicy | undefined;
    if (props.accessLogs ?? true) {
      const logs = this.createLogBucket(props, logPrefix);
      this.logBucket = logs.bucket;
      logPolicy = logs.policy;
    }

    this.alb = new Lb(this, 'alb', {
      name: `${props.name}-alb`.slice(0, 32),
      loadBalancerType: 'application',
      internal: false,
      subnets: props.publicSubnetIds,
      securityGroups: [this.firewall.id],
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      enableDeletionProtection: props.deletionProtection ?? false,
      accessLogs: this.logBucket ? { bucket: this.logBucket.id, prefix: logPrefix, enabled: true } : undefined,
      tags: { Name: `${props.name}-alb` },
      // The ALB checks it can write to the bucket when logging is turned on.
      dependsOn: logPolicy ? [logPolicy] : undefined,
    });
    this.arn = this.alb.arn;
    this.arnSuffix = this.alb.arnSuffix;
    this.dnsName = this.alb.dnsName;
    this.zoneId = this.alb.zoneId;

    // Until a service claims `/*` (or always, when a header is required) unmatched requests get a fixed answer.
    const fallback: LbListenerDefaultAction = props.requiredHeader
      ? { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '403', messageBody: 'Forbidden' } }
      : { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404', messageBody: 'Not found' } };

    if (https) {
      this.httpsListener = new LbListener(this, 'https', {
        loadBalancerArn: this.alb.arn,
        port: 443,
        protocol: 'HTTPS',
        sslPolicy: props.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        certificateArn: props.certificateArn,
        defaultAction: [fallback],
        tags: { Name: `${props.name}-https` },
      });
      this.httpListener = new LbListener(this, 'http', {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
        tags: { Name: `${props.name}-http-redirect` },
      });
      this.listener = this.httpsListener;
    } else {
      this.httpListener = new LbListener(this, 'http', {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [fallback],
        tags: { Name: `${props.name}-http` },
      });
      this.listener = this.httpListener;
    }
  }

  /**
   * CloudWatch dimensions for AWS/ApplicationELB metrics: the load balancer's, plus the target group's
   * when given (e.g. HTTPCode_Target_5XX_Count per service, UnHealthyHostCount).
   */
  metricDimensions(target?: AlbTarget): Record<string, string> {
    return target ? { LoadBalancer: this.arnSuffix, TargetGroup: target.targetGroupArnSuffix } : { LoadBalancer: this.arnSuffix };
  }

  /** The site's base URL (`https://<dns>` with a certificate, else `http://<dns>`). */
  get url(): string {
    return `${this.protocol}://${this.dnsName}`;
  }

  /**
   * Registers a service: creates its target group (unless given) and routes `pathPatterns` to it, through
   * the listener's default action for `/*` or a listener rule otherwise. With `requiredHeader` every route
   * is a rule that also matches the header, and the default stays 403.
   */
  addService(options: AddServiceOptions): AlbTarget {
    const patterns = options.pathPatterns ?? [CATCH_ALL];
    if (patterns.length === 0 || patterns.length > 5) {
      throw new Error(`LoadBalancer.addService(${options.name}): pathPatterns has ${patterns.length} entries; give 1-5 (one ALB condition)`);
    }
    patterns.forEach((p) => {
      if (!p.startsWith('/')) throw new Error(`LoadBalancer.addService(${options.name}): path pattern "${p}" must start with '/'`);
    });
    const catchAll = patterns.includes(CATCH_ALL);
    if (catchAll && this.hasDefaultService) {
      throw new Error(`LoadBalancer.addService(${options.name}): another service already routes "/*"; give this one narrower pathPatterns`);
    }
    const healthPath = options.healthCheckPath ?? '/health';
    if (!healthPath.startsWith('/')) {
      throw new Error(`LoadBalancer.addService(${options.name}): healthCheckPath "${healthPath}" must start with '/'`);
    }

    let targetGroup = options.targetGroup;
    if (!targetGroup) {
      if (options.port === undefined) throw new Error(`LoadBalancer.addService(${options.name}): give port or targetGroup`);
      const hc = options.healthCheck ?? {};
      const tgName = options.name.slice(0, 32).replace(/-+$/, '');
      targetGroup = new LbTargetGroup(this, `tg-${options.name}`, {
        name: tgName,
        vpcId: this.vpcId,
        port: options.port,
        protocol: 'HTTP',
        targetType: 'instance',
        deregistrationDelay: String(options.deregistrationDelaySeconds ?? this.deregistrationDelay),
        healthCheck: {
          enabled: true,
          path: healthPath,
          port: 'traffic-port',
          protocol: 'HTTP',
          matcher: '200',
          interval: hc.intervalSeconds ?? 15,
          timeout: hc.timeoutSeconds ?? 5,
          healthyThreshold: hc.healthyThreshold ?? 2,
          unhealthyThreshold: hc.unhealthyThreshold ?? 3,
        },
        tags: { Name: tgName },
      });
    }
    const forward = { type: 'forward', targetGroupArn: targetGroup.arn };

    if (catchAll && !this.requiredHeader) {
      this.listener.putDefaultAction([forward]);
    } else {
      const priority = this.claimPriority(options, catchAll);
      const conditions: LbListenerRuleCondition[] = [{ pathPattern: { values: patterns } }];
      if (this.requiredHeader) {
        conditions.push({ httpHeader: { httpHeaderName: this.requiredHeader.name, values: [this.requiredHeader.value] } });
      }
      new LbListenerRule(this, `rule-${options.name}`, {
        listenerArn: this.listener.arn,
        priority,
        action: [forward],
        condition: conditions,
        tags: { Name: `${options.name}-route` },
      });
    }
    if (catchAll) this.hasDefaultService = true;

    return {
      targetGroup,
      targetGroupArn: targetGroup.arn,
      targetGroupArnSuffix: targetGroup.arnSuffix,
      requestCountResourceLabel: `${this.arnSuffix}/${targetGroup.arnSuffix}`,
    };
  }

  private claimPriority(options: AddServiceOptions, catchAll: boolean): number {
    let priority = options.priority;
    if (priority === undefined) {
      if (catchAll) {
        priority = 50000;
      } else {
        while (this.usedPriorities.has(this.nextPriority)) this.nextPriority += 10;
        priority = this.nextPriority;
        this.nextPriority += 10;
      }
    }
    if (!Number.isInteger(priority) || priority < 1 || priority > 50000) {
      throw new Error(`LoadBalancer.addService(${options.name}): priority (${priority}) must be a whole number 1-50000`);
    }
    if (this.usedPriorities.has(priority)) {
      throw new Error(`LoadBalancer.addService(${options.name}): priority ${priority} is already used; pick another`);
    }
    this.usedPriorities.add(priority);
    return priority;
  }

  private createLogBucket(props: LoadBalancerProps, prefix: string): { bucket: S3Bucket; policy: S3BucketPolicy } {
    // Bucket names are global: a prefix plus Terraform's unique suffix avoids collisions (prefix max 37 chars).
    const bucket = new S3Bucket(this, 'access-logs', {
      bucketPrefix: `${props.name}-alb-logs-`.slice(0, 37),
      forceDestroy: props.forceDestroyLogs ?? false,
      tags: { Name: `${props.name}-alb-logs` },
    });
    new S3BucketPublicAccessBlock(this, 'access-logs-public-access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'access-logs-ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    // ALB log delivery supports only SSE-S3 (AES256), not KMS.
    new S3BucketServerSideEncryptionConfigurationA(this, 'access-logs-encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketVersioningA(this, 'access-logs-versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'access-logs-lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.accessLogRetentionDays ?? 90 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 7 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });

    const account = awsAccount(this);
    // Regions from before August 2022 deliver as the regional ELB account; newer ones as the service principal.
    const elbAccount = new DataAwsElbServiceAccount(this, 'elb-account');
    const logObjects = `${bucket.arn}/${prefix}/AWSLogs/${account.accountId}/*`;
    const policy = new S3BucketPolicy(this, 'access-logs-policy', {
      bucket: bucket.id,
      policy: policyDocument(
        denyInsecureTransport('s3:*', [bucket.arn, `${bucket.arn}/*`]),
        { Sid: 'ElbAccountDelivery', Effect: 'Allow', Principal: { AWS: elbAccount.arn }, Action: 's3:PutObject', Resource: logObjects },
        {
          Sid: 'ElbServiceDelivery',
          Effect: 'Allow',
          Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: logObjects,
        },
      ),
    });
    return { bucket, policy };
  }
}
