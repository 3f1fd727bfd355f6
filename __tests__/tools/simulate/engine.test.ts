import { simulate } from '../../../src/tools/simulate/engine';
import { group, stackOf, steps } from './support';

// 10 req/s per instance at the 50 % CPU target: 20 req/s at 100 %. Instances serve 60 s after launch (30 s pending,
// no boot, 30 s health checks). No metric lag and on-time schedules: these tests pin the scaling rules alone; the
// lag, launch phases and overload have their own tests (realism.test.ts).
const base = { capacityPerInstance: 10, bootSeconds: 0, metricLagSeconds: 0, scheduleDelaySeconds: 0 };
const eventsOf = (r: ReturnType<typeof simulate>, what: string) => r.events.filter((e) => e.what === what);

describe('target tracking', () => {
  test('scales out after 3 breaching 1-minute datapoints, proportionally: ceil(2 x 75 / 50) = 3', () => {
    const r = simulate(stackOf(group()), steps(20, { from: 0, rps: 10 }, { from: 10, rps: 30 }), base);
    const out = eventsOf(r, 'scale-out');
    // Minutes 10, 11 and 12 breach (75 % CPU); the alarm fires when minute 12's datapoint lands.
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ minute: 13, from: 2, to: 3 });
    expect(out[0].reason).toMatch(/cpu: 75 > 50 for 3 datapoints/);
    expect(r.groups[0].series[14].inService).toBe(3);
    expect(r.totals.dropped).toBe(0);
  });

  test('scales in after 15 datapoints below 90 % of the target, never under min size', () => {
    const r = simulate(stackOf(group({ desired: 4, min: 2 })), steps(40, { from: 0, rps: 10 }), base);
    // 10 req/s over 4 instances = 12.5 % CPU from minute 0; 15 datapoints land at minute 15.
    expect(eventsOf(r, 'scale-in')).toEqual([expect.objectContaining({ minute: 15, from: 4, to: 2 })]);
  });

  test('instances in warm-up block scale-in', () => {
    const r = simulate(stackOf(group({ desired: 4, min: 2, defaultWarmupSeconds: 3600 })), steps(40, { from: 0, rps: 50 }, { from: 5, rps: 1 }), base);
    // The scale-out at minute 3 (50 req/s on 4 instances = 62.5 %) starts a warm-up lasting past the end.
    expect(eventsOf(r, 'scale-out')).toHaveLength(1);
    expect(eventsOf(r, 'scale-in')).toEqual([]);
  });

  test('max size caps the scale-out, and the excess is dropped', () => {
    const r = simulate(stackOf(group({ max: 3 })), steps(20, { from: 0, rps: 10 }, { from: 5, rps: 400 }), base);
    const out = eventsOf(r, 'scale-out');
    // CPU saturates at 100 %: the proportional answer is ceil(2 x 100 / 50) = 4, capped at 3.
    expect(out).toEqual([expect.objectContaining({ minute: 8, from: 2, to: 3 })]);
    expect(out[0].reason).toMatch(/capped at max 3/);
    const web = r.groups[0];
    expect(web.neededCappedByMax).toBe(true);
    // Beyond 100 % CPU the requests queue up to the ALB idle timeout, then time out.
    expect(web.failedTotal).toBeGreaterThan(0);
    expect(web.timedOutTotal).toBe(web.failedTotal);
    expect(web.lastDropMinute).toBe(19);
    expect(web.peakShortfall.instances).toBe(20 - 2);
    expect(web.series[19].inService).toBe(3);
  });

  test('with several policies it scales in only when every scale-in-enabled policy agrees', () => {
    const requests = { name: 'requests', metric: 'requests' as const, targetValue: 1000, disableScaleIn: false };
    const cpu = { name: 'cpu', metric: 'cpu' as const, targetValue: 50, disableScaleIn: false };
    // 31.67 req/s over 2 targets = 950 per target per minute: inside 90-100 % of 1000, while CPU idles at 8 %.
    const traffic = steps(60, { from: 0, rps: (2 * 950) / 60 });
    const options = { ...base, capacityPerInstance: 100 };
    const both = simulate(stackOf(group({ min: 1, targetTracking: [cpu, requests] })), traffic, options);
    expect(eventsOf(both, 'scale-in')).toEqual([]);
    const cpuOnly = simulate(stackOf(group({ min: 1, targetTracking: [cpu] })), traffic, options);
    expect(eventsOf(cpuOnly, 'scale-in')).toEqual([expect.objectContaining({ minute: 15, from: 2, to: 1 })]);
  });

  test('a disabled scale-in never removes instances', () => {
    const r = simulate(stackOf(group({ desired: 4, targetTracking: [{ name: 'cpu', metric: 'cpu', targetValue: 50, disableScaleIn: true }] })), steps(40, { from: 0, rps: 1 }), base);
    expect(eventsOf(r, 'scale-in')).toEqual([]);
  });
});

