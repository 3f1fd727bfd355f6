import { Construct } from 'constructs';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { alarmMetricFields } from '../../shared/metric';
import {
  CustomizedMetricSpecification,
  MetricTargetTrackingOptions,
  ScalingInterval,
  ScheduledAction,
  STEP_SCALING_DEFAULTS,
  StepScalingOptions,
} from './auto-scaling-props';

export { CPU_ALARM_DEFAULTS, STEP_SCALING_DEFAULTS } from './auto-scaling-props';
export type {
  Capacity,
  CpuAlarmOptions,
  CustomizedMetricSpecification,
  MetricTargetTrackingOptions,
  RequestCountScalingOptions,
  ScalingInterval,
  ScheduledAction,
  StepScalingOptions,
  UtilizationScalingOptions,
  WarmPoolOptions,
} from './auto-scaling-props';

/** Scaling building blocks of an Auto Scaling group: the resources behind `Service.scaleOn*` and `scaleToTrackMetric`. */

type TargetTracking = NonNullable<ConstructorParameters<typeof AutoscalingPolicy>[2]['targetTrackingConfiguration']>;

/** Where a scaling resource goes: its scope, the group it scales and the name its resources start with. */
export interface ScalingTarget {
  readonly scope: Construct;
  readonly groupName: string;
  /** Resource names start with it, e.g. `cafe-web`. */
  readonly namePrefix: string;
}

/** A target-tracking policy `<namePrefix>-<id>` on the group. */
export function targetTrackingPolicy(target: ScalingTarget, id: string, configuration: TargetTracking): AutoscalingPolicy {
  return new AutoscalingPolicy(target.scope, `scale-${id}`, {
    name: `${target.namePrefix}-${id}`,
    autoscalingGroupName: target.groupName,
    policyType: 'TargetTrackingScaling',
    targetTrackingConfiguration: configuration,
  });
}

const TRACKABLE_STATISTICS = ['Average', 'Minimum', 'Maximum', 'SampleCount', 'Sum'];

/** The metric a `scaleToTrackMetric` policy holds: `metric` as a customized specification, or the one given. */
export function trackedMetric(owner: string, id: string, options: MetricTargetTrackingOptions): CustomizedMetricSpecification {
  const { metric, customizedMetricSpecification } = options;
  if ((metric === undefined) === (customizedMetricSpecification === undefined)) {
    throw new Error(`${owner}: scaleToTrackMetric('${id}') needs exactly one of metric and customizedMetricSpecification`);
  }
  if (customizedMetricSpecification) return customizedMetricSpecification;
  const m = metric!;
  if (!TRACKABLE_STATISTICS.includes(m.statistic)) {
    throw new Error(`${owner}: scaleToTrackMetric('${id}') metric statistic ${m.statistic} cannot be tracked: use one of ${TRACKABLE_STATISTICS.join(', ')}`);
  }
  return {
    namespace: m.namespace,
    metricName: m.metricName,
    metricDimension: Object.entries(m.dimensions).map(([name, value]) => ({ name, value })),
    statistic: m.statistic,
  };
}

/** A recurring scheduled change of min/max/desired. */
export function scheduledAction(target: ScalingTarget, action: ScheduledAction): AutoscalingSchedule {
  return new AutoscalingSchedule(target.scope, `schedule-${action.name}`, {
    scheduledActionName: action.name,
    autoscalingGroupName: target.groupName,
    recurrence: action.recurrence,
    timeZone: action.timeZone ?? 'UTC',
    minSize: action.min,
    maxSize: action.max,
    desiredCapacity: action.desired,
  });
}

/** One direction of a step-scaling policy: the alarm and the policy it drives. */
export interface StepScalingAction {
  readonly policy: AutoscalingPolicy;
  readonly alarm: CloudwatchMetricAlarm;
}

/** The alarms and policies `scaleOnMetric` wrote: `upper` for the scale-out steps, `lower` for the scale-in steps. */
export interface StepScalingPolicy {
  readonly upper?: StepScalingAction;
  readonly lower?: StepScalingAction;
}

/** Bounds relative to the alarm threshold, as the provider takes them (strings, no float noise). */
const bound = (value: number, threshold: number): string => String(Number((value - threshold).toPrecision(12)));

function describeChange(change: number, adjustmentType: string): string {
  const n = Math.abs(change);
  const verb = change > 0 ? 'add' : 'remove';
  if (adjustmentType === 'ExactCapacity') return `set capacity to ${change}`;
  if (adjustmentType === 'PercentChangeInCapacity') return `${verb} ${n}% of capacity`;
  return `${verb} ${n === 1 ? 'one instance' : `${n} instances`}`;
}

