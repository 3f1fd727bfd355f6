import { HOURS_PER_MONTH, TRAFFIC, estimateStack, readStack } from '../../../src/tools/cost';
import { computeAzCount, fleetSubnets } from '../../../src/tools/cost/fleet-azs';
import { AUTO_MODE_POOL_TYPE } from '../../../src/tools/cost/stack';
import { profileJson } from '../../support/profiles';

/**
 * EKS Auto Mode NodePools (from the eks_node_pools output, over the cluster's subnets) and Beanstalk
 * environments' instances are the compute fleet: baseline at min, peak at max, and the savings (Graviton,
 * Savings Plan, fewer AZs) count them like Auto Scaling groups.
 */
/** The fleets of a type as [name, body]: resources from the JSON, or the pseudo-resources readStack adds for NodePools. */
const fleetsOf = (stack: ReturnType<typeof readStack>, json: any, type: string): [string, any][] =>
  type === AUTO_MODE_POOL_TYPE ? stack.ofType(type).map((r) => [r.name, r.body]) : Object.entries<any>(json.resource[type]);
const priced = (name: string) => {
  const json = profileJson(name);
  return { json, stack: readStack(name, json), cost: estimateStack(readStack(name, json), TRAFFIC['tv-evening']) };
};

describe.each([
  ['ecommerce-eks', AUTO_MODE_POOL_TYPE, (b: any) => [b.scaling_config.min_size, b.scaling_config.max_size]],
  [
    'fastier-beanstalk',
    'aws_elastic_beanstalk_environment',
    (b: any) => ['MinSize', 'MaxSize'].map((n) => Number(b.setting.find((s: any) => s.namespace === 'aws:autoscaling:asg' && s.name === n).value)),
  ],
])('%s', (name, type, bounds) => {
  const { json, stack, cost } = priced(name);
  const fleets = fleetsOf(stack, json, type);
  const asgs = Object.values<any>(json.resource.aws_autoscaling_group ?? {});

  it(`counts every ${type} as a fleet: instance-hours at min in the baseline and at max at peak`, () => {
    expect(fleets.length).toBeGreaterThanOrEqual(2);
    for (const [rname, body] of fleets) {
      const [min, max] = bounds(body);
      const at = (mode: 'baseline' | 'peak') => cost[mode].lines.find((l) => l.address === `${type}.${rname}` && l.unit.startsWith('instance-hour'))!;
      expect(at('baseline').quantity).toBe(min * HOURS_PER_MONTH);
      expect(at('peak').quantity).toBe(max * HOURS_PER_MONTH);
      expect(at('baseline').tier).toBe('compute');
    }
    const expected = (i: 0 | 1) => (fleets.reduce((a, [, b]) => a + bounds(b)[i], 0) + asgs.reduce((a, g) => a + Number(i ? g.max_size : g.min_size), 0)) * HOURS_PER_MONTH;
    expect(cost.usage.baseline.instanceHours).toBe(expected(0));
    expect(cost.usage.peak.instanceHours).toBe(expected(1));
  });

  it('counts the AZs the fleets span for the "fewer AZs" saving (not only load balancers)', () => {
    const azs = new Set(fleets.flatMap(([, b]) => fleetSubnets({ type, name: '', address: '', region: stack.region, body: b })).map((a) => stack.byAddress(a)!.body.availability_zone));
    expect(azs.size).toBeGreaterThanOrEqual(2);
    expect(computeAzCount(stack)).toBe(azs.size);
    const saving = cost.savings.find((s) => s.title.startsWith('fewer AZs'))!;
    expect(saving.detail).not.toContain('already 0 AZs');
    if (azs.size > 2) expect(saving.detail).toContain(`${azs.size} AZs survive an AZ loss`);
    else expect(saving.detail).toBe(`already ${azs.size} AZs`);
  });

  it('offers Graviton and the Savings Plan on the fleet', () => {
    const graviton = cost.savings.find((s) => s.title.startsWith('Graviton'))!;
    for (const [rname] of fleets.filter(([, b]) => bounds(b)[0] > 0)) expect(graviton.detail).toContain(rname.replace(/_[0-9A-F]{8}$/, ''));
    const plan = cost.savings.find((s) => s.title.startsWith('Compute Savings Plan'))!;
    const base = cost.baseline.lines.filter((l) => l.type === type && l.unit.startsWith('instance-hour')).reduce((a, l) => a + l.monthlyUsd, 0);
    expect(base).toBeGreaterThan(0);
    expect(plan.monthlyUsd).toBeGreaterThan(0);
  });
});

describe('ecommerce-eks Spot NodePool', () => {
  const { json, stack, cost } = priced('ecommerce-eks');
  const [spotName] = fleetsOf(stack, json, AUTO_MODE_POOL_TYPE).find(([, b]) => b.capacity_type === 'SPOT')!;

  it('reads the NodePools the manifests define from the eks_node_pools output, with the profile\'s bounds', () => {
    const pools = json.output.eks_node_pools.value;
    expect(pools.map((p: any) => [p.pool, p.capacity_type, p.min_size, p.max_size])).toEqual([['spot', 'SPOT', 0, 20], ['on-demand', 'ON_DEMAND', 3, 12]]);
    expect(stack.ofType(AUTO_MODE_POOL_TYPE)).toHaveLength(2);
  });

  it('says its instance-hours are Spot priced at on-demand (an upper bound), and keeps it out of the Savings Plan', () => {
    const peak = cost.peak.lines.find((l) => l.address === `${AUTO_MODE_POOL_TYPE}.${spotName}` && l.unit.startsWith('instance-hour'))!;
    expect(peak.unit).toContain('Spot, at the on-demand price as an upper bound');
    const plan = cost.savings.find((s) => s.title.startsWith('Compute Savings Plan'))!;
    const onDemand = cost.baseline.lines.filter((l) => l.type === AUTO_MODE_POOL_TYPE && !l.address.includes(spotName) && l.unit.startsWith('instance-hour')).reduce((a, l) => a + l.monthlyUsd, 0);
    expect(plan.detail).toContain(`$${onDemand.toFixed(2)}/month of instances`);
  });
});
