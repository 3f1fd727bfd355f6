/**
 * `npm run cost -- --json`: the shape of `infracost breakdown --format json` (version 0.2; documented at
 * https://www.infracost.io/docs/features/json_output_format/), so tools that read Infracost's JSON read ours:
 * `projects[]` (one per stack) → `breakdown.resources[]` (one per priced resource, `name` its address) →
 * `costComponents[]` with `monthlyQuantity`, `price`, `monthlyCost` (decimal strings, as Infracost writes them)
 * and `usageBased`. The breakdown is the average month under the stack's scenario (what the bill shows). What
 * Infracost has no field for (baseline and ceiling months, per-event cost, savings, budget, idle and estimate
 * flags, assumptions, what is not priced, price-table dates) sits in one namespaced field, `stormproof`, on the
 * root, each project and each resource's `metadata`.
 */
import { HOURS_PER_MONTH, PRICE_TABLES, round2 } from './prices';
import { Line, MODES, Mode, MonthCost, TIERS } from './line';
import { NOT_PRICED } from './not-priced';
import { StackCost } from './estimate';
import { describeTraffic } from './traffic';

export const INFRACOST_JSON_VERSION = '0.2';

/** A decimal as Infracost writes one: a string, never in exponent form. */
export const dec = (n: number): string => (n === 0 ? '0' : n.toFixed(10).replace(/\.?0+$/, ''));

export interface CostComponentJson {
  name: string;
  unit: string;
  hourlyQuantity: string | null;
  monthlyQuantity: string | null;
  price: string;
  hourlyCost: string | null;
  monthlyCost: string | null;
  usageBased: boolean;
  priceNotFound: boolean;
}

export interface ComponentExtras {
  tier: string;
  /** The price comes from a price-table section not confirmed against its AWS page. */
  estimate: boolean;
  /** Costs money with no traffic at all. */
  idle: boolean;
  fromUsageFile: boolean;
}

export interface ResourceJson {
  name: string;
  resourceType: string;
  metadata: { stormproof: { region: string; components: ComponentExtras[] } };
  hourlyCost: string;
  monthlyCost: string;
  monthlyUsageCost: string;
  costComponents: CostComponentJson[];
}

export interface BreakdownJson {
  resources: ResourceJson[];
  totalHourlyCost: string;
  totalMonthlyCost: string;
  totalMonthlyUsageCost: string;
}

/** One month of a stack in our own terms, for the extras. */
export interface MonthJson {
  totalMonthlyCost: string;
  byTier: Record<string, string>;
  resources: ResourceJson[];
}

export interface ProjectExtras {
  stack: string;
  region: string;
  regions: string[];
  environment: string;
  scenario: { name: string; description: string; eventsPerMonth: number; peakHoursPerMonth: number; peakRequestsPerSecond: number; quietRequestsPerSecond: number };
  perEvent: StackCost['perEvent'] | null;
  months: Record<Mode, MonthJson>;
  topBaselineLines: { address: string; tier: string; quantity: number; unit: string; monthlyCost: string; share: number }[];
  usage: StackCost['usage'];
  assumptions: string[];
  fleets: StackCost['fleets'];
  budget: StackCost['budget'];
  savings: StackCost['savings'];
  idle: StackCost['idle'];
  notPriced: StackCost['notPriced'];
  estimates: string[];
  priceTables: { table: string; section: string; source: string; read: string; estimate: boolean }[];
  usageFile: string | null;
  /** The baseline and average month with AWS's always-free allowances taken off (--free-tier), else null. */
  freeTier: StackCost['freeTier'] | null;
}

export interface ProjectJson {
  name: string;
  displayName: string;
  metadata: { path: string; type: string };
  pastBreakdown: BreakdownJson;
  breakdown: BreakdownJson;
  diff: BreakdownJson;
  summary: SummaryJson;
  stormproof: ProjectExtras;
}

export interface SummaryJson {
  totalDetectedResources: number;
  totalSupportedResources: number;
  totalUnsupportedResources: number;
  totalUsageBasedResources: number;
  totalNoPriceResources: number;
  unsupportedResourceCounts: Record<string, number>;
  noPriceResourceCounts: Record<string, number>;
}

