import { synthesizedProfiles } from '../../support/profiles';
import { planRegionFailover, regionFailoverText } from '../../../src/tools/dr/runbook';
import { regionObjectives } from '../../../src/tools/dr/objectives';
import { disasterRecoveryOfJson } from '../../../src/tools/tfjson';

const synth = synthesizedProfiles();

describe('npm run drill -- <stack> region-failover', () => {
  test('ecommerce (pilot light): promote with backups on, a managed secret, every DR group scaled to its primary, CloudFront moved, the fail-back', () => {
    const json = synth.read('ecommerce');
    const plan = planRegionFailover('ecommerce', json);
    const text = regionFailoverText(plan);
    const dr = disasterRecoveryOfJson('ecommerce', json)!;
    expect(dr.strategy).toBe('pilot-light');
    expect(text).toMatch(/aws rds promote-read-replica --region us-west-2 --db-instance-identifier shop-production-db-dr --backup-retention-period 35 --preferred-backup-window 02:00-03:00/);
    expect(text).toMatch(/aws rds modify-db-instance --region us-west-2 --db-instance-identifier shop-production-db-dr --manage-master-user-password --apply-immediately/);
    expect(text).toMatch(/aws ssm put-parameter --region us-west-2 --name \/stormproof\/shop-production\/db\/secret_arn/);
    // One update-auto-scaling-group per DR group, sized as its primary counterpart (min, max, desired).
    const scaled = dr.fleets.filter((f) => f.dr);
    expect(scaled.map((f) => f.service).sort()).toEqual(['api', 'orders', 'web']);
    for (const f of scaled) {
      expect(f.dr!.desired).toBe(0);
      expect(text).toContain(
        `aws autoscaling update-auto-scaling-group --region us-west-2 --auto-scaling-group-name ${f.dr!.name} --min-size ${f.primary!.min} --max-size ${f.primary!.max} --desired-capacity ${f.primary!.desired}`,
      );
    }
    expect(text).toMatch(/fail-back:\n1\. Once us-east-1 is back: rebuild the primary database as a replica/);
    expect(text).toMatch(/aws rds create-db-instance-read-replica --region us-east-1 --db-instance-identifier shop-production-db /);
    // The ordered steps: confirm, promote, parameters, scale, traffic.
    expect(plan.steps.map((s) => s.title.split(' ')[0])).toEqual(['Confirm', 'Promote', 'Re-point', 'Scale', 'Traffic:', 'Queues:']);
    expect(plan.expected[0]).toBe(`RTO: ${plan.objectives.rto}`);
    expect(plan.expected[1]).toBe(`RPO: ${plan.objectives.rpo}`);
  });

  test('fastier (warm standby): Route 53 fails over to the DR load balancer by itself; the groups start from their standby min', () => {
    const json = synth.read('fastier');
    const plan = planRegionFailover('fastier', json);
    const dr = plan.objectives.dr;
    expect(dr.strategy).toBe('warm-standby');
    expect(dr.dns?.secondaryTarget).toBe('dr-alb');
    expect(plan.steps.find((s) => s.title.startsWith('Traffic'))!.title).toMatch(/Route 53 fails app\.fastier\.example\.com over to the DR load balancer by itself/);
    expect(plan.objectives.scaleUp!.services.every((s) => s.from >= 1)).toBe(true);
    expect(plan.objectives.scaleUp!.firstServedMinute).toBe(0);
  });

  test('a stack without DR is told so, with the fix; backup-restore redeploys the app tier and says how long that takes', () => {
    expect(() => planRegionFailover('cafe', synth.read('cafe'))).toThrow(/stack "cafe" has no disaster recovery: .* Add disasterRecovery: \{ region: "<another region>", strategy: "pilot-light" \}/);
    const eb = planRegionFailover('fastier-beanstalk', synth.read('fastier-beanstalk'));
    expect(eb.objectives.strategy).toBe('backup-restore');
    expect(eb.steps.map((s) => s.title).join('\n')).toMatch(/Deploy the app tier in eu-central-1 from code/);
  });

  test('RTO follows the strategy: warm standby < pilot light < backup-restore; RPO is the replica lag for all three', () => {
    const rto = (stack: string) => regionObjectives(stack, synth.read(stack))!;
    const warm = rto('fastier');
    const pilot = rto('ecommerce');
    const backup = rto('fastier-beanstalk');
    expect(warm.rtoMinutes).toBeLessThan(pilot.rtoMinutes);
    expect(pilot.rtoMinutes).toBeLessThan(backup.rtoMinutes);
    for (const o of [warm, pilot, backup]) expect(o.rpo).toMatch(/^database: seconds \(the lag of the cross-region replica at promotion/);
    // The RTO is the sum of its parts: detection, decision, the slower of the parallel steps, the traffic switch.
    for (const o of [warm, pilot, backup]) {
      const s = o.steps;
      expect(o.rtoMinutes).toBe(s.detect.minutes + s.decide.minutes + Math.max(...s.parallel.map((p) => p.minutes)) + s.traffic.minutes);
      expect(o.rto).toMatch(new RegExp(`^about ${o.rtoMinutes} min \\(${o.strategy}: `));
    }
  });
});
