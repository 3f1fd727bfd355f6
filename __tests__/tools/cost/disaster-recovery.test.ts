import { synthesizedProfiles } from '../../support/profiles';
import { costUnderOwnScenario, markdownReport, price } from '../../../src/tools/cost';
import { HOURS_PER_MONTH } from '../../../src/tools/cost/prices';

const synth = synthesizedProfiles();
const cost = (stack: string) => costUnderOwnScenario(stack, synth.read(stack));

describe('cost.md: the disaster-recovery region standing cost', () => {
  test('ecommerce (pilot light): DR-region lines at us-west-2 prices; the standby ALB carries no LCUs in any month; strategies compared', () => {
    const c = cost('ecommerce');
    const dr = c.disasterRecovery!;
    expect(dr).toMatchObject({ strategy: 'pilot-light', region: 'us-west-2' });
    const alb = dr.lines.find((l) => l.type === 'aws_lb' && l.unit === 'ALB-hour')!;
    expect(alb.unitPriceUsd).toBe(price('us-west-2', 'elb', 'albHour').usd);
    for (const month of [c.baseline, c.scenario, c.peak]) {
      const lcu = month.lines.find((l) => l.address === alb.address && l.unit === 'LCU-hour')!;
      expect(lcu.quantity).toBe(0);
      // Pilot light: the DR groups run nothing whatever the traffic.
      for (const l of month.lines.filter((x) => x.type === 'aws_autoscaling_group' && x.address.startsWith('aws_autoscaling_group.dr_'))) expect(l.quantity).toBe(0);
    }
    expect(dr.totalUsd).toBeCloseTo(dr.lines.reduce((a, l) => a + l.monthlyUsd, 0), 2);
    expect(dr.totalUsd).toBeCloseTo(dr.dataUsd + dr.appTierUsd, 2);
    const [backup, pilot, warm] = dr.strategies;
    expect([backup.strategy, pilot.strategy, warm.strategy]).toEqual(['backup-restore', 'pilot-light', 'warm-standby']);
    expect(pilot.monthlyUsd).toBe(dr.totalUsd);
    expect(backup.monthlyUsd!).toBeLessThan(pilot.monthlyUsd!);
    // Warm standby adds one instance per DR group all month at us-west-2 prices (root volumes included).
    const oneEach = c.fleets.filter((f) => f.address.startsWith('aws_autoscaling_group.dr_')).length;
    expect(oneEach).toBe(3);
    expect(warm.monthlyUsd! - pilot.monthlyUsd!).toBeGreaterThan(2 * price('us-west-2', 'ec2', 't3.medium').usd * HOURS_PER_MONTH);
    const md = markdownReport(c, 'cdk.tf.json');
    expect(md).toContain('## Disaster recovery standing cost');
    expect(md).toMatch(/\| pilot-light \(this stack\) \| \$\d+\.\d\d \|/);
  });

  test('fastier (warm standby): its DR groups run their standby min in every month; pilot light priced without them', () => {
    const c = cost('fastier');
    const dr = c.disasterRecovery!;
    expect(dr.strategy).toBe('warm-standby');
    const standby = (m: typeof c.baseline) => m.lines.filter((l) => l.type === 'aws_autoscaling_group' && l.unit.startsWith('instance-hour') && dr.lines.some((d) => d.address === l.address));
    expect(standby(c.baseline).length).toBeGreaterThan(0);
    expect(standby(c.peak).map((l) => l.quantity)).toEqual(standby(c.baseline).map((l) => l.quantity));
    const [, pilot, warm] = dr.strategies;
    expect(warm.monthlyUsd).toBe(dr.totalUsd);
    expect(pilot.monthlyUsd!).toBeLessThan(warm.monthlyUsd!);
  });

  test('backup-restore (fastier-beanstalk) prices what it keeps and says why the other strategies are not priced; cafe has no section', () => {
    const dr = cost('fastier-beanstalk').disasterRecovery!;
    expect(dr.strategy).toBe('backup-restore');
    expect(dr.appTierUsd).toBe(0);
    expect(dr.strategies[0].monthlyUsd).toBe(dr.totalUsd);
    expect(dr.strategies.slice(1).map((s) => s.monthlyUsd)).toEqual([undefined, undefined]);
    expect(dr.strategies[1].how).toMatch(/no DR app tier to price/);
    expect(cost('cafe').disasterRecovery).toBeUndefined();
    expect(markdownReport(cost('cafe'), 'x')).not.toContain('Disaster recovery standing cost');
  });
});
