import { Construct } from 'constructs';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { checkCpuAlarmThresholds, refuse } from '../../../util/rules';
import { alarmMetricFields, Metric } from '../../shared/metric';
import { CPU_ALARM_DEFAULTS, CpuAlarmOptions, ScheduledAction } from './auto-scaling-props';

export { CPU_ALARM_DEFAULTS } from './auto-scaling-props';
export type { Capacity, CpuAlarmOptions, MetricTargetOptions, ScheduledAction, WarmPoolOptions } from './auto-scaling-props';

/** Scaling building blocks of an Auto Scaling group: the option shapes and the resources behind `Service.scaleOn*`. */

type TargetTracking = NonNullable<ConstructorParameters<typeof AutoscalingPolicy>[2]['targetTrackingConfiguration']>;

/** A target-tracking policy `<groupName>-<id>` on the group. */
export function targetTrackingPolicy(scope: Construct, id: string, groupName: string, name: string, configuration: TargetTracking): AutoscalingPolicy {
  return new AutoscalingPolicy(scope, `scale-${id}`, {
    name: `${name}-${id}`,
    autoscalingGroupName: groupName,
    policyType: 'TargetTrackingScaling',
    targetTrackingConfiguration: configuration,
  });
}

/** A recurring scheduled change of min/max/desired. */
export function scheduledAction(scope: Construct, groupName: string, action: ScheduledAction): AutoscalingSchedule {
  return new AutoscalingSchedule(scope, `schedule-${action.name}`, {
    scheduledActionName: action.name,
    autoscalingGroupName: groupName,
    recurrence: action.recurrence,
    timeZone: action.timeZone ?? 'UTC',
    minSize: action.min,
    maxSize: action.max,
    desiredCapacity: action.desired,
  });
}

/** High CPU adds an instance, low CPU removes one: two alarms each driving a step-scaling policy. */
export function cpuStepAlarms(
  scope: Construct,
  groupName: string,
  name: string,
  cpu: Metric,
  options: CpuAlarmOptions,
): { high: CloudwatchMetricAlarm; low: CloudwatchMetricAlarm } {
  refuse(`Service ${name}`, checkCpuAlarmThresholds(options.lowPercent, options.highPercent));
  const alarm = (direction: 'high' | 'low', threshold: number, adjustment: number) => {
    const policy = new AutoscalingPolicy(scope, `step-cpu-${direction}`, {
      name: `${name}-cpu-${direction}-step`,
      autoscalingGroupName: groupName,
      policyType: 'StepScaling',
      adjustmentType: 'ChangeInCapacity',
      metricAggregationType: 'Average',
      stepAdjustment: [
        direction === 'high'
          ? { metricIntervalLowerBound: '0', scalingAdjustment: adjustment }
          : { metricIntervalUpperBound: '0', scalingAdjustment: adjustment },
      ],
    });
    return new CloudwatchMetricAlarm(scope, `alarm-cpu-${direction}`, {
      alarmName: `${name}-cpu-${direction}`,
      alarmDescription: `${name}: average CPU ${direction === 'high' ? '>=' : '<='} ${threshold}% -> ${adjustment > 0 ? 'add' : 'remove'} one instance`,
      ...alarmMetricFields({ ...cpu, periodSeconds: options.periodSeconds ?? CPU_ALARM_DEFAULTS.periodSeconds }),
      evaluationPeriods: options.evaluationPeriods ?? CPU_ALARM_DEFAULTS.evaluationPeriods,
      threshold,
      comparisonOperator: direction === 'high' ? 'GreaterThanOrEqualToThreshold' : 'LessThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [policy.arn],
    });
  };
  return { high: alarm('high', options.highPercent, 1), low: alarm('low', options.lowPercent, -1) };
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
