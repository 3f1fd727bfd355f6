/**
 * What the disaster-recovery region costs while nothing has failed (the "Disaster recovery standing cost" of
 * cost.md): every DR-region line of the baseline month at that region's prices, split into what backup-restore keeps
 * there (network, database replica, backup copies) and the standby app tier a pilot light or warm standby adds, with
 * the other strategies priced from the same lines where the JSON allows it honestly. Standby resources serve no
 * traffic before a failover, so their fleets stay at their standby size and their load balancers carry no LCUs in
 * every month priced (dr-standby.ts, which fleet.ts and pricers.ts call).
 */
import { DR_PROVIDER, DR_TAG, DrStrategy, disasterRecoveryOf, tagOf } from '../tfjson';
import { isDrStandby } from './dr-standby';
import { HOURS_PER_MONTH, price, round2, usd } from './prices';
import { Line, MonthCost, TIERS } from './line';
import type { Fleet } from './fleet';
import { Stack } from './stack';

export interface StrategyCost {
  readonly strategy: DrStrategy;
  /** undefined when it cannot be priced from this stack's JSON (said in `how`). */
  readonly monthlyUsd: number | undefined;
  readonly how: string;
}

export interface DrStandingCost {
  readonly strategy: DrStrategy;
  readonly region: string;
  /** The DR region's baseline lines. */
  readonly lines: readonly Line[];
  readonly totalUsd: number;
  /** Of the total: the standby app tier (fleets, ALB, queues, replicated buckets, its NAT) vs what backup-restore keeps. */
  readonly appTierUsd: number;
  readonly dataUsd: number;
  readonly strategies: readonly StrategyCost[];
}

/**
 * Standby app-tier resources: tagged `stormproof:dr` or the DR network's NAT (it exists for a standby tier), and what
 * refers to them; not the static/media replica CloudFront fails over to (and its maintenance page), which every
 * strategy keeps.
 */
function appTierAddresses(stack: Stack): Set<string> {
  const ix = stack.index;
  const dr = ix.all.filter((r) => r.provider === DR_PROVIDER);
  const cdnOrigins = new Set(ix.of('aws_cloudfront_distribution').flatMap((d) => ix.refs(d.config.origin)));
  const kept = new Set(dr.filter((r) => r.type === 'aws_s3_bucket' && cdnOrigins.has(r.address)).map((r) => r.address));
  for (const r of dr) if (ix.refs(r.config).some((a) => kept.has(a))) kept.add(r.address);
  const tier = new Set(
    dr.filter((r) => !kept.has(r.address) && (tagOf(r, DR_TAG) !== undefined || r.type === 'aws_nat_gateway' || r.type === 'aws_eip')).map((r) => r.address),
  );
  for (const r of dr) if (!tier.has(r.address) && !kept.has(r.address) && ix.refs(r.config).some((a) => tier.has(a) && ix.get(a)?.type !== 'aws_vpc')) tier.add(r.address);
  return tier;
}

