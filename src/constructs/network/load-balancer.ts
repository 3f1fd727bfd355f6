import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener, LbListenerDefaultAction } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule, LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { Connections, Firewall, IConnectable } from '../shared/firewall';
import { metric, Metric, MetricOptions } from '../shared/metric';
import { PrivateBucket } from '../shared/private-bucket';
import { AddServiceOptions, AlbTarget, createTargetGroup } from './target-group';

export type { AddServiceOptions, AlbTarget, HealthCheckOptions } from './target-group';
import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list';
import { LOAD_BALANCER_DEFAULTS, LoadBalancerProps, RequiredHeader } from './load-balancer-props';
import { TARGET_GROUP_DEFAULTS } from './target-group-props';
import { fitName, fitNamePrefix } from '../../util/names';

export { LOAD_BALANCER_DEFAULTS } from './load-balancer-props';
export type { LoadBalancerProps, RequiredHeader } from './load-balancer-props';

const CATCH_ALL = '/*';

/**
 * Application Load Balancer over every AZ, internet-facing in the public subnets (or internal in private
 * ones, behind a CloudFront VPC origin): HTTP (redirecting to
 * HTTPS when a certificate is given), invalid headers dropped, access logs to a locked-down bucket.
 * Services register with `addService`, which creates their target group and routing.
 */
export class LoadBalancer extends Construct implements IConnectable {
  readonly alb: Lb;
  readonly arn: string;
  /** `app/<name>/<id>`, the CloudWatch dimension `LoadBalancer`. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  /** Route 53 hosted zone of the ALB, for alias records. */
  readonly zoneId: string;
  /** The ALB's security group. */
  readonly firewall: Firewall;
  /** The ALB's firewall on its listener port: a service admits it with `connections.allowDefaultPortFrom(loadBalancer)`. */
  readonly connections: Connections;
  /** Port-80 listener: redirects to HTTPS when there is a certificate, else routes. */
  readonly httpListener: LbListener;
  /** Port-443 listener when a certificate is given. */
  readonly httpsListener?: LbListener;
  /** The listener that routes to services (HTTPS when present, else HTTP). */
  readonly listener: LbListener;
  /** `https` with a certificate, else `http`. */
  readonly protocol: 'http' | 'https';
  /** True when the ALB sits in private subnets with no public address. */
  readonly internal: boolean;
  readonly logBucket?: PrivateBucket;
  readonly requiredHeader?: RequiredHeader;

  private readonly vpcId: string;
  private readonly deregistrationDelay: number;
  private readonly usedPriorities = new Set<number>();
  private nextPriority = 100;
  private hasDefaultService = false;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const internal = props.internalSubnetIds !== undefined;
    const subnetIds = props.internalSubnetIds ?? props.publicSubnetIds;
    if (subnetIds.length < 2) {
      const field = internal ? 'internalSubnetIds' : 'publicSubnetIds';
      throw new Error(`LoadBalancer ${props.name}: ${field} has ${subnetIds.length} subnet(s); an ALB needs at least 2 AZs`);
    }
    if (props.requiredHeader && !/^[A-Za-z0-9-]{1,40}$/.test(props.requiredHeader.name)) {
      throw new Error(`LoadBalancer ${props.name}: requiredHeader.name "${props.requiredHeader.name}" must be 1-40 letters, digits or dashes`);
    }
    this.vpcId = props.vpcId;
    this.deregistrationDelay = props.deregistrationDelaySeconds ?? LOAD_BALANCER_DEFAULTS.deregistrationDelaySeconds;
    this.requiredHeader = props.requiredHeader;
    const https = props.certificateArn !== undefined;
    this.protocol = https ? 'https' : 'http';
    this.internal = internal;
    const fromCloudFront = props.reachableFrom === 'cloudfront';

    this.firewall = props.securityGroup ?? new Firewall(this, 'firewall', {
      name: `${props.name}-alb`,
      vpcId: props.vpcId,
      description: fromCloudFront
        ? `${internal ? 'Internal' : 'Public'} ALB of ${props.name}: ${https ? 'HTTPS' : 'HTTP'} from CloudFront only, app ports out`
        : `Internet-facing ALB of ${props.name}: HTTP${https ? '/HTTPS' : ''} in, app ports out`,
    });
    this.connections = new Connections(this.firewall, https ? 443 : 80);
    this.admitViewers(fromCloudFront, https);

