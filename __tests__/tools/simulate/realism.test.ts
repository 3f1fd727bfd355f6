/**
 * The clock tells the truth (issue 28): metric publication lag, basic vs detailed monitoring, launch phases, the
 * grace period, warming instances left out of the group's metrics, step alarms per period, overload with a queue
 * bounded by the ALB idle timeout, late scheduled actions.
 */
import { simulate } from '../../../src/tools/simulate/engine';
import { closeMinute, createGroups, serve } from '../../../src/tools/simulate/group';
import { launch } from '../../../src/tools/simulate/instances';
import { StepPolicyModel } from '../../../src/tools/simulate/model';
import { group, stackOf, steps } from './support';

// 10 req/s per instance at the 50 % target (20 at 100 %); 30 s pending + 60 s boot + 30 s health checks = 120 s.
const base = { capacityPerInstance: 10, bootSeconds: 60 };
const outs = (r: ReturnType<typeof simulate>) => r.events.filter((e) => e.what === 'scale-out');
// 2 instances at 25 % until minute 10, then 75 %: above the 50 % target.
const stepUp = steps(40, { from: 0, rps: 10 }, { from: 10, rps: 30 });

describe('metric lag and monitoring', () => {
  test.each([0, 60, 120])('a step above the target at minute 10 scales out no earlier than 10 + 3 + lag (%i s), serving after the launch phases', (lag) => {
    const r = simulate(stackOf(group()), stepUp, { ...base, metricLagSeconds: lag });
    const out = outs(r)[0];
    // Minutes 10, 11, 12 breach; the third datapoint closes at 13:00 and is seen lag seconds later.
    expect(out.minute).toBe(10 + 3 + lag / 60);
    const firstNew = r.groups[0].series.find((p) => p.minute >= out.minute && p.inService >= 3)!;
    // 120 s of launch phases after the decision: the first minute that ends with 3 serving is decision + 2.
    expect(firstNew.minute).toBeGreaterThanOrEqual(out.minute + 2);
    expect(r.groups[0].launchToInServiceSeconds).toBe(120);
  });

  test('basic monitoring (5-minute EC2 datapoints) reacts later than detailed', () => {
    const detailed = outs(simulate(stackOf(group()), stepUp, base))[0].minute;
    const basic = simulate(stackOf(group({ detailedMonitoring: false })), stepUp, base);
    // Three 5-minute datapoints ([10,15), [15,20), [20,25)), the last seen at 26:00.
    expect(outs(basic)[0].minute).toBe(26);
    expect(outs(basic)[0].minute).toBeGreaterThanOrEqual(detailed + 10);
    expect(basic.groups[0].launchPhases.monitoring).toBe('basic');
    expect(basic.groups[0].warnings.join()).toMatch(/basic monitoring/);
    // The request-count metric is the ALB's, 1-minute whatever the instances' monitoring.
    const requests = [{ name: 'req', metric: 'requests' as const, targetValue: 500, disableScaleIn: false }];
    expect(outs(simulate(stackOf(group({ detailedMonitoring: false, targetTracking: requests })), stepUp, base))[0].minute).toBe(detailed);
  });

  test("warming instances are left out of the group's CPU; past its warm-up a booting one counts at idle", () => {
    const cpuOfMinute = (warmup: number) => {
      const [g] = createGroups(stackOf(group()), { capacityPerInstance: 10, bootSeconds: 600 }, 60, 25);
      g.instances.push(launch(g, -60, 0, false, warmup));
      for (let t = 0; t < 60; t += 10) serve(g, t, 10, 30);
      closeMinute(g, 60, () => '');
      return { metric: g.metrics.cpu[0], serving: g.series[0].cpu };
    };
    // Two serving instances at 75 %; the third is InService and booting.
    expect(cpuOfMinute(600)).toEqual({ metric: 75, serving: 75 });
    expect(cpuOfMinute(0).metric).toBeCloseTo(50, 5);
  });
});

