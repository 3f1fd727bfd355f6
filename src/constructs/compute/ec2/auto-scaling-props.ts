import type { AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecification } from '@cdktf/provider-aws/lib/autoscaling-policy';
import type { Metric } from '../../shared/metric';

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

/** Options of `scaleOnCpuUtilization` and `scaleOnMemoryUtilization` (target tracking on a utilization percent). */
export interface UtilizationScalingOptions {
  /** Average utilization (percent, 1-100) the group is held at. */
  readonly targetUtilizationPercent: number;
  /** @default false - the policy scales in as well as out */
  readonly disableScaleIn?: boolean;
}

/** Options of `scaleOnRequestCount` (target tracking on the ALB's requests per target). */
export interface RequestCountScalingOptions {
  /** Requests per target per minute the group is held at. */
  readonly targetRequestsPerMinute: number;
  /** @default false - the policy scales in as well as out */
  readonly disableScaleIn?: boolean;
}

/** The CloudWatch metric a target-tracking policy holds at its target, as the provider takes it (metric math allowed). */
export type CustomizedMetricSpecification = AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecification;

/**
 * Options of `scaleToTrackMetric`: target tracking on any metric (e.g. SQS backlog per instance). Give exactly one
 * of `metric` (a construct's metric, e.g. `queue.metricOldestMessageAge()`) or `customizedMetricSpecification`
 * (metric math).
 */
export interface MetricTargetTrackingOptions {
  /** The value the metric is held at. */
  readonly targetValue: number;
  /** @default - `customizedMetricSpecification` is required */
  readonly metric?: Metric;
  /** @default - `metric` is required */
  readonly customizedMetricSpecification?: CustomizedMetricSpecification;
  /** @default false - the policy scales in as well as out */
  readonly disableScaleIn?: boolean;
}

/**
 * One interval of a step-scaling policy, as aws-cdk-lib's `ScalingInterval`: a scale-out step (`change` > 0) applies
 * when the metric is at or above `lower`, a scale-in step (`change` < 0) when it is at or below `upper`.
 */
export interface ScalingInterval {
  /** Scale-out steps: the metric value the step starts at. @default - none (scale-in steps) */
  readonly lower?: number;
  /** Scale-in steps: the metric value the step starts at. @default - none (scale-out steps) */
  readonly upper?: number;
  /** Capacity change, read as `adjustmentType` says (+2 adds two instances under ChangeInCapacity). */
  readonly change: number;
}

/** Defaults of StepScalingOptions. */
export const STEP_SCALING_DEFAULTS = { adjustmentType: 'ChangeInCapacity', evaluationPeriods: 1 } as const;

/**
 * Options of `scaleOnMetric`: step scaling as aws-cdk-lib has it. The scale-out steps become one alarm (at the
 * lowest `lower`) driving one policy, the scale-in steps another (at the highest `upper`).
 */
export interface StepScalingOptions {
  /** The metric the alarms watch (its statistic and period). */
  readonly metric: Metric;
  /** At least one interval; every scale-in `upper` must be below every scale-out `lower`. */
  readonly scalingSteps: readonly ScalingInterval[];
  /** @default 'ChangeInCapacity' */
  readonly adjustmentType?: 'ChangeInCapacity' | 'PercentChangeInCapacity' | 'ExactCapacity';
  /** Periods the metric must breach before the policy acts. @default 1 */
  readonly evaluationPeriods?: number;
  /** What the alarm descriptions call the metric. @default - `<statistic> <metricName>` */
  readonly label?: string;
  /** Unit written after thresholds in the alarm descriptions, e.g. `%`. @default - none */
  readonly unit?: string;
}
