/** design.md's alternatives: the four big choices per stack, each quoting its own stack's counts and cost-report dollars. */
import { PROFILES } from '../../../src/config/profiles';
import { costUnderOwnScenario } from '../../../src/tools/cost';
import { builtInDesign } from './built-in-design';
import { synthProfiles } from './support';

const names = Object.keys(PROFILES);
const synth = synthProfiles(names.join(','));
const jsons = Object.fromEntries(names.map((n) => [n, synth.read(n)]));
const docs = Object.fromEntries(names.map((n) => [n, builtInDesign(n)]));

const TITLES = [
  'CloudFront in front, for assets only, or not at all',
  'Where the services run: EC2 Auto Scaling, Elastic Beanstalk or EKS',
  'Egress: a NAT gateway per AZ, one shared, or none',
  'Database: Multi-AZ standby, read replicas, or both',
];

/** The bullets under `### title` in the alternatives section. */
function choice(doc: string, title: string): { here: string; instead: string[]; why: string } {
  const section = /## Alternatives and trade-offs\n([\s\S]*?)(?=\n## )/.exec(doc)?.[1];
  if (!section) throw new Error('no alternatives section');
  const block = section.split('\n### ').find((b) => b.startsWith(title));
  if (!block) throw new Error(`no "### ${title}"`);
  const bullets = block.split('\n').filter((l) => l.startsWith('- '));
  const here = bullets.find((b) => b.startsWith('- **This stack:** '));
  const why = bullets.find((b) => b.startsWith('- **Why this one here:** '));
  if (!here || !why) throw new Error(`"### ${title}" lacks its "This stack" or "Why" bullet`);
  return { here, why, instead: bullets.filter((b) => b !== here && b !== why) };
}

const ofType = (json: any, type: string) => Object.entries<any>(json.resource[type] ?? {}).map(([id, config]) => ({ address: `${type}.${id}`, config }));
/** The resources in the stack's own region (the default provider's; a DR copy is not the choice argued). */
const primaryOf = (json: any, type: string) => ofType(json, type).filter((r) => r.config.provider === undefined);
const money = (n: number) => `$${(Math.round(n * 100) / 100).toFixed(2)}`;

test.each(names)('%s: four choices, each with this stack, at least one alternative and why', (n) => {
  for (const t of TITLES) {
    const c = choice(docs[n], t);
    expect(c.instead.length).toBeGreaterThanOrEqual(1);
    expect(c.why.length).toBeGreaterThan(80);
  }
});

test.each(names)('%s: the NAT choice quotes the JSON\'s NAT count and the cost report\'s NAT dollars', (n) => {
  const json = jsons[n];
  const nats = primaryOf(json, 'aws_nat_gateway');
  const lines = costUnderOwnScenario(n, json).scenario.lines.filter((l) => nats.some((x) => x.address === l.address));
  const c = choice(docs[n], TITLES[2]);
  expect(c.here).toContain(`${nats.length} NAT gateway${nats.length === 1 ? '' : 's'} for `);
  expect(c.here).toContain(`${money(lines.reduce((a, l) => a + l.monthlyUsd, 0))} a month in the cost report`);
  // The alternative is the other way round: per AZ where the stack shares one, single where it has one per AZ.
  expect(c.instead[0]).toContain(nats.length > 1 ? 'natGateways: "single"' : 'natGateways: "per-az"');
});

test.each(names)('%s: the database choice quotes its Multi-AZ setting and replica count from the JSON', (n) => {
  const json = jsons[n];
  const dbs = ofType(json, 'aws_db_instance');
  const primary = dbs.find((d) => d.config.replicate_source_db === undefined);
  const replicas = dbs.filter((d) => d.config.replicate_source_db !== undefined && d.config.provider === undefined);
  const c = choice(docs[n], TITLES[3]);
  if (!primary) {
    expect(c.here).toMatch(/^- \*\*This stack:\*\* No RDS database/);
    return;
  }
  expect(c.here).toContain(primary.config.identifier);
  expect(c.here).toContain(primary.config.multi_az === true ? 'Multi-AZ: a synchronous standby' : 'Single-AZ');
  expect(c.here).toContain(`${replicas.length} read replica${replicas.length === 1 ? '' : 's'}`);
  for (const r of replicas) expect(c.here).toContain(r.config.identifier);
  // The standby's dollars are half the primary's instance line in the cost report.
  const line = costUnderOwnScenario(n, json).scenario.lines.find((l) => l.address === primary.address && /instance-hour/.test(l.unit))!;
  if (primary.config.multi_az === true) expect(c.here).toContain(`${money(line.monthlyUsd / 2)} a month (half of its instance line)`);
});

test.each(names)('%s: the CloudFront and compute choices describe what the JSON builds', (n) => {
  const json = jsons[n];
  const cdn = choice(docs[n], TITLES[0]);
  const distributions = ofType(json, 'aws_cloudfront_distribution');
  if (!distributions.length) {
    const albOut = costUnderOwnScenario(n, json).scenario.lines.filter((l) => l.type === 'aws_lb' && /GB out to the internet/.test(l.unit));
    expect(cdn.here).toContain(`No CloudFront`);
    expect(cdn.here).toContain(`${money(albOut.reduce((a, l) => a + l.monthlyUsd, 0))} of egress`);
  } else {
    const vpcOrigin = distributions[0].config.origin.some((o: any) => o.vpc_origin_config && o.origin_id === distributions[0].config.default_cache_behavior.target_origin_id);
    expect(cdn.here).toContain(vpcOrigin ? 'in front of everything' : 'for static assets only');
  }
  const compute = choice(docs[n], TITLES[1]);
  for (const g of ofType(json, 'aws_autoscaling_group')) expect(compute.here).toContain(`${g.config.name} (`);
  if (ofType(json, 'aws_eks_cluster').length) expect(compute.here).toMatch(/^- \*\*This stack:\*\* EKS /);
  if (ofType(json, 'aws_elastic_beanstalk_environment').length) expect(compute.here).toMatch(/^- \*\*This stack:\*\* Elastic Beanstalk: /);
});

test('no two stacks share a choice\'s "this stack" or "why" text', () => {
  for (const t of TITLES) {
    for (const part of ['here', 'why'] as const) {
      const seen = new Map<string, string>();
      for (const n of names) {
        const text = choice(docs[n], t)[part];
        const other = seen.get(text);
        if (other) throw new Error(`${n} and ${other} share the ${part} of "${t}": ${text}`);
        seen.set(text, n);
      }
      expect(seen.size).toBe(names.length);
    }
  }
});