describe('launch phases and the grace period', () => {
  test('an instance still unhealthy when the grace period (from InService) ends is replaced, again and again', () => {
    // Boot 60 s + health checks 30 s after InService > 60 s of grace.
    const r = simulate(stackOf(group({ healthCheckGraceSeconds: 60 })), stepUp, { ...base, metricLagSeconds: 0 });
    const replaced = r.events.filter((e) => e.what === 'replace');
    expect(replaced.length).toBeGreaterThan(0);
    // Scale-out at 13:00, InService at 13:30, replaced when the grace period ends at 14:30.
    expect(replaced[0]).toMatchObject({ time: '2026-01-05T00:14:30Z' });
    expect(replaced[0].reason).toMatch(/not healthy when the 60 s grace period ended/);
    expect(r.groups[0].replacedUnhealthy).toBeGreaterThan(1);
    expect(r.groups[0].maxInService).toBe(2);
    // With 120 s of grace the same instance lives and serves.
    const ok = simulate(stackOf(group({ healthCheckGraceSeconds: 120 })), stepUp, { ...base, metricLagSeconds: 0 });
    expect(ok.events.filter((e) => e.what === 'replace')).toEqual([]);
    expect(ok.groups[0].maxInService).toBeGreaterThanOrEqual(3);
  });

  test('--boot and the image source set the boot phase', () => {
    const baked = simulate(stackOf(group({ imageSource: 'baked' })), stepUp, { capacityPerInstance: 10 });
    expect(baked.groups[0].launchPhases).toMatchObject({ bootSeconds: 20, imageSource: 'baked' });
    const bundle = simulate(stackOf(group({ imageSource: 'bundle' })), stepUp, { capacityPerInstance: 10 });
    expect(bundle.groups[0].launchPhases.bootSeconds).toBe(120);
    expect(simulate(stackOf(group({ imageSource: 'bundle' })), stepUp, { capacityPerInstance: 10, bootSeconds: 5 }).groups[0].launchPhases.bootSeconds).toBe(5);
    const odd = simulate(stackOf(group({ imageSource: 'floppy' })), stepUp, { capacityPerInstance: 10 });
    expect(odd.groups[0].warnings.join()).toMatch(/stormproof:image-source "floppy" is not one of baked, ami, from-instance, bundle, demo/);
  });
});

describe('overload', () => {
  test('sustained 150 % overload fails more than the excess: timed-out requests still cost the backend work', () => {
    const fixed = group({ min: 2, max: 2, targetTracking: [] });
    // 2 instances take 40 req/s at 100 % CPU; 60 req/s for an hour.
    const r = simulate(stackOf(fixed), steps(60, { from: 0, rps: 60 }), base);
    const excess = 20 * 3600;
    const web = r.groups[0];
    expect(web.failedTotal).toBeGreaterThan(excess * 1.1);
    expect(web.timedOutTotal).toBe(web.failedTotal);
    expect(web.peakP95Ms).toBe(60000);
    expect(web.minutesAboveCpuTarget).toBeGreaterThanOrEqual(60);
    // A short burst only queues: no request fails, but the p95 grows with the wait.
    const burst = simulate(stackOf(fixed), steps(10, { from: 0, rps: 20 }, { from: 2, rps: 60 }, { from: 2.25, rps: 20 }), base);
    expect(burst.totals.failed).toBe(0);
    expect(burst.groups[0].peakP95Ms).toBeGreaterThan(5000);
  });

  test('the ALB idle timeout bounds the queue: a shorter one times requests out sooner', () => {
    const traffic = steps(10, { from: 0, rps: 20 }, { from: 2, rps: 60 });
    const fixed = { min: 2, max: 2, targetTracking: [] };
    const long = simulate(stackOf(group({ ...fixed, idleTimeoutSeconds: 60 })), traffic, base).groups[0];
    const short = simulate(stackOf(group({ ...fixed, idleTimeoutSeconds: 10 })), traffic, base).groups[0];
    expect(short.firstDropMinute!).toBeLessThan(long.firstDropMinute!);
    expect(short.peakP95Ms).toBe(10000);
  });
});