describe('step scaling', () => {
  const lab = group({
    targetTracking: [],
    stepPolicies: [
      {
        name: 'high',
        adjustmentType: 'ChangeInCapacity',
        steps: [{ lower: 0, adjustment: 1 }],
        alarm: { name: 'cpu-high', metric: 'cpu', threshold: 70, comparison: 'GreaterThanOrEqualToThreshold', periodSeconds: 60, evaluationPeriods: 2, datapointsToAlarm: 2 },
      },
      {
        name: 'low',
        adjustmentType: 'ChangeInCapacity',
        steps: [{ upper: 0, adjustment: -1 }],
        alarm: { name: 'cpu-low', metric: 'cpu', threshold: 20, comparison: 'LessThanOrEqualToThreshold', periodSeconds: 60, evaluationPeriods: 2, datapointsToAlarm: 2 },
      },
    ],
  });

  test('the high alarm adds one instance after 2 of 2 periods; warming instances count as already added', () => {
    const r = simulate(stackOf(lab), steps(20, { from: 0, rps: 20 }, { from: 5, rps: 32 }), base);
    // 32 req/s over 2 instances = 80 % from minute 5; the alarm is still in ALARM at minute 8, but the
    // instance added at minute 7 is warming up, so no second one (3 instances = 53 %).
    expect(eventsOf(r, 'scale-out')).toEqual([expect.objectContaining({ minute: 7, from: 2, to: 3 })]);
    expect(r.groups[0].maxInService).toBe(3);
  });

  test('the low alarm removes one instance per period down to min size', () => {
    const r = simulate(stackOf({ ...lab, desired: 5, min: 2 }), steps(20, { from: 0, rps: 5 }), base);
    const scaleIns = eventsOf(r, 'scale-in');
    expect(scaleIns.map((e) => [e.minute, e.to])).toEqual([
      [2, 4],
      [3, 3],
      [4, 2],
    ]);
  });
});

