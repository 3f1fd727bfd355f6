/** What a stack's configuration could save a month, each priced against the scenario month, with why (not) to. */
import { Fleet } from './fleet';
import { Line, MonthCost } from './line';
import { HOURS_PER_MONTH, hasPrice, price, round2, usd } from './prices';
import { Resource, Stack, asList, refsIn } from './stack';
import { TrafficScenario } from './traffic';
import { computeAzCount } from './fleet-azs';
import type { Saving } from './saving';
import { extraSavings } from './savings-extra';

const p$ = (x: number) => `$${Number(x.toPrecision(4))}`;
const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });

export type { Saving } from './saving';

const GRAVITON: readonly [RegExp, string][] = [
  [/^t3\./, 't4g.'], [/^(m5|m6i)\./, 'm7g.'], [/^(c5|c6i)\./, 'c7g.'], [/^(r5|r6i)\./, 'r7g.'],
  [/^db\.t3\./, 'db.t4g.'], [/^db\.m5\./, 'db.m6g.'], [/^db\.r5\./, 'db.r6g.'],
  [/^cache\.t3\./, 'cache.t4g.'], [/^cache\.m5\./, 'cache.m6g.'], [/^cache\.r5\./, 'cache.r6g.'],
];
const gravitonOf = (type: string) => {
  const hit = GRAVITON.find(([re]) => re.test(type));
  return hit ? type.replace(hit[0], hit[1]) : undefined;
};

export function savingsOf(stack: Stack, traffic: TrafficScenario, fleets: ReadonlyMap<string, Fleet>, baseline: MonthCost, scenario: MonthCost): Saving[] {
  const production = stack.environment === 'production';
  return [
    gravitonSaving(stack, fleets, scenario),
    singleNatSaving(stack, production),
    fewerAzsSaving(stack, production),
    scheduledScaleInSaving(fleets, baseline, production),
    ...reservationSavings(stack, fleets, baseline, production),
    lifecycleSaving(stack, traffic, scenario),
    ...extraSavings(stack, traffic, fleets, baseline, scenario),
  ];
}

const linesOf = (m: MonthCost, type: string, unitStart: string): Line[] => m.lines.filter((l) => l.type === type && l.unit.startsWith(unitStart));

