import { scaleUpAfterFlip } from '../../../src/tools/simulate/region-failover';
import { BOOT_SECONDS_BY_IMAGE_SOURCE, PENDING_SECONDS } from '../../../src/tools/simulate/assumptions';
import { simulate } from '../../../src/tools/simulate/engine';
import { GroupModel } from '../../../src/tools/simulate/model';
import { group, stackOf, steps } from './support';

/** The primary web group serves `rps` on 2 instances; its DR copy stands at `standby` (0: pilot light). */
function flip(strategy: 'pilot-light' | 'warm-standby' | 'backup-restore', rps: number, overrides: Partial<GroupModel> = {}) {
  const primary = stackOf(group({ min: 2, desired: 2, max: 10, healthCheckGraceSeconds: 300, ...overrides }));
  const standbyMin = strategy === 'warm-standby' ? 1 : 0;
  const standby = strategy === 'backup-restore' ? stackOf() : stackOf(group({ name: 'test-dr-web', min: standbyMin, desired: standbyMin, max: 10, healthCheckGraceSeconds: 300, ...overrides }));
  return scaleUpAfterFlip({ stack: 'test', strategy, drRegion: 'eu-central-1', primary, standby, traffic: steps(20, { from: 0, rps }), capacityPerInstance: 30 });
}

describe('region failover: the DR fleet scales up through the launch phases', () => {
  test('pilot light launches from 0: nothing is served until pending + boot + health checks have passed', () => {
    for (const imageSource of ['demo', 'baked', 'bundle'] as const) {
      const r = flip('pilot-light', 80, { imageSource });
      const launchSeconds = PENDING_SECONDS + BOOT_SECONDS_BY_IMAGE_SOURCE[imageSource].seconds + 30;
      const bootSeconds = BOOT_SECONDS_BY_IMAGE_SOURCE[imageSource].seconds;
      expect(r.services[0]).toMatchObject({ from: 0, to: 2, launch: { pendingSeconds: PENDING_SECONDS, bootSeconds, healthySeconds: 30, imageSource } });
      // The first whole minute after the instances turn healthy is served in full; every minute before fails.
      expect(r.baselineServedMinute).toBe(Math.ceil(launchSeconds / 60));
      expect(r.firstServedMinute).toBe(Math.floor(launchSeconds / 60));
      const web = r.result.groups[0];
      for (const p of web.series.slice(0, Math.floor(launchSeconds / 60))) expect(p.served).toBe(0);
      // The series counts the fewest serving in a minute: the group is at capacity for the whole minute after the launch.
      expect(r.services[0].atCapacityMinute).toBe(Math.ceil(launchSeconds / 60));
    }
  });

  test('warm standby serves from minute 0 and is never slower than the pilot light; faster when its standby carries the baseline', () => {
    // 80 req/s needs both instances (60 req/s each at 100 % CPU): the standby serves part at once, the rest waits for the launch.
    const pilot = flip('pilot-light', 80);
    const warm = flip('warm-standby', 80);
    expect(warm.services[0]).toMatchObject({ from: 1, to: 2 });
    expect(warm.firstServedMinute).toBe(0);
    expect(pilot.firstServedMinute).toBeGreaterThan(warm.firstServedMinute!);
    expect(warm.baselineServedMinute!).toBeLessThanOrEqual(pilot.baselineServedMinute!);
    expect(warm.result.totals.failed).toBeLessThan(pilot.result.totals.failed);
    // 40 req/s: one standby instance carries the baseline, so nothing fails at all.
    const light = flip('warm-standby', 40);
    expect(light.baselineServedMinute).toBe(0);
    expect(light.result.totals.failed).toBe(0);
    expect(flip('pilot-light', 40).baselineServedMinute).toBe(2);
  });

  test('backup-restore redeploys the primary groups from code: they start empty, like a pilot light', () => {
    const r = flip('backup-restore', 80);
    expect(r.fleetFrom).toBe('redeployed');
    expect(r.services[0]).toMatchObject({ from: 0, to: 2 });
    expect(r.baselineServedMinute).toBe(flip('pilot-light', 80).baselineServedMinute);
  });

  test('workers only (a web tier on Beanstalk or EKS): at the baseline once every group runs what it was scaled to', () => {
    const worker = group({ kind: 'worker', service: 'worker', healthyAfterSeconds: 0, healthCheckType: 'EC2', targetTracking: [] });
    const standby = stackOf({ ...worker, min: 0, desired: 0 });
    const r = scaleUpAfterFlip({ stack: 'test', strategy: 'pilot-light', drRegion: 'eu-central-1', primary: stackOf(worker), standby, traffic: steps(10, { from: 0, rps: 5 }) });
    // pending 30 s + demo boot 60 s: both instances work from the second minute.
    expect(r.baselineServedMinute).toBe(Math.ceil((PENDING_SECONDS + BOOT_SECONDS_BY_IMAGE_SOURCE.demo.seconds) / 60));
  });

  test('the resize is an update-auto-scaling-group: desired clamped into the new bounds, and named in the events', () => {
    const r = simulate(stackOf(group({ min: 0, desired: 0, max: 0 })), steps(5, { from: 0, rps: 10 }), {
      resizes: [{ atSeconds: 60, service: 'web', min: 3, max: 6, desired: 9 }],
    });
    expect(r.events.find((e) => e.what === 'resize')).toMatchObject({ minute: 1, from: 0, to: 6 });
    expect(() => simulate(stackOf(group()), steps(5, { from: 0, rps: 10 }), { resizes: [{ atSeconds: 0, service: 'api', desired: 1 }] })).toThrow(
      /resize of service "api": the stack's groups run web/,
    );
  });
});
