import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { TerraformStack } from 'cdktf';
import { Service } from '../../../../src/constructs/compute/ec2/service';
import { LoadBalancer } from '../../../../src/constructs/network/load-balancer';
import { metric } from '../../../../src/constructs/shared/metric';
import { demoLoadBalancerProps, demoWebProps, synthConstruct } from '../../../support/synth';

/**
 * The scaling API under aws-cdk-lib's names: `scaleOnCpuUtilization` / `scaleOnRequestCount` / `scaleToTrackMetric`
 * for target tracking, `scaleOnMetric` for step scaling, each taking an options object and an id that names it.
 */
const worker = (stack: TerraformStack, extra: Record<string, unknown> = {}) =>
  new Service(stack, 'worker', { ...demoWebProps(), name: 'demo-worker', instanceType: 't3.micro', capacity: { min: 1, max: 6, desired: 1 }, ...extra });

const visible = metric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'jobs' }, 'Maximum', { periodSeconds: 120 });

describe('target tracking', () => {
  const { raw } = synthConstruct((stack) => {
    const lb = new LoadBalancer(stack, 'lb', demoLoadBalancerProps());
    const web = worker(stack, { name: 'demo-web', loadBalancer: lb });
    web.scaleOnCpuUtilization('cpu-night', { targetUtilizationPercent: 30, disableScaleIn: true });
    web.scaleOnRequestCount('requests', { targetRequestsPerMinute: 900 });
    web.scaleToTrackMetric('visible', { metric: visible, targetValue: 50 });
  });

  test('scaleOnCpuUtilization takes its target and scale-in switch from the options', () => {
    expect(raw).toHaveResourceWithProperties(AutoscalingPolicy, {
      name: 'demo-web-cpu-night',
      policy_type: 'TargetTrackingScaling',
      target_tracking_configuration: {
        predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' },
        target_value: 30,
        disable_scale_in: true,
      },
    });
  });

  test('scaleOnRequestCount tracks the ALB requests per target per minute', () => {
    expect(raw).toHaveResourceWithProperties(AutoscalingPolicy, {
      name: 'demo-web-requests',
      target_tracking_configuration: {
        predefined_metric_specification: { predefined_metric_type: 'ALBRequestCountPerTarget', resource_label: expect.stringContaining('arn_suffix') },
        target_value: 900,
      },
    });
  });

  test('scaleToTrackMetric turns a construct metric into the customized specification', () => {
    expect(raw).toHaveResourceWithProperties(AutoscalingPolicy, {
      name: 'demo-web-visible',
      target_tracking_configuration: {
        customized_metric_specification: {
          namespace: 'AWS/SQS',
          metric_name: 'ApproximateNumberOfMessagesVisible',
          metric_dimension: [{ name: 'QueueName', value: 'jobs' }],
          statistic: 'Maximum',
        },
        target_value: 50,
        disable_scale_in: false,
      },
    });
  });

  test('scaleToTrackMetric refuses both or neither metric source, and percentiles', () => {
    synthConstruct((stack) => {
      const w = worker(stack);
      expect(() => w.scaleToTrackMetric('x', { targetValue: 1 })).toThrow(/scaleToTrackMetric\('x'\) needs exactly one of metric and customizedMetricSpecification/);
      expect(() => w.scaleToTrackMetric('y', { targetValue: 1, metric: visible, customizedMetricSpecification: { metricName: 'm', namespace: 'n', statistic: 'Sum' } }))
        .toThrow(/exactly one/);
      expect(() => w.scaleToTrackMetric('z', { targetValue: 1, metric: { ...visible, statistic: 'p95' } })).toThrow(/statistic p95 cannot be tracked/);
    });
  });
});

