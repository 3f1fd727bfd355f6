import { Construct } from 'constructs';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { HealthCheckOptions } from './target-group-props';
import { fitName } from '../../util/names';

export { TARGET_GROUP_DEFAULTS } from './target-group-props';
export type { HealthCheckOptions } from './target-group-props';

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

/** An instance target group on `port` with an HTTP health check on `healthPath` (200 only). */
export function createTargetGroup(
  scope: Construct,
  vpcId: string,
  port: number,
  healthPath: string,
  options: AddServiceOptions,
  defaultDeregistrationDelay: number,
): LbTargetGroup {
  const hc = options.healthCheck ?? {};
  const tgName = fitName(options.name, 32).replace(/-+$/, '');
  return new LbTargetGroup(scope, `tg-${options.name}`, {
    name: tgName,
    vpcId,
    port,
    protocol: 'HTTP',
    targetType: 'instance',
    deregistrationDelay: String(options.deregistrationDelaySeconds ?? defaultDeregistrationDelay),
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
