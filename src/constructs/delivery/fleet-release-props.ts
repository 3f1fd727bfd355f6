import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Service } from '../compute/ec2/service';

/** The FleetRelease construct's props, defaults and the 5xx-rate rule, without the AWS provider (a leaf config and stacks may import). */

/** Every default of FleetReleaseProps. */
export const FLEET_RELEASE_DEFAULTS = {
  /** Pause at half the fleet so the alarms judge the new instances while the old half still serves. */
  checkpointPercentages: [50, 100] as readonly number[],
  checkpointDelaySeconds: 180,
  /** After the last replacement the alarms can still roll back for this long. */
  bakeTimeSeconds: 300,
};

/**
 * When a release's 5xx rate means "roll back": per target group, per minute, the share of requests the
 * service's instances answered with 5xx, counted only once at least `minErrors` errors came in that minute.
 * - A rate, not a count: 10 errors are an outage at 20 requests a minute and noise at 20,000.
 * - `minErrors`: at 3 requests a minute one flaky 500 is a 33 % rate; without a floor a quiet hour rolls back
 *   good releases. The floor is low (3) so a release failing most requests still trips it at a few requests
 *   a minute; below that the unhealthy-hosts alarm (the health check) and the refresh's own health checks guard.
 * - `datapointsToAlarm` of `evaluationPeriods`: two bad minutes of three, not one spike.
 * - No traffic at all is no datapoint's worth of errors: the expression gives 0 (FILL), never "missing".
 */
export const TARGET_5XX_RATE = {
  thresholdPercent: 5,
  minErrors: 3,
  periodSeconds: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
};

/** The alarm's metric math over `errors` (HTTPCode_Target_5XX_Count) and `requests` (RequestCount) of one target group. */
export function target5xxRateExpression(minErrors = TARGET_5XX_RATE.minErrors): string {
  return `IF(FILL(errors, 0) >= ${minErrors}, 100 * FILL(errors, 0) / FILL(requests, 1), 0)`;
}

/**
 * What that expression computes for one minute (CloudWatch's semantics: a missing datapoint is filled),
 * so the thresholds are tested offline: `undefined` = no datapoint published that minute.
 */
export function target5xxRate(errors: number | undefined, requests: number | undefined, minErrors = TARGET_5XX_RATE.minErrors): number {
  const e = errors ?? 0;
  const r = requests ?? 1;
  return e >= minErrors ? (100 * e) / r : 0;
}

/** Whether the alarm fires on these minutes (oldest first): the last `evaluationPeriods`, `datapointsToAlarm` of them breaching. */
export function target5xxAlarmFires(minutes: ReadonlyArray<readonly [number | undefined, number | undefined]>, rule = TARGET_5XX_RATE): boolean {
  const window = minutes.slice(-rule.evaluationPeriods);
  const breaching = window.filter(([e, r]) => target5xxRate(e, r, rule.minErrors) >= rule.thresholdPercent).length;
  return breaching >= rule.datapointsToAlarm;
}

export interface FleetReleaseProps {
  /** The `deploy: 'blue-green'` web service whose group the release refreshes. */
  readonly service: Service;
  /**
   * Alarms that fail the refresh and roll the group back to its previous launch template version: the
   * service's own (5xx rate and unhealthy hosts of its target group), not the whole load balancer's.
   */
  readonly alarms: readonly CloudwatchMetricAlarm[];
  /**
   * Percentages of the fleet after which the refresh pauses `checkpointDelaySeconds` (ascending, last 100).
   * @default [50, 100]
   */
  readonly checkpointPercentages?: readonly number[];
  /** @default 180 */
  readonly checkpointDelaySeconds?: number;
  /**
   * Seconds the refresh waits after the last replacement before it succeeds (alarms can still roll back).
   * @default 300
   */
  readonly bakeTimeSeconds?: number;
}