describe('step scaling per the alarm', () => {
  const high = (alarm: Partial<StepPolicyModel['alarm']> = {}, policy: Partial<StepPolicyModel> = {}): StepPolicyModel => ({
    name: 'high',
    adjustmentType: 'ChangeInCapacity',
    steps: [{ lower: 0, adjustment: 1 }],
    alarm: { name: 'cpu-high', metric: 'cpu', threshold: 70, comparison: 'GreaterThanOrEqualToThreshold', periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1, ...alarm },
    ...policy,
  });
  const saturate = steps(40, { from: 0, rps: 400 });

  test('a 5-minute alarm runs its action once per 5-minute period while in ALARM', () => {
    const r = simulate(stackOf(group({ max: 20, targetTracking: [], defaultWarmupSeconds: 0, stepPolicies: [high({ periodSeconds: 300 })] })), saturate, { ...base, metricLagSeconds: 0 });
    const minutes = outs(r).map((e) => e.minute);
    expect(minutes.length).toBeGreaterThan(2);
    for (let i = 1; i < minutes.length; i++) expect(minutes[i] - minutes[i - 1]).toBe(5);
  });

  test('treat_missing_data decides what the empty minutes of basic monitoring mean to a 1-minute alarm', () => {
    // 80 % CPU, above the 70 % threshold; but only one 1-minute period in five has a datapoint.
    const calm = steps(30, { from: 0, rps: 32 });
    const with_ = (treatMissingData: 'breaching' | 'notBreaching') =>
      outs(simulate(stackOf(group({ detailedMonitoring: false, targetTracking: [], stepPolicies: [high({ evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData })] })), calm, base));
    expect(with_('notBreaching')).toEqual([]);
    expect(with_('breaching').length).toBeGreaterThan(0);
  });

  test('percent steps round as AWS does, and min_adjustment_magnitude lifts a small one', () => {
    const percent = (minAdjustmentMagnitude?: number) => {
      const step = high({}, { adjustmentType: 'PercentChangeInCapacity', steps: [{ lower: 0, adjustment: 10 }], minAdjustmentMagnitude });
      return outs(simulate(stackOf(group({ targetTracking: [], stepPolicies: [step] })), saturate, base));
    };
    // 10 % of 2 instances is 0.2: AWS rounds a change between 0 and 1 up to 1; the magnitude makes it 2.
    expect(percent()[0]).toMatchObject({ from: 2, to: 3 });
    expect(percent(2)[0]).toMatchObject({ from: 2, to: 4 });
  });
});

test('metric_aggregation_type picks the step: the maximum minute of a 5-minute period reaches the bigger step', () => {
  // 65 % CPU for four minutes, 90 % for the fifth: the alarm's Average (70) breaches 60; the step depends on the aggregation.
  const wavy = { ...steps(12, { from: 0, rps: 26 }), rate: (t: number) => (Math.floor(t / 60) % 5 === 4 ? 36 : 26) };
  const policy = (metricAggregationType: 'Average' | 'Maximum'): StepPolicyModel => ({
    name: 'high',
    adjustmentType: 'ChangeInCapacity',
    steps: [{ lower: 0, upper: 20, adjustment: 1 }, { lower: 20, adjustment: 3 }],
    metricAggregationType,
    alarm: { name: 'cpu-high', metric: 'cpu', threshold: 60, comparison: 'GreaterThanThreshold', periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  });
  const first = (agg: 'Average' | 'Maximum') => outs(simulate(stackOf(group({ targetTracking: [], stepPolicies: [policy(agg)] })), wavy, { ...base, metricLagSeconds: 0 }))[0];
  expect(first('Average')).toMatchObject({ minute: 5, from: 2, to: 3 });
  expect(first('Maximum')).toMatchObject({ minute: 5, from: 2, to: 5 });
});

describe('scheduled actions', () => {
  test('fire 2 minutes late by default (the worst case), on the minute with scheduleDelaySeconds 0', () => {
    const schedules = [{ name: 'noon', recurrence: '0 0 * * *', timeZone: 'UTC', min: 4, desired: 4 }];
    const traffic = steps(10, { from: 0, rps: 1 });
    const late = simulate(stackOf(group({ schedules })), traffic, base).events.find((e) => e.what === 'schedule');
    const onTime = simulate(stackOf(group({ schedules })), traffic, { ...base, scheduleDelaySeconds: 0 }).events.find((e) => e.what === 'schedule');
    expect(late).toMatchObject({ minute: 2, from: 2, to: 4 });
    expect(onTime).toMatchObject({ minute: 0 });
  });
});