/** Graviton equivalents of x86 instances, database classes and cache nodes. */
function gravitonSaving(stack: Stack, fleets: ReadonlyMap<string, Fleet>, scenario: MonthCost): Saving {
  const swaps: string[] = [];
  const steps: string[] = [];
  let graviton = 0;
  for (const f of fleets.values()) {
    const arm = gravitonOf(f.instanceType);
    if (!arm || !hasPrice(f.region, 'ec2', arm)) continue;
    // The scenario's instance-hours as priced (a usage file may set them).
    const hours = linesOf(scenario, f.type, 'instance-hour').filter((l) => l.address === f.address).reduce((a, l) => a + l.quantity, 0);
    const delta = hours * (price(f.region, 'ec2', f.instanceType).usd - price(f.region, 'ec2', arm).usd);
    graviton += delta;
    swaps.push(`${f.address.split('.')[1].replace(/_[0-9A-F]{8}$/, '')} ${f.instanceType} → ${arm} (${usd(delta)})`);
    steps.push(`${n(hours)} h × (${p$(price(f.region, 'ec2', f.instanceType).usd)} − ${p$(price(f.region, 'ec2', arm).usd)}) = ${usd(delta)}`);
  }
  for (const db of stack.ofType('aws_db_instance')) {
    const cls = String(db.body.instance_class);
    const arm = gravitonOf(cls);
    const l = linesOf(scenario, 'aws_db_instance', 'instance-hour').find((x) => x.address === db.address);
    const engine = l?.unit.match(/\((\w+) /)?.[1] ?? 'postgres';
    if (!arm || !l || !hasPrice(db.region, 'rds', `${engine}:${arm}`)) continue;
    const delta = l.quantity * (l.unitPriceUsd - price(db.region, 'rds', `${engine}:${arm}`).usd);
    graviton += delta;
    swaps.push(`${db.name} ${cls} → ${arm} (${usd(delta)})`);
    steps.push(`${n(l.quantity)} h × (${p$(l.unitPriceUsd)} − ${p$(price(db.region, 'rds', `${engine}:${arm}`).usd)}) = ${usd(delta)}`);
  }
  for (const c of stack.ofType('aws_elasticache_replication_group')) {
    const arm = gravitonOf(String(c.body.node_type));
    const l = linesOf(scenario, c.type, 'node-hour').find((x) => x.address === c.address);
    if (!arm || !l || !hasPrice(c.region, 'elasticache', arm)) continue;
    const factor = l.unitPriceUsd / price(c.region, 'elasticache', String(c.body.node_type)).usd;
    const delta = l.quantity * (l.unitPriceUsd - price(c.region, 'elasticache', arm).usd * factor);
    graviton += delta;
    swaps.push(`${c.name} ${c.body.node_type} → ${arm} (${usd(delta)})`);
    steps.push(`${n(l.quantity)} node-h × (${p$(l.unitPriceUsd)} − ${p$(price(c.region, 'elasticache', arm).usd * factor)}) = ${usd(delta)}`);
  }
  return {
    title: 'Graviton (Arm) equivalents',
    monthlyUsd: round2(graviton),
    recommended: graviton > 0,
    detail: swaps.length ? `${swaps.join('; ')}; needs an arm64 AMI and app build` : 'everything already runs on Graviton or has no Graviton price here',
    arithmetic: steps.length ? `${steps.join('; ')}; total ${usd(round2(graviton))}` : 'nothing to swap',
  };
}

/** One NAT gateway instead of one per AZ. */
function singleNatSaving(stack: Stack, production: boolean): Saving {
  const nats = stack.ofType('aws_nat_gateway');
  const natRegions = [...new Set(nats.map((n) => n.region))];
  let natSaving = 0;
  const steps: string[] = [];
  for (const region of natRegions) {
    const count = nats.filter((x) => x.region === region).length;
    if (count <= 1) continue;
    const hour = price(region, 'vpc', 'natGatewayHour').usd;
    const ip = price(region, 'vpc', 'publicIpv4Hour').usd;
    natSaving += (count - 1) * HOURS_PER_MONTH * (hour + ip);
    steps.push(`${region}: ${count - 1} NAT × 730 h × (${p$(hour)} + ${p$(ip)} address) = ${usd((count - 1) * HOURS_PER_MONTH * (hour + ip))}`);
  }
  return {
    title: 'single NAT gateway (non-production)',
    monthlyUsd: round2(natSaving),
    recommended: natSaving > 0 && !production,
    detail: natSaving === 0
      ? 'already one NAT gateway (or none)'
      : production
        ? 'not recommended for production: a NAT per AZ keeps egress working when an AZ fails (network.natGateways: per-az)'
        : `network.natGateways: 'single' keeps one of ${nats.length} NAT gateways (egress then depends on one AZ)`,
    arithmetic: steps.length ? steps.join('; ') : `${nats.length} NAT gateway(s): nothing to remove`,
  };
}

/** Fewer AZs for dev: two instead of three or more. */
function fewerAzsSaving(stack: Stack, production: boolean): Saving {
  // Load balancers and every fleet (ASGs, EKS node groups, Beanstalk environments) say how many AZs are in use.
  const azs = computeAzCount(stack);
  const nats = stack.ofType('aws_nat_gateway');
  let azSaving = 0;
  const steps: string[] = [];
  if (azs > 2) {
    const extra = azs - 2;
    // A public IPv4 address per AZ for each internet-facing ALB only: an internal ALB has none.
    const publicAlbs = stack.ofType('aws_lb').filter((l) => l.region === stack.region && l.body.internal !== true && (l.body.load_balancer_type ?? 'application') === 'application').length;
    const ip = price(stack.region, 'vpc', 'publicIpv4Hour').usd;
    azSaving += extra * publicAlbs * HOURS_PER_MONTH * ip;
    steps.push(`${extra} AZ × ${publicAlbs} internet-facing ALB × 730 h × ${p$(ip)} = ${usd(extra * publicAlbs * HOURS_PER_MONTH * ip)}`);
    const localNats = nats.filter((x) => x.region === stack.region).length;
    if (localNats >= azs) {
      const nat = price(stack.region, 'vpc', 'natGatewayHour').usd;
      azSaving += extra * HOURS_PER_MONTH * (nat + ip);
      steps.push(`${extra} NAT × 730 h × (${p$(nat)} + ${p$(ip)}) = ${usd(extra * HOURS_PER_MONTH * (nat + ip))}`);
    }
  }
  return {
    title: 'fewer AZs for dev (2 instead of more)',
    monthlyUsd: round2(azSaving),
    recommended: azSaving > 0 && !production,
    detail: azs <= 2 ? `already ${azs} AZs` : production
      ? `not recommended for production: ${azs} AZs survive an AZ loss with capacity to spare (network.azCount)`
      : `network.azCount: 2 drops ${azs - 2} AZ(s) of ALB addresses${nats.length >= azs ? ' and NAT gateways' : ''}; instances at min stay the same`,
    arithmetic: steps.length ? steps.join(' + ') : `${azs} AZs: nothing to drop`,
  };
}

/** Scheduled scale-in: dev fleets only during working hours (12 h × 5 days of 168 h). */
function scheduledScaleInSaving(fleets: ReadonlyMap<string, Fleet>, baseline: MonthCost, production: boolean): Saving {
  const fleetBaseline = baseline.lines.filter((l) => fleets.has(l.address) && l.tier === 'compute').reduce((a, l) => a + l.monthlyUsd, 0);
  const workHours = 12 * 5;
  return {
    title: 'scheduled scale-in outside working hours',
    monthlyUsd: round2(fleetBaseline * (1 - workHours / 168)),
    recommended: !production && fleetBaseline > 0,
    detail: production
      ? 'not recommended for production: min keeps an instance per AZ for availability; scheduled actions already lift capacity only for known peaks'
      : `services[].schedules: min 0 at 20:00 and back at 08:00 on weekdays runs the fleet ${workHours} h of 168 a week`,
    arithmetic: `baseline fleet ${usd(fleetBaseline)} × (1 − ${workHours}/168) = ${usd(round2(fleetBaseline * (1 - workHours / 168)))}`,
  };
}

/** Savings Plans / reserved capacity, 1 year, no upfront, for what runs all month. */
function reservationSavings(stack: Stack, fleets: ReadonlyMap<string, Fleet>, baseline: MonthCost, production: boolean): Saving[] {
  // Savings Plans do not apply to Spot capacity.
  const ec2Base = baseline.lines.filter((l) => fleets.has(l.address) && !fleets.get(l.address)!.spot && l.unit.startsWith('instance-hour'));
  const sp = ec2Base.reduce((a, l) => a + l.monthlyUsd * price(stack.region, 'savings', 'ec2OneYearNoUpfront').usd, 0);
  const rds = baseline.lines.filter((l) => l.type === 'aws_db_instance' && l.unit.startsWith('instance-hour'));
  const ri = rds.reduce((a, l) => a + l.monthlyUsd * price(stack.region, 'savings', 'rdsOneYearNoUpfront').usd, 0);
  const cache = baseline.lines.filter((l) => l.type.startsWith('aws_elasticache') && l.unit.startsWith('node-hour'));
  const cri = cache.reduce((a, l) => a + l.monthlyUsd * price(stack.region, 'savings', 'elasticacheOneYearNoUpfront').usd, 0);
  const plans: Saving = {
    title: 'Compute Savings Plan for the baseline fleet (1 year, no upfront)',
    monthlyUsd: round2(sp),
    recommended: sp > 0 && production,
    detail: `commit to the baseline fleet's ${usd(ec2Base.reduce((a, l) => a + l.monthlyUsd, 0))}/month of instances; peaks stay on demand${production ? '' : ' (only if the environment lives a year)'}`,
    arithmetic: `baseline instances ${usd(ec2Base.reduce((a, l) => a + l.monthlyUsd, 0))} × ${Math.round(price(stack.region, 'savings', 'ec2OneYearNoUpfront').usd * 100)} % = ${usd(round2(sp))}`,
  };
  const reserved: Saving = {
    title: 'reserved instances for RDS and ElastiCache (1 year, no upfront)',
    monthlyUsd: round2(ri + cri),
    recommended: ri + cri > 0 && production,
    detail: rds.length + cache.length ? `${rds.length} database instance(s) (${usd(ri)}) and ${cache.length} cache group(s) (${usd(cri)}) run all month` : 'no database or cache',
    arithmetic: `databases ${usd(rds.reduce((a, l) => a + l.monthlyUsd, 0))} × ${Math.round(price(stack.region, 'savings', 'rdsOneYearNoUpfront').usd * 100)} % = ${usd(round2(ri))}`
      + ` + cache nodes ${usd(cache.reduce((a, l) => a + l.monthlyUsd, 0))} × ${Math.round(price(stack.region, 'savings', 'elasticacheOneYearNoUpfront').usd * 100)} % = ${usd(round2(cri))}`
      + `; total ${usd(round2(ri + cri))}`,
  };
  return [plans, reserved];
}

/** Lifecycle: S3 objects kept beyond 30 days in Standard; backups kept for years. */
function lifecycleSaving(stack: Stack, traffic: TrafficScenario, scenario: MonthCost): Saving {
  let s3 = 0;
  const s3Buckets: string[] = [];
  const steps: string[] = [];
  for (const l of scenario.lines.filter((x) => x.type === 'aws_s3_bucket' && x.unit.startsWith('GB-month'))) {
    const lc = stack.ofType('aws_s3_bucket_lifecycle_configuration').find((c) => refsIn(c.body.bucket).includes(l.address));
    const rules = asList(lc?.body.rule);
    const transitions = rules.some((r) => asList(r.transition).length > 0);
    const expiry = Math.min(365, ...rules.flatMap((r) => asList(r.expiration).map((e) => Number(e.days))).filter((d) => d > 0));
    if (transitions || expiry <= 30) continue;
    const region = stack.byAddress(l.address)?.region ?? stack.region;
    const older = l.quantity * (1 - 30 / expiry);
    s3 += older * (price(region, 's3', 'standardGbMonth').usd - price(region, 's3', 'standardIaGbMonth').usd);
    steps.push(`${n(older)} GB older than 30 days × (${p$(price(region, 's3', 'standardGbMonth').usd)} − ${p$(price(region, 's3', 'standardIaGbMonth').usd)})`);
    s3Buckets.push(l.address.split('.')[1].replace(/_[0-9A-F]{8}$/, ''));
  }
  let backup = 0;
  const backupNotes: string[] = [];
  for (const l of scenario.lines.filter((x) => x.type === 'aws_backup_vault' && x.unit.startsWith('GB-month'))) {
    const vault = stack.byAddress(l.address) as Resource;
    for (const plan of stack.ofType('aws_backup_plan')) {
      for (const rule of asList(plan.body.rule)) {
        const copy = asList(rule.copy_action).find((c) => refsIn(c.destination_vault_arn).includes(vault.address));
        if (!refsIn(rule.target_vault_name).includes(vault.address) && !copy) continue;
        const keep = Number((copy?.lifecycle ?? rule.lifecycle)?.delete_after ?? 0);
        if (!/^cron\(\S+ \S+ \d+ /.test(String(rule.schedule ?? '')) || keep <= 365) continue;
        const dbGb = stack.ofType('aws_backup_selection').filter((s) => refsIn(s.body.plan_id).includes(plan.address))
          .flatMap((s) => refsIn(s.body.resources)).map((a) => Number(stack.byAddress(a)?.body.allocated_storage ?? 0)).reduce((a, b) => a + b, 0);
        // Each monthly point holds about 10 days' worth of changes (as priced on the vault line).
        const gb = dbGb * Math.min(1, traffic.dbDailyChangeShare * 10) * ((keep - 365) / 30);
        backup += gb * l.unitPriceUsd;
        steps.push(`${n(gb)} GB of monthly points kept past a year × ${p$(l.unitPriceUsd)}`);
        backupNotes.push(`${vault.name.replace(/_[0-9A-F]{8}$/, '')}: monthly points ${keep} → 365 days`);
      }
    }
  }
  return {
    title: 'S3 and Backup lifecycle',
    monthlyUsd: round2(s3 + backup),
    recommended: s3 + backup > 0,
    detail: [
      s3Buckets.length ? `move objects older than 30 days to Standard-IA in ${s3Buckets.join(', ')}` : 'every bucket already expires or transitions its objects',
      backupNotes.length ? `${backupNotes.join('; ')} (only if no retention rule requires the longer keep; RDS snapshots cannot go cold)` : 'backups already kept ≤ 1 year or none',
    ].join('; '),
    arithmetic: steps.length ? `${steps.join(' + ')} = ${usd(round2(s3 + backup))}` : 'nothing kept in Standard or for years',
  };
}
