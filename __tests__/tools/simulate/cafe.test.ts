import { cafe } from '../../../src/config/profiles';
import { ProfileConfig } from '../../../src/config/types';
import { readStack } from '../../../src/tools/simulate/model';
import { simulate } from '../../../src/tools/simulate/engine';
import { tvEvening } from '../../../src/tools/simulate/traffic';
import { synthProfile } from './support';

/** The café's stack as synthesized, simulated through the TV evening with the default per-instance capacity. */
const run = (profile: ProfileConfig, failures = []) => simulate(readStack(profile.name, synthProfile(profile)), tvEvening(), { failures });

describe('the café through its TV evening (the simulator answers the config, not a constant)', () => {
  test('with the scheduled scale-out before the show: no request dropped', () => {
    const r = run(cafe);
    expect(r.totals.dropped).toBe(0);
    expect(r.events.find((e) => e.what === 'schedule')).toMatchObject({ time: '2026-06-05T18:30:00Z', from: 2, to: 6 });
    const web = r.groups[0];
    expect(web.absorbedAtMinute).toBe(120);
    expect(web.maxInService).toBe(12);
  });

  test('the same stack without its schedules drops requests at the spike and says when', () => {
    const noSchedule: ProfileConfig = { ...cafe, services: cafe.services.map((s) => ({ ...s, schedules: undefined })) };
    const json = synthProfile(noSchedule);
    expect(json.resource.aws_autoscaling_schedule).toBeUndefined();
    const r = run(noSchedule);
    const web = r.groups[0];
    expect(r.totals.dropped).toBeGreaterThan(0);
    // The spike starts at minute 120 (20:00 London); 2 instances overflow within its 5-minute ramp.
    expect(web.firstDropMinute).toBeGreaterThanOrEqual(120);
    expect(web.firstDropMinute).toBeLessThan(126);
    expect(web.peakShortfall.instances).toBeGreaterThan(0);
    expect(web.peakShortfall.minute).toBeGreaterThanOrEqual(web.firstDropMinute!);
    expect(web.absorbedAtMinute).toBe(web.lastDropMinute! + 1);
  });

  test('losing an AZ at the peak shows the dip and the recovery', () => {
    const r = run(cafe, [{ kind: 'az', az: 1, atSeconds: 150 * 60 }] as never);
    const web = r.groups[0];
    expect(web.series[149].inService).toBe(12);
    expect(web.series[150].inService).toBe(6);
    expect(web.series[154].inService).toBe(12);
    expect(web.droppedTotal).toBeGreaterThan(0);
    expect(web.lastDropMinute).toBe(150);
  });
});