/** Checks the intervals and splits them into scale-out steps (by `lower`, ascending) and scale-in steps (by `upper`, descending). */
function splitSteps(owner: string, id: string, steps: readonly ScalingInterval[]) {
  const at = `${owner}: scaleOnMetric('${id}')`;
  if (steps.length === 0) throw new Error(`${at} needs at least one scalingSteps interval`);
  const out: Array<{ at: number; change: number }> = [];
  const inward: Array<{ at: number; change: number }> = [];
  steps.forEach((s, i) => {
    const where = `${at}.scalingSteps[${i}]`;
    if (!Number.isFinite(s.change) || s.change === 0) throw new Error(`${where}.change (${s.change}) must be a non-zero number`);
    if (s.change > 0) {
      if (s.lower === undefined || s.upper !== undefined) throw new Error(`${where}: a scale-out step (change > 0) sets lower only (the metric value it starts at)`);
      out.push({ at: s.lower, change: s.change });
    } else {
      if (s.upper === undefined || s.lower !== undefined) throw new Error(`${where}: a scale-in step (change < 0) sets upper only (the metric value it starts at)`);
      inward.push({ at: s.upper, change: s.change });
    }
  });
  out.sort((a, b) => a.at - b.at);
  inward.sort((a, b) => b.at - a.at);
  for (const list of [out, inward]) {
    const dup = list.find((s, i) => i > 0 && s.at === list[i - 1].at);
    if (dup) throw new Error(`${at}: two scalingSteps start at ${dup.at}: merge them`);
  }
  if (out.length > 0 && inward.length > 0 && inward[0].at >= out[0].at) {
    throw new Error(`${at}: the scale-in upper (${inward[0].at}) must be below the scale-out lower (${out[0].at}), or the two alarms fight`);
  }
  return { out, inward };
}

/**
 * Step scaling on a metric, as aws-cdk-lib's `scaleOnMetric`: the scale-out steps become one alarm at the lowest
 * `lower` driving a policy `<namePrefix>-<id>-high-step`, the scale-in steps one at the highest `upper` driving
 * `<namePrefix>-<id>-low-step`.
 */
export function stepScalingPolicy(target: ScalingTarget, id: string, options: StepScalingOptions): StepScalingPolicy {
  const { out, inward } = splitSteps(target.namePrefix, id, options.scalingSteps);
  const adjustmentType = options.adjustmentType ?? STEP_SCALING_DEFAULTS.adjustmentType;
  const label = options.label ?? `${options.metric.statistic} ${options.metric.metricName}`;
  const unit = options.unit ?? '';
  const aggregation = ['Average', 'Minimum', 'Maximum'].includes(options.metric.statistic) ? options.metric.statistic : 'Average';
  const direction = (which: 'high' | 'low', steps: Array<{ at: number; change: number }>): StepScalingAction | undefined => {
    if (steps.length === 0) return undefined;
    const threshold = steps[0].at;
    const policy = new AutoscalingPolicy(target.scope, `step-${id}-${which}`, {
      name: `${target.namePrefix}-${id}-${which}-step`,
      autoscalingGroupName: target.groupName,
      policyType: 'StepScaling',
      adjustmentType,
      metricAggregationType: aggregation,
      stepAdjustment: steps.map((s, i) => {
        const next = steps[i + 1];
        return which === 'high'
          ? { metricIntervalLowerBound: bound(s.at, threshold), metricIntervalUpperBound: next && bound(next.at, threshold), scalingAdjustment: s.change }
          : { metricIntervalUpperBound: bound(s.at, threshold), metricIntervalLowerBound: next && bound(next.at, threshold), scalingAdjustment: s.change };
      }),
    });
    const op = which === 'high' ? '>=' : '<=';
    const action = steps.length === 1
      ? describeChange(steps[0].change, adjustmentType)
      : steps.map((s) => `${describeChange(s.change, adjustmentType)} at ${op} ${s.at}${unit}`).join(', ');
    const alarm = new CloudwatchMetricAlarm(target.scope, `alarm-${id}-${which}`, {
      alarmName: `${target.namePrefix}-${id}-${which}`,
      alarmDescription: `${target.namePrefix}: ${label} ${op} ${threshold}${unit} -> ${action}`,
      ...alarmMetricFields(options.metric),
      evaluationPeriods: options.evaluationPeriods ?? STEP_SCALING_DEFAULTS.evaluationPeriods,
      threshold,
      comparisonOperator: which === 'high' ? 'GreaterThanOrEqualToThreshold' : 'LessThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [policy.arn],
    });
    return { policy, alarm };
  };
  // Scale-out first: resources keep the order the CPU alarms always had.
  return { upper: direction('high', out), lower: direction('low', inward) };
}

/** Group metrics published every minute (the dashboard and capacity reviews read them). */
export const GROUP_METRICS = [
  'GroupMinSize',
  'GroupMaxSize',
  'GroupDesiredCapacity',
  'GroupInServiceInstances',
  'GroupPendingInstances',
  'GroupTerminatingInstances',
  'GroupTotalInstances',
  'GroupInServiceCapacity',
  'GroupTotalCapacity',
  'WarmPoolDesiredCapacity',
  'WarmPoolWarmedCapacity',
  'WarmPoolPendingCapacity',
  'WarmPoolTotalCapacity',
];