export interface CostJson {
  version: string;
  metadata: { infracostCommand: string; usageFilePath?: string };
  currency: string;
  projects: ProjectJson[];
  totalHourlyCost: string;
  totalMonthlyCost: string;
  totalMonthlyUsageCost: string;
  pastTotalHourlyCost: string;
  pastTotalMonthlyCost: string;
  pastTotalMonthlyUsageCost: string;
  diffTotalHourlyCost: string;
  diffTotalMonthlyCost: string;
  diffTotalMonthlyUsageCost: string;
  timeGenerated: string;
  summary: SummaryJson;
  stormproof: { tool: string; hoursPerMonth: number; breakdownIs: string };
}

const component = (l: Line): CostComponentJson => ({
  name: l.unit,
  unit: l.unit.split(' (')[0],
  hourlyQuantity: dec(l.quantity / HOURS_PER_MONTH),
  monthlyQuantity: dec(l.quantity),
  price: dec(l.unitPriceUsd),
  hourlyCost: dec(l.monthlyUsd / HOURS_PER_MONTH),
  monthlyCost: dec(l.monthlyUsd),
  usageBased: !l.idle,
  priceNotFound: false,
});

/** A month's lines as Infracost resources, in the order they were priced. */
export function resourcesOf(m: MonthCost, regionOf: (address: string) => string): ResourceJson[] {
  const byAddress = new Map<string, Line[]>();
  for (const l of m.lines) byAddress.set(l.address, [...(byAddress.get(l.address) ?? []), l]);
  return [...byAddress.entries()].map(([address, lines]) => {
    const monthly = round2(lines.reduce((a, l) => a + l.monthlyUsd, 0));
    const usage = round2(lines.filter((l) => !l.idle).reduce((a, l) => a + l.monthlyUsd, 0));
    return {
      name: address,
      resourceType: lines[0].type,
      metadata: {
        stormproof: {
          region: regionOf(address),
          components: lines.map((l) => ({ tier: l.tier, estimate: l.estimate, idle: l.idle, fromUsageFile: l.fromUsageFile === true })),
        },
      },
      hourlyCost: dec(monthly / HOURS_PER_MONTH),
      monthlyCost: dec(monthly),
      monthlyUsageCost: dec(usage),
      costComponents: lines.map(component),
    };
  });
}

export function breakdownOf(resources: ResourceJson[]): BreakdownJson {
  const monthly = round2(resources.reduce((a, r) => a + Number(r.monthlyCost), 0));
  const usage = round2(resources.reduce((a, r) => a + Number(r.monthlyUsageCost), 0));
  return { resources, totalHourlyCost: dec(monthly / HOURS_PER_MONTH), totalMonthlyCost: dec(monthly), totalMonthlyUsageCost: dec(usage) };
}

export const EMPTY_BREAKDOWN: BreakdownJson = { resources: [], totalHourlyCost: '0', totalMonthlyCost: '0', totalMonthlyUsageCost: '0' };

function summaryOf(c: StackCost, resources: ResourceJson[]): SummaryJson {
  const unsupported = c.notPriced.filter((n) => !NOT_PRICED[n.type]);
  const noPrice = c.notPriced.filter((n) => NOT_PRICED[n.type]);
  const count = (xs: typeof c.notPriced) => xs.reduce((a, n) => a + n.count, 0);
  return {
    totalDetectedResources: resources.length + count(c.notPriced),
    totalSupportedResources: resources.length,
    totalUnsupportedResources: count(unsupported),
    totalUsageBasedResources: resources.filter((r) => r.costComponents.some((x) => x.usageBased)).length,
    totalNoPriceResources: count(noPrice),
    unsupportedResourceCounts: Object.fromEntries(unsupported.map((n) => [n.type, n.count])),
    noPriceResourceCounts: Object.fromEntries(noPrice.map((n) => [n.type, n.count])),
  };
}