describe('scheduled actions, warm pools and failures', () => {
  test('a schedule fires at its cron minute in its own time zone and raises desired with min', () => {
    const schedules = [{ name: 'before-show', recurrence: '30 19 * * 1', timeZone: 'Europe/London', min: 6, desired: 6 }];
    const r = simulate(stackOf(group({ schedules })), steps(24 * 60, { from: 0, rps: 10 }), base);
    // Monday 5 January 2026 is GMT: 19:30 London is 19:30 UTC.
    expect(eventsOf(r, 'schedule')).toEqual([expect.objectContaining({ minute: 19 * 60 + 30, time: '2026-01-05T19:30:00Z', from: 2, to: 6 })]);
    expect(r.groups[0].series[19 * 60 + 32].inService).toBe(6);
  });

  test('a schedule that lowers max pulls desired down with it', () => {
    const schedules = [{ name: 'night', recurrence: '0 1 * * *', timeZone: 'UTC', max: 3 }];
    const r = simulate(stackOf(group({ desired: 5, schedules, targetTracking: [] })), steps(120, { from: 0, rps: 60 }), base);
    expect(eventsOf(r, 'schedule')).toEqual([expect.objectContaining({ minute: 60, from: 5, to: 3 })]);
    expect(r.groups[0].series[62].inService).toBe(3);
  });

  test('a health-check grace period shorter than boot + health checks is flagged', () => {
    const r = simulate(stackOf(group({ healthCheckGraceSeconds: 30 })), steps(5, { from: 0, rps: 1 }), { bootSeconds: 90 });
    expect(r.groups[0].warnings.join()).toMatch(/health_check_grace_period \(30 s\) is shorter than boot \+ healthy checks \(120 s from InService\)/);
  });

  test('step alarms with M of N: 2 breaching datapoints out of 3 are enough', () => {
    const m = group({
      targetTracking: [],
      stepPolicies: [
        {
          name: 'high',
          adjustmentType: 'ChangeInCapacity',
          steps: [{ lower: 0, upper: 20, adjustment: 1 }, { lower: 20, adjustment: 3 }],
          alarm: { name: 'cpu-high', metric: 'cpu', threshold: 60, comparison: 'GreaterThanThreshold', periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 },
        },
      ],
    });
    // 36 req/s over 2 instances = 90 %: 30 points above the threshold, the second step (+3).
    const r = simulate(stackOf(m), steps(10, { from: 0, rps: 10 }, { from: 3, rps: 36 }), base);
    expect(eventsOf(r, 'scale-out')[0]).toMatchObject({ minute: 5, from: 2, to: 5 });
  });

  test('a warm pool brings new instances into service sooner', () => {
    const traffic = steps(20, { from: 0, rps: 10 }, { from: 10, rps: 30 });
    const options = { ...base, bootSeconds: 60 };
    const cold = simulate(stackOf(group()), traffic, options);
    const warm = simulate(stackOf(group({ warmPool: { minSize: 2, state: 'Stopped' } })), traffic, options);
    // Scale-out at minute 13: cold = 30 s pending + 60 s boot + 30 s health checks (serving at 15:00), warm = 25 s start + 30 s (13:55).
    expect(cold.groups[0].series[14].inService).toBe(2);
    expect(warm.groups[0].series[14].inService).toBe(3);
    expect(cold.groups[0].series[15].inService).toBe(3);
  });

  test('losing an AZ drops its share until health checks notice, then replacements launch in the other AZ', () => {
    const r = simulate(stackOf(group({ min: 4, desired: 4 })), steps(30, { from: 0, rps: 20 }), { ...base, failures: [{ kind: 'az', az: 1, atSeconds: 600 }] });
    expect(eventsOf(r, 'failure')).toEqual([expect.objectContaining({ minute: 10, from: 4, to: 2 })]);
    expect(eventsOf(r, 'replace')).toEqual([expect.objectContaining({ minute: 10, from: 4, to: 2 })]);
    const web = r.groups[0];
    // Half the requests for the 30 s until the unhealthy threshold: 20 req/s x 0.5 x 30 s.
    expect(web.droppedTotal).toBe(300);
    expect(web.firstDropMinute).toBe(10);
    expect(web.series[10].inService).toBe(2);
    expect(web.series[12].inService).toBe(4);
  });

  test('instances:<k> terminates k instances; the group replaces them', () => {
    const r = simulate(stackOf(group({ min: 3, desired: 3 })), steps(20, { from: 0, rps: 10 }), { ...base, failures: [{ kind: 'instances', count: 2, atSeconds: 300 }] });
    expect(eventsOf(r, 'failure')).toEqual([expect.objectContaining({ minute: 5, from: 3, to: 1 })]);
    expect(r.groups[0].series[5].inService).toBe(1);
    expect(r.groups[0].series[7].inService).toBe(3);
  });

  test('an instance refresh replaces every instance in batches that keep min healthy in service', () => {
    const refresh = { minHealthyPercentage: 50, maxHealthyPercentage: 100, warmupSeconds: 60 };
    const r = simulate(stackOf(group({ min: 4, desired: 4, instanceRefresh: refresh })), steps(30, { from: 0, rps: 10 }), { ...base, refreshAtSeconds: 300 });
    const done = eventsOf(r, 'refresh').find((e) => e.reason === 'instance refresh complete');
    expect(done).toBeDefined();
    // Two batches of 2, each waiting 60 s launch + 60 s warm-up.
    expect(done!.minute).toBe(9);
    expect(Math.min(...r.groups[0].series.slice(5).map((p) => p.inService))).toBe(2);
  });

  test('SQS backlog per instance scales a worker group out', () => {
    const worker = group({
      kind: 'worker',
      service: 'orders',
      healthyAfterSeconds: 0,
      unhealthyAfterSeconds: 120,
      targetTracking: [{ name: 'backlog', metric: 'backlog', targetValue: 50, disableScaleIn: false }],
    });
    // 3 messages/s in, 2 out: the backlog grows by 60 a minute.
    const r = simulate(stackOf(worker), steps(30, { from: 0, rps: 3 }), { ...base, capacityPerInstance: undefined, messagesPerRequest: 1, messagesPerInstancePerSecond: 1 });
    const out = eventsOf(r, 'scale-out');
    expect(out.length).toBeGreaterThan(0);
    expect(out[0].reason).toMatch(/backlog/);
    expect(r.groups[0].peakBacklog).toBeGreaterThan(100);
    expect(r.groups[0].maxInService).toBeGreaterThanOrEqual(3);
    expect(r.groups[0].series[29].backlog).toBe(0);
  });

  test('instance-hours and an injected price give the cost', () => {
    const r = simulate(stackOf(group()), steps(60, { from: 0, rps: 1 }), { ...base, priceLookup: (type, region) => (type === 't3.small' && region === 'eu-west-1' ? 0.0228 : undefined) });
    expect(r.groups[0].instanceHours).toBeCloseTo(2, 1);
    expect(r.groups[0].costUsd).toBeCloseTo(0.0228 * r.groups[0].instanceHours, 3);
    expect(r.groups[0].costUsd).toBeGreaterThan(0.04);
    expect(r.totals.costUsd).toBe(r.groups[0].costUsd);
    expect(simulate(stackOf(group()), steps(60, { from: 0, rps: 1 }), base).totals.costUsd).toBeUndefined();
  });

  test('bad input is refused with the fix', () => {
    expect(() => simulate(stackOf(group()), steps(10, { from: 0, rps: 1 }), { stepSeconds: 7 })).toThrow(/stepSeconds \(7\) must divide 60/);
    expect(() => simulate(stackOf(group()), steps(10, { from: 0, rps: 1 }), { failures: [{ kind: 'az', az: 5, atSeconds: 60 }] })).toThrow(/az:5: the stack's groups span AZs 0-1/);
  });
});
