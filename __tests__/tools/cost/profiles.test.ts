import { PROFILES } from '../../../src/config/profiles';
import { estimateStack, readStack, MODES, NOT_PRICED, PRICERS, TRAFFIC, TfJson } from '../../../src/tools/cost';
import { profileJson } from '../../support/profiles';

/**
 * Every shipped profile, as Testing.synth gives it (from the run's one synth of every profile), priced: each resource type is priced or listed as
 * not priced with a reason, baseline ≤ scenario ≤ peak for every traffic scenario, totals add up.
 */
const synthesized: Record<string, TfJson> = Object.fromEntries(
  Object.values(PROFILES).map((profile) => [profile.name, profileJson(profile.name)]),
);

/** What a type arriving without a pricer or a reason must be told to do. */
export function coverageProblems(types: Iterable<[string, string]>): string[] {
  const problems: string[] = [];
  for (const [type, where] of types) {
    if (!PRICERS[type] && !NOT_PRICED[type]) {
      problems.push(
        `${type} (in ${where}) is neither priced nor listed: add a pricer to PRICERS in src/tools/cost/pricers.ts, or add "${type}: '<why it costs nothing or where its cost is counted>'" to NOT_PRICED in src/tools/cost/not-priced.ts`,
      );
    }
  }
  return problems;
}

describe('cost coverage', () => {
  it('prices or explicitly does not price every resource type every profile synthesizes', () => {
    const types = new Map<string, string>();
    for (const [name, json] of Object.entries(synthesized)) {
      for (const [type, byName] of Object.entries(json.resource ?? {})) if (!types.has(type)) types.set(type, `${name}: ${type}.${Object.keys(byName)[0]}`);
    }
    expect(types.size).toBeGreaterThan(60);
    expect(coverageProblems(types)).toEqual([]);
  });

  it('names the exact type and both files when a type is missing', () => {
    expect(coverageProblems([['aws_made_up_thing', 'x: aws_made_up_thing.a']])).toEqual([
      'aws_made_up_thing (in x: aws_made_up_thing.a) is neither priced nor listed: add a pricer to PRICERS in src/tools/cost/pricers.ts, or add "aws_made_up_thing: \'<why it costs nothing or where its cost is counted>\'" to NOT_PRICED in src/tools/cost/not-priced.ts',
    ]);
  });

  it('never both prices and excuses a type, and every excuse says why', () => {
    expect(Object.keys(PRICERS).filter((t) => t in NOT_PRICED)).toEqual([]);
    for (const [type, reason] of Object.entries(NOT_PRICED)) expect([type, reason.length > 3]).toEqual([type, true]);
  });

  it('is ready for the types other features are adding (EKS, Beanstalk, CI/CD, FIS, CloudFront VPC origin, ACM, Route 53)', () => {
    const coming = [
      'aws_eks_cluster', 'aws_eks_node_group', 'aws_eks_addon', 'aws_elastic_beanstalk_application', 'aws_elastic_beanstalk_environment',
      'aws_codepipeline', 'aws_codebuild_project', 'aws_codedeploy_app', 'aws_codedeploy_deployment_group', 'aws_fis_experiment_template',
      'aws_cloudfront_vpc_origin', 'aws_acm_certificate', 'aws_acm_certificate_validation', 'aws_route53_zone', 'aws_route53_record', 'aws_route53_health_check',
    ];
    expect(coverageProblems(coming.map((t) => [t, 'upcoming']))).toEqual([]);
  });

  it('lists in each report what it does not price, with the reason', () => {
    const cost = estimateStack(readStack('cafe', synthesized.cafe), TRAFFIC['tv-evening']);
    const cloudtrail = cost.notPriced.find((n) => n.type === 'aws_cloudtrail');
    expect(cloudtrail).toEqual({ type: 'aws_cloudtrail', count: 1, reason: NOT_PRICED.aws_cloudtrail });
    expect(cost.notPriced.every((n) => !n.reason.startsWith('UNKNOWN'))).toBe(true);
  });
});

describe.each(Object.keys(PROFILES))('cost of %s', (name) => {
  it.each(Object.keys(TRAFFIC))('orders baseline ≤ scenario ≤ peak for traffic %s, totals being the sum of their lines', (traffic) => {
    const cost = estimateStack(readStack(name, synthesized[name]), TRAFFIC[traffic]);
    expect(cost.baseline.totalUsd).toBeGreaterThan(0);
    expect(cost.baseline.totalUsd).toBeLessThanOrEqual(cost.scenario.totalUsd);
    expect(cost.scenario.totalUsd).toBeLessThanOrEqual(cost.peak.totalUsd);
    for (const mode of MODES) {
      const m = cost[mode];
      const sum = Math.round(m.lines.reduce((a, l) => a + l.monthlyUsd, 0) * 100) / 100;
      expect(m.totalUsd).toBeCloseTo(sum, 2);
      for (const l of m.lines) expect([l.address, l.monthlyUsd]).toEqual([l.address, Math.round(l.quantity * l.unitPriceUsd * 100) / 100]);
    }
  });

  it('prices every Auto Scaling group as instance-hours naming the group', () => {
    const json = synthesized[name];
    const cost = estimateStack(readStack(name, json), TRAFFIC['tv-evening']);
    for (const asg of Object.keys(json.resource?.aws_autoscaling_group ?? {})) {
      const l = cost.scenario.lines.find((x) => x.address === `aws_autoscaling_group.${asg}` && x.unit.startsWith('instance-hour'));
      expect(l?.type).toBe('aws_autoscaling_group');
    }
  });
});

describe('where the bytes leave', () => {
  const units = (name: string, type: string) =>
    estimateStack(readStack(name, synthesized[name]), TRAFFIC['tv-evening']).scenario.lines.filter((l) => l.type === type).map((l) => l.unit);

  it('bills CloudFront, not the ALB, for data out when CloudFront fronts the ALB (origin fetches are free)', () => {
    expect(units('exercise', 'aws_lb')).not.toContain('GB out to the internet');
    expect(units('exercise', 'aws_cloudfront_distribution')).toEqual(['GB out (US/EU edges, first 10 TB)', '10,000 HTTPS requests (US/EU edges)']);
  });

  it('bills the ALB for data out when there is no CloudFront', () => {
    expect(units('lab', 'aws_lb')).toContain('GB out to the internet');
  });

  it('prices the standby region at its own prices and flags it as idle cost', () => {
    const cost = estimateStack(readStack('fastier', synthesized.fastier), TRAFFIC['tv-evening']);
    const dr = cost.scenario.lines.find((l) => l.type === 'aws_db_instance' && l.unit.includes('cross-region replica'));
    expect(dr).toMatchObject({ unit: 'instance-hour (postgres db.t4g.medium, cross-region replica)', unitPriceUsd: 0.074 });
    expect(cost.idle.find((i) => i.address === dr?.address)?.why).toContain('in eu-central-1 (standby region: paid even if never failed over)');
  });
});
