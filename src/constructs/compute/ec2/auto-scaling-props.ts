import type { AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecification } from '@cdktf/provider-aws/lib/autoscaling-policy';

/** The option shapes and defaults of an Auto Scaling group's scaling, without the AWS provider (a leaf config's rules may import). */

export interface Capacity {
  /** Instances the group never goes below (0 or more). */
  readonly min: number;
  /** Instances the group never goes above (at least min). */
  readonly max: number;
  /** Initial size only: scaling policies own it afterwards (changes are ignored). */
  readonly desired: number;
}

export interface ScheduledAction {
  /** e.g. `before-tv-show`. */
  readonly name: string;
  /** 5-field cron in `timeZone`, e.g. `30 19 * * 5`. */
  readonly recurrence: string;
  /** @default 'UTC' */
  readonly timeZone?: string;
  /** @default - min unchanged */
  readonly min?: number;
  /** @default - max unchanged */
  readonly max?: number;
  /** @default - desired unchanged */
  readonly desired?: number;
}

/** Defaults of CpuAlarmOptions that config may leave out. */
export const CPU_ALARM_DEFAULTS = { periodSeconds: 60, evaluationPeriods: 2 };

export interface CpuAlarmOptions {
  /** Scale out by one when average CPU is at or above this percent. */
  readonly highPercent: number;
  /** Scale in by one when average CPU is at or below this percent. */
  readonly lowPercent: number;
  /** @default 60 */
  readonly periodSeconds?: number;
  /** @default 2 */
  readonly evaluationPeriods?: number;
}

export interface WarmPoolOptions {
  /** Pre-initialized instances kept ready. */
  readonly minSize: number;
  /** @default 'Stopped' - cheapest: pay for volumes only */
  readonly state?: 'Stopped' | 'Running' | 'Hibernated';
}

/** Custom target tracking (e.g. SQS backlog per instance) for `scaleOnMetric`. */
export interface MetricTargetOptions {
  readonly targetValue: number;
  /** The metric (or metric math) to hold at `targetValue`. */
  readonly customizedMetricSpecification: AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecification;
  /** @default false */
  readonly disableScaleIn?: boolean;
}
