/** Target-group defaults and health-check options, without the AWS provider (a leaf config's rules may import). */

/** Every default of a target group's health check; `healthCheckPath` is the path the demo app (and every service) answers. */
export const TARGET_GROUP_DEFAULTS = { healthCheckPath: '/health' };

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