    const logPrefix = props.accessLogPrefix ?? LOAD_BALANCER_DEFAULTS.accessLogPrefix;
    const accessLogs = props.accessLogs ?? LOAD_BALANCER_DEFAULTS.accessLogs;
    if (props.accessLogBucket && !accessLogs) {
      throw new Error(`LoadBalancer ${props.name}: accessLogBucket is given but accessLogs is false: remove accessLogBucket or turn accessLogs on`);
    }
    if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(logPrefix) || /AWSLogs/i.test(logPrefix)) {
      throw new Error(`LoadBalancer ${props.name}: accessLogPrefix "${logPrefix}" must be S3 key characters without a leading or trailing slash and without "AWSLogs"`);
    }
    if (props.accessLogBucket) {
      this.logBucket = props.accessLogBucket;
      this.logBucket.grantElbLogDelivery(logPrefix);
    } else if (accessLogs) {
      // ALB log delivery supports only SSE-S3 (AES256), not KMS: PrivateBucket's default.
      this.logBucket = new PrivateBucket(this, 'access-logs', {
        namePrefix: fitNamePrefix(`${props.name}-alb-logs-`, 37),
        forceDestroy: props.forceDestroyLogs ?? false,
        tags: { Name: `${props.name}-alb-logs` },
        lifecycle: { expirationDays: props.accessLogRetentionDays ?? 90, noncurrentExpirationDays: 7, abortIncompleteMultipartDays: 1 },
      });
      this.logBucket.grantElbLogDelivery(logPrefix);
    }

    this.alb = new Lb(this, 'alb', {
      name: fitName(`${props.name}-alb`, 32),
      loadBalancerType: 'application',
      internal,
      subnets: subnetIds,
      securityGroups: [this.firewall.id],
      idleTimeout: props.idleTimeoutSeconds ?? LOAD_BALANCER_DEFAULTS.idleTimeoutSeconds,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'defensive',
      enableDeletionProtection: props.deletionProtection ?? false,
      accessLogs: this.logBucket ? { bucket: this.logBucket.bucket.id, prefix: logPrefix, enabled: true } : undefined,
      tags: { Name: `${props.name}-alb` },
      // The ALB checks it can write to the bucket when logging is turned on.
      dependsOn: this.logBucket ? [this.logBucket.policy] : undefined,
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

  /** Who may reach the listeners: CloudFront's origin-facing addresses only, or the internet on 80 (and 443 when HTTPS). */
  private admitViewers(fromCloudFront: boolean, https: boolean): void {
    if (fromCloudFront) {
      // AWS keeps the list current; the ALB never admits the rest of the internet.
      const originFacing = new DataAwsEc2ManagedPrefixList(this, 'cloudfront-origin-facing', { name: 'com.amazonaws.global.cloudfront.origin-facing' });
      this.firewall.allowFromPrefixList(originFacing.id, https ? 443 : 80, `${https ? 'HTTPS' : 'HTTP'} from CloudFront origin-facing addresses`);
    } else {
      this.firewall.allowFromCidr('0.0.0.0/0', 80, 'HTTP from the internet');
      // Only open 443 when something listens on it.
      if (https) this.firewall.allowFromCidr('0.0.0.0/0', 443, 'HTTPS from the internet');
    }
  }

  /** Requests the ALB received, summed (routed to `target` when given). */
  metricRequestCount(options?: MetricOptions, target?: AlbTarget): Metric {
    return this.albMetric('RequestCount', 'Sum', target, options);
  }

  /** 5xx the ALB itself returned (no healthy target, refused connections), summed. */
  metricElb5xx(options?: MetricOptions): Metric {
    return this.albMetric('HTTPCode_ELB_5XX_Count', 'Sum', undefined, options);
  }

  /** 5xx the targets returned, summed: of one service's target group when given, else of all. */
  metricTarget5xx(target?: AlbTarget, options?: MetricOptions): Metric {
    return this.albMetric('HTTPCode_Target_5XX_Count', 'Sum', target, options);
  }

  /** Target response time in seconds. @default statistic 'p95' */
  metricTargetResponseTime(options?: MetricOptions): Metric {
    return this.albMetric('TargetResponseTime', 'p95', undefined, options);
  }

  /** Targets of one target group failing their health check, maximum over the period. */
  metricUnhealthyHosts(target: AlbTarget, options?: MetricOptions): Metric {
    return this.albMetric('UnHealthyHostCount', 'Maximum', target, options);
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
    const healthPath = options.healthCheckPath ?? TARGET_GROUP_DEFAULTS.healthCheckPath;
    if (!healthPath.startsWith('/')) {
      throw new Error(`LoadBalancer.addService(${options.name}): healthCheckPath "${healthPath}" must start with '/'`);
    }

    let targetGroup = options.targetGroup;
    if (!targetGroup) {
      if (options.port === undefined) throw new Error(`LoadBalancer.addService(${options.name}): give port or targetGroup`);
      targetGroup = createTargetGroup(this, this.vpcId, options.port, healthPath, options, this.deregistrationDelay);
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

  /** AWS/ApplicationELB dimensions: the load balancer's, plus the target group's when given. */
  private albMetric(metricName: string, statistic: string, target?: AlbTarget, options?: MetricOptions): Metric {
    const dimensions: Record<string, string> = { LoadBalancer: this.arnSuffix };
    if (target) dimensions.TargetGroup = target.targetGroupArnSuffix;
    return metric('AWS/ApplicationELB', metricName, dimensions, statistic, options);
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
}