describe('step scaling (scaleOnMetric)', () => {
  const { raw, resource, built } = synthConstruct((stack) => {
    const w = worker(stack);
    return w.scaleOnMetric('backlog', {
      metric: visible,
      scalingSteps: [{ upper: 0, change: -1 }, { lower: 100, change: +1 }, { lower: 500, change: +3 }],
      evaluationPeriods: 3,
    });
  });

  test('the scale-out steps share one alarm at the lowest lower bound, with bounds relative to it', () => {
    expect(raw).toHaveResourceWithProperties(AutoscalingPolicy, {
      name: 'demo-worker-backlog-high-step',
      policy_type: 'StepScaling',
      adjustment_type: 'ChangeInCapacity',
      metric_aggregation_type: 'Maximum',
      step_adjustment: [
        { metric_interval_lower_bound: '0', metric_interval_upper_bound: '400', scaling_adjustment: 1 },
        { metric_interval_lower_bound: '400', scaling_adjustment: 3 },
      ],
    });
    expect(raw).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'demo-worker-backlog-high',
      alarm_description: 'demo-worker: Maximum ApproximateNumberOfMessagesVisible >= 100 -> add one instance at >= 100, add 3 instances at >= 500',
      namespace: 'AWS/SQS',
      statistic: 'Maximum',
      period: 120,
      threshold: 100,
      evaluation_periods: 3,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('the scale-in step gets its own alarm and policy, and each alarm drives its policy', () => {
    expect(raw).toHaveResourceWithProperties(AutoscalingPolicy, {
      name: 'demo-worker-backlog-low-step',
      step_adjustment: [{ metric_interval_upper_bound: '0', scaling_adjustment: -1 }],
    });
    const alarms = Object.values(resource.aws_cloudwatch_metric_alarm);
    const low = alarms.find((a) => a.alarm_name === 'demo-worker-backlog-low')!;
    expect(low).toMatchObject({
      threshold: 0,
      comparison_operator: 'LessThanOrEqualToThreshold',
      alarm_description: 'demo-worker: Maximum ApproximateNumberOfMessagesVisible <= 0 -> remove one instance',
    });
    expect(low.alarm_actions[0]).toMatch(/aws_autoscaling_policy\.worker_step-backlog-low_\w+\.arn/);
    expect(built.upper?.alarm.node.id).toBe('alarm-backlog-high');
    expect(built.lower?.policy.node.id).toBe('step-backlog-low');
  });

  test('only scale-out steps: no scale-in alarm', () => {
    const { resource: r, built: b } = synthConstruct((stack) => worker(stack).scaleOnMetric('age', { metric: visible, scalingSteps: [{ lower: 10, change: 2 }] }));
    expect(b.lower).toBeUndefined();
    expect(Object.values(r.aws_cloudwatch_metric_alarm).map((a) => a.alarm_name)).toEqual(['demo-worker-age-high']);
  });

  test('bad intervals fail at synth with the interval and the fix', () => {
    synthConstruct((stack) => {
      const w = worker(stack);
      expect(() => w.scaleOnMetric('a', { metric: visible, scalingSteps: [] })).toThrow(/needs at least one scalingSteps interval/);
      expect(() => w.scaleOnMetric('b', { metric: visible, scalingSteps: [{ lower: 1, change: 0 }] })).toThrow(/scalingSteps\[0\]\.change \(0\) must be a non-zero number/);
      expect(() => w.scaleOnMetric('c', { metric: visible, scalingSteps: [{ upper: 5, change: 1 }] })).toThrow(/scalingSteps\[0\]: a scale-out step \(change > 0\) sets lower only/);
      expect(() => w.scaleOnMetric('d', { metric: visible, scalingSteps: [{ lower: 5, change: -1 }] })).toThrow(/a scale-in step \(change < 0\) sets upper only/);
      expect(() => w.scaleOnMetric('e', { metric: visible, scalingSteps: [{ upper: 50, change: -1 }, { lower: 40, change: 1 }] }))
        .toThrow(/scale-in upper \(50\) must be below the scale-out lower \(40\)/);
      expect(() => w.scaleOnMetric('f', { metric: visible, scalingSteps: [{ lower: 5, change: 1 }, { lower: 5, change: 2 }] })).toThrow(/two scalingSteps start at 5/);
    });
  });
});