/** The DR region's standing cost; undefined for a stack with nothing in a DR region. */
export function drStandingCost(stack: Stack, baseline: MonthCost, fleets: ReadonlyMap<string, Fleet>): DrStandingCost | undefined {
  const view = disasterRecoveryOf(stack.index, undefined, stack.region);
  if (!view) return undefined;
  const lines = baseline.lines.filter((l) => isDrStandby(stack, l.address));
  const tier = appTierAddresses(stack);
  const total = round2(lines.reduce((a, l) => a + l.monthlyUsd, 0));
  const appTier = round2(lines.filter((l) => tier.has(l.address)).reduce((a, l) => a + l.monthlyUsd, 0));
  const data = round2(total - appTier);
  const drFleets = [...fleets.values()].filter((f) => isDrStandby(stack, f.address));
  const running = round2(lines.filter((l) => fleets.has(l.address)).reduce((a, l) => a + l.monthlyUsd, 0));
  // One instance per DR group all month, at the DR region's prices: what warm-standby's default standby.min adds.
  const oneEach = round2(
    drFleets.reduce((a, f) => {
      const month = price(f.region, 'ec2', f.instanceType).usd * HOURS_PER_MONTH + price(f.region, 'ebs', 'gp3GbMonth').usd * f.volumeGb;
      return a + month + (f.detailedMonitoring ? price(f.region, 'cloudwatch', 'detailedMonitoringInstanceMonth').usd : 0);
    }, 0),
  );
  const strategies: StrategyCost[] = [
    { strategy: 'backup-restore', monthlyUsd: data, how: 'network, database replica, backup copies, the static/media replica and keys: the lines above without the standby app tier' },
  ];
  if (drFleets.length === 0) {
    const why = 'not priced: this stack has no DR app tier to price (disasterRecovery.strategy pilot-light or warm-standby adds it; compute ec2 only)';
    strategies.push({ strategy: 'pilot-light', monthlyUsd: undefined, how: why }, { strategy: 'warm-standby', monthlyUsd: undefined, how: why });
  } else {
    const pilot = round2(total - running);
    strategies.push(
      { strategy: 'pilot-light', monthlyUsd: pilot, how: `the standby tier with every DR group at 0: ${usd(pilot - data)} over backup-restore (load balancer, NAT, queues, replicated buckets)` },
      {
        strategy: 'warm-standby',
        monthlyUsd: view.strategy === 'warm-standby' ? total : round2(pilot + oneEach),
        how:
          view.strategy === 'warm-standby'
            ? `this stack: its DR groups run ${drFleets.map((f) => `${f.min} ${f.instanceType}`).join(', ')} all month`
            : `pilot-light plus one instance per DR group (standby.min 1: ${drFleets.map((f) => f.instanceType).join(', ')}) at ${view.drRegion} prices, ${usd(oneEach)}`,
      },
    );
  }
  return { strategy: view.strategy, region: view.drRegion, lines, totalUsd: total, appTierUsd: appTier, dataUsd: data, strategies };
}

const shortAddress = (a: string) => a.replace(/_[0-9A-F]{8}$/, '');

/** The cost.md section. */
export function drCostMarkdown(d: DrStandingCost | undefined): string[] {
  if (!d) return [];
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const byTier = TIERS.map((t) => [t, round2(d.lines.filter((l) => l.tier === t).reduce((a, l) => a + l.monthlyUsd, 0))] as const).filter(([, v]) => v > 0);
  const top = [...d.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).filter((l) => l.monthlyUsd > 0).slice(0, 8);
  return [
    '## Disaster recovery standing cost',
    '',
    `Strategy **${d.strategy}**: what ${d.region} costs a month while nothing has failed, at ${d.region} prices (included in the totals above; `
      + `standby fleets stay at their standby size and the standby load balancer carries no traffic in every month priced). `
      + `**${usd(d.totalUsd)} a month**: ${usd(d.dataUsd)} kept by every strategy (network, database replica, backup copies, static/media replica), ${usd(d.appTierUsd)} for the standby app tier.`,
    '',
    `| tier | ${d.region} monthly |`,
    '| --- | ---: |',
    ...byTier.map(([t, v]) => `| ${t} | ${usd(v)} |`),
    '',
    'Largest standing lines:',
    '',
    '| resource | quantity | monthly |',
    '| --- | --- | ---: |',
    ...top.map((l) => `| \`${shortAddress(l.address)}\` | ${l.quantity} ${esc(l.unit)} | ${usd(l.monthlyUsd)} |`),
    '',
    'The strategies compared, standing cost in the DR region (the failover itself then bills the scaled-up fleet by the hour):',
    '',
    '| strategy | monthly | how |',
    '| --- | ---: | --- |',
    ...d.strategies.map((s) => `| ${s.strategy}${s.strategy === d.strategy ? ' (this stack)' : ''} | ${s.monthlyUsd === undefined ? '–' : usd(s.monthlyUsd)} | ${esc(s.how)} |`),
    '',
  ];
}