function projectOf(c: StackCost, regionOf: (address: string) => string): ProjectJson {
  const months = Object.fromEntries(MODES.map((m) => {
    const month = c[m];
    const byTier = Object.fromEntries(TIERS.map((t) => [t, dec(round2(month.lines.filter((l) => l.tier === t).reduce((a, l) => a + l.monthlyUsd, 0)))]));
    return [m, { totalMonthlyCost: dec(month.totalUsd), byTier, resources: resourcesOf(month, regionOf) }];
  })) as Record<Mode, MonthJson>;
  const breakdown = breakdownOf(months.scenario.resources);
  const usedTables = [...c.regions, 'global'].filter((r) => PRICE_TABLES[r]);
  return {
    name: c.stack,
    displayName: c.stack,
    metadata: { path: `cdktf.out/stacks/${c.stack}`, type: 'terraform_dir' },
    pastBreakdown: EMPTY_BREAKDOWN,
    breakdown,
    diff: breakdown,
    summary: summaryOf(c, breakdown.resources),
    stormproof: {
      stack: c.stack,
      region: c.region,
      regions: [...c.regions],
      environment: c.environment,
      scenario: {
        name: c.traffic.name, description: c.traffic.description, eventsPerMonth: c.traffic.eventsPerMonth, peakHoursPerMonth: c.traffic.peakHoursPerMonth,
        peakRequestsPerSecond: c.traffic.peakRequestsPerSecond, quietRequestsPerSecond: c.traffic.quietRequestsPerSecond,
      },
      perEvent: c.perEvent ?? null,
      months,
      topBaselineLines: [...c.baseline.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 5).map((l) => ({
        address: l.address, tier: l.tier, quantity: l.quantity, unit: l.unit, monthlyCost: dec(l.monthlyUsd),
        share: c.baseline.totalUsd > 0 ? Math.round((l.monthlyUsd / c.baseline.totalUsd) * 1000) / 1000 : 0,
      })),
      usage: c.usage,
      assumptions: describeTraffic(c.traffic),
      fleets: c.fleets,
      budget: c.budget,
      savings: c.savings,
      idle: c.idle,
      notPriced: c.notPriced,
      estimates: [...c.estimates],
      priceTables: usedTables.flatMap((t) => Object.entries(PRICE_TABLES[t].sections).map(([section, s]) => ({ table: t, section, source: s.source, read: s.read, estimate: s.estimate }))),
      usageFile: c.usageFile ?? null,
      freeTier: c.freeTier ?? null,
    },
  };
}

/** The JSON of `npm run cost -- --json`: Infracost's breakdown shape, one project per stack. */
export function toJson(costs: readonly StackCost[], regionOf: (stack: string, address: string) => string = (_s, _a) => ''): CostJson {
  const projects = costs.map((c) => projectOf(c, (a) => regionOf(c.stack, a) || c.region));
  const sum = (pick: (p: ProjectJson) => string) => dec(round2(projects.reduce((a, p) => a + Number(pick(p)), 0)));
  const totalMonthly = sum((p) => p.breakdown.totalMonthlyCost);
  const usageFile = costs.find((c) => c.usageFile)?.usageFile;
  const summaries = projects.map((p) => p.summary);
  const add = (k: keyof SummaryJson) => summaries.reduce((a, s) => a + (s[k] as number), 0);
  const merge = (k: 'unsupportedResourceCounts' | 'noPriceResourceCounts') => {
    const out: Record<string, number> = {};
    for (const s of summaries) for (const [t, n] of Object.entries(s[k])) out[t] = (out[t] ?? 0) + n;
    return out;
  };
  return {
    version: INFRACOST_JSON_VERSION,
    metadata: { infracostCommand: 'breakdown', ...(usageFile ? { usageFilePath: usageFile } : {}) },
    currency: 'USD',
    projects,
    totalHourlyCost: dec(Number(totalMonthly) / HOURS_PER_MONTH),
    totalMonthlyCost: totalMonthly,
    totalMonthlyUsageCost: sum((p) => p.breakdown.totalMonthlyUsageCost),
    pastTotalHourlyCost: '0',
    pastTotalMonthlyCost: '0',
    pastTotalMonthlyUsageCost: '0',
    diffTotalHourlyCost: dec(Number(totalMonthly) / HOURS_PER_MONTH),
    diffTotalMonthlyCost: totalMonthly,
    diffTotalMonthlyUsageCost: sum((p) => p.breakdown.totalMonthlyUsageCost),
    timeGenerated: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    summary: {
      totalDetectedResources: add('totalDetectedResources'),
      totalSupportedResources: add('totalSupportedResources'),
      totalUnsupportedResources: add('totalUnsupportedResources'),
      totalUsageBasedResources: add('totalUsageBasedResources'),
      totalNoPriceResources: add('totalNoPriceResources'),
      unsupportedResourceCounts: merge('unsupportedResourceCounts'),
      noPriceResourceCounts: merge('noPriceResourceCounts'),
    },
    stormproof: {
      tool: 'npm run cost (Stormproof): prices synthesized cdk.tf.json from dated price tables, no API',
      hoursPerMonth: HOURS_PER_MONTH,
      breakdownIs: 'the average month under each stack\'s own traffic scenario (events priced as events); projects[].stormproof.months has the baseline and the ceiling',
    },
  };
}
