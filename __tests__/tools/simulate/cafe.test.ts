import { cafe } from '../../../src/config/profiles';
import { ProfileConfig } from '../../../src/config/types';
import { readStack } from '../../../src/tools/simulate/model';
import { simulate, SimulateOptions } from '../../../src/tools/simulate/engine';
import { tvEvening } from '../../../src/tools/simulate/traffic';
import { verdict } from '../../../src/tools/simulate/verdict';
import { synthProfile } from './support';

/** The café's stack as synthesized, simulated through the TV evening with the defaults: 60 s metric lag, schedules 2 min late. */
const run = (profile: ProfileConfig, options: SimulateOptions = {}) => simulate(readStack(profile.name, synthProfile(profile)), tvEvening(), options);
const noSchedule: ProfileConfig = { ...cafe, services: cafe.services.map((s) => ({ ...s, schedules: undefined })) };

describe('the café through its TV evening (the simulator answers the config, not a constant)', () => {
  test('with the scheduled scale-out before the show: no request fails, under the default metric lag and a late schedule', () => {
    const r = run(cafe);
    expect(r.totals.failed).toBe(0);
    expect(r.assumptions.find((a) => a.name === 'metric publication lag')?.value).toMatch(/^60 s/);
    // 19:30 London = 18:30 UTC, fired at its worst case 2 minutes late.
    expect(r.events.find((e) => e.what === 'schedule')).toMatchObject({ time: '2026-06-05T18:32:00Z', from: 2, to: 6 });
    const web = r.groups[0];
    expect(web.absorbedAtMinute).toBe(120);
    expect(web.maxInService).toBe(12);
    expect(web.launchPhases).toEqual({ pendingSeconds: 30, bootSeconds: 60, healthySeconds: 30, imageSource: 'demo', monitoring: 'detailed' });
  });

  test('without its schedules it fails requests at the spike and says when; each minute of lag costs more', () => {
    const json = synthProfile(noSchedule);
    expect(json.resource.aws_autoscaling_schedule).toBeUndefined();
    const r = run(noSchedule);
    const web = r.groups[0];
    expect(r.totals.failed).toBeGreaterThan(0);
    // The spike starts at minute 120 (20:00 London); 2 instances overflow within its 5-minute ramp.
    expect(web.firstDropMinute).toBeGreaterThanOrEqual(120);
    expect(web.firstDropMinute).toBeLessThan(126);
    expect(web.peakShortfall.instances).toBeGreaterThan(0);
    expect(web.peakShortfall.minute).toBeGreaterThanOrEqual(web.firstDropMinute!);
    expect(web.absorbedAtMinute).toBe(web.lastDropMinute! + 1);
    expect(web.minutesAboveCpuTarget).toBeGreaterThan(0);
    expect(web.peakP95Ms).toBe(60000);
    const noLag = run(noSchedule, { metricLagSeconds: 0 }).totals.failed;
    const twoMinutes = run(noSchedule, { metricLagSeconds: 120 }).totals.failed;
    expect(noLag).toBeLessThan(r.totals.failed);
    expect(twoMinutes).toBeGreaterThan(r.totals.failed);
    // A slower boot (a bundle installed at boot) loses more still.
    expect(run(noSchedule, { bootSeconds: 120 }).totals.failed).toBeGreaterThan(r.totals.failed);
  });

  test('the "before" run on the single server the scenario starts from fails most of the peak; the verdict has the margin', () => {
    const model = readStack('cafe', synthProfile(cafe));
    const after = simulate(model, tvEvening());
    const v = verdict(model, tvEvening(), {}, after);
    expect(v.before.failedAtPeakPercent).toBeGreaterThan(50);
    expect(v.before.failed).toBeGreaterThan(after.totals.failed);
    expect(v.after.failed).toBe(0);
    expect(v.minCapacityForZeroFailures).not.toBeNull();
    expect(v.minCapacityForZeroFailures!).toBeLessThan(30);
    expect(v.marginPercent!).toBeGreaterThan(0);
    // The minimum is a real edge: at it nothing fails, 10 % below it something does.
    const at = (c: number) => simulate(model, tvEvening(), { capacityPerInstance: c }).totals.failed;
    expect(at(v.minCapacityForZeroFailures!)).toBe(0);
    expect(at(v.minCapacityForZeroFailures! * 0.9)).toBeGreaterThan(0);
  });
});
