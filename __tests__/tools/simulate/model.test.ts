import { cafe, ecommerce, lab } from '../../../src/config/profiles';
import { readStack } from '../../../src/tools/simulate/model';
import { synthProfile } from './support';

describe('readStack: the simulator reads the synthesized JSON only', () => {
  test('cafe: one web group with CPU and request-count target tracking and both TV-show schedules', () => {
    const model = readStack('cafe', synthProfile(cafe));
    expect(model.region).toBe('eu-west-1');
    expect(model.groups).toHaveLength(1);
    const web = model.groups[0];
    expect(web).toMatchObject({ service: 'web', kind: 'web', instanceType: 't3.small', min: 2, max: 12, desired: 2, azCount: 2, healthCheckType: 'ELB' });
    expect(web.defaultWarmupSeconds).toBe(120);
    // The target group's health check: healthy_threshold 2 x interval 15 s; unhealthy 3 x 15 s.
    expect(web.healthyAfterSeconds).toBe(30);
    expect(web.unhealthyAfterSeconds).toBe(45);
    expect(web.targetTracking.map((p) => [p.metric, p.targetValue])).toEqual([
      ['cpu', 50],
      ['requests', 1000],
    ]);
    expect(web.schedules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'before-tv-show', recurrence: '30 19 * * 5', timeZone: 'Europe/London', min: 6, desired: 6 }),
        expect.objectContaining({ name: 'after-tv-show', recurrence: '30 0 * * 6', min: 2 }),
      ]),
    );
    expect(web.instanceRefresh).toEqual({ minHealthyPercentage: 90, maxHealthyPercentage: 100, warmupSeconds: 120 });
    expect(model.warnings).toEqual([]);
  });

  test('lab: step scaling policies paired with the CloudWatch alarms that invoke them', () => {
    const web = readStack('lab', synthProfile(lab)).groups[0];
    const high = web.stepPolicies.find((p) => p.alarm.threshold === 70)!;
    const low = web.stepPolicies.find((p) => p.alarm.threshold === 20)!;
    expect(high.alarm).toMatchObject({ metric: 'cpu', comparison: 'GreaterThanOrEqualToThreshold', periodSeconds: 60, evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(high.steps).toEqual([{ lower: 0, upper: undefined, adjustment: 1 }]);
    expect(low.steps).toEqual([{ lower: undefined, upper: 0, adjustment: -1 }]);
  });

  test('ecommerce: web and api behind the ALB, the order worker on SQS backlog per instance', () => {
    const model = readStack('ecommerce', synthProfile(ecommerce));
    expect(model.groups.map((g) => [g.service, g.kind, g.max, g.azCount])).toEqual([
      ['api', 'web', 30, 3],
      ['web', 'web', 30, 3],
      ['orders', 'worker', 20, 3],
    ]);
    const orders = model.groups[2];
    expect(orders.healthCheckType).toBe('EC2');
    expect(orders.targetTracking).toContainEqual({ name: 'shop-production-orders-backlog-per-instance', metric: 'backlog', targetValue: 50, disableScaleIn: false });
  });

  test('policies the simulator cannot model are reported, not silently dropped', () => {
    const json = synthProfile(lab);
    const policy = Object.values(json.resource.aws_autoscaling_policy as Record<string, any>).find((p) => p.policy_type === 'TargetTrackingScaling');
    policy.target_tracking_configuration.predefined_metric_specification.predefined_metric_type = 'ASGAverageNetworkIn';
    const model = readStack('lab', json);
    expect(model.groups[0].targetTracking[0].metric).toBe('unsupported');
    expect(model.warnings.join('\n')).toMatch(/lab-dev-web-cpu-target: target tracking on a metric the simulator does not model/);
  });
});
