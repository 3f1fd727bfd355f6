/**
 * Prices one synthesized stack for a month (730 h): baseline (every Auto Scaling group at min, quiet
 * traffic), peak (every group at max, peak traffic all month) and a traffic scenario in between; then
 * the savings its configuration offers, what costs money while idle, and the budget comparison.
 */
import { HOURS_PER_MONTH, round2, usd } from './prices';
import { PRICERS } from './pricers';
import { Ctx, GB_PER_KB, Line, MODES, Mode, MonthCost } from './line';
import { Fleet, readFleets } from './fleet';
import { NOT_PRICED } from './not-priced';
import { Resource, Stack, asList, refsIn } from './stack';
import { Saving, savingsOf } from './savings';
import { TrafficScenario, peakHoursPerEvent } from './traffic';
import { UsageFile, applyUsage } from './usage-file';
import { FreeTier, freeTierOf } from './free-tier';
import { DrStandingCost, drStandingCost } from './disaster-recovery';

export type { Saving } from './savings';
export type { MonthCost } from './line';
export { usd } from './prices';

/** The usage a month was priced for, printed with the report. */
export interface Usage {
  readonly requests: number;
  readonly cdnGbOut: number;
  readonly albGbProcessed: number;
  readonly albGbOut: number;
  readonly natGb: number;
  readonly logGb: number;
  readonly queueMessages: number;
  readonly instanceHours: number;
}

export interface IdleCost {
  readonly address: string;
  readonly monthlyUsd: number;
  readonly why: string;
}

export interface BudgetCheck {
  readonly budgetUsd: number | undefined;
  /** The percentage of the budget where its first ACTUAL alert fires. */
  readonly alertPercent: number | undefined;
  readonly verdict: 'fits' | 'tight' | 'too-small' | 'none';
  readonly message: string;
}

/** What one event of the scenario costs over the baseline: the owner's question ("what does one TV evening cost?"). */
export interface EventCost {
  readonly scenario: string;
  readonly eventsPerMonth: number;
  /** (scenario month − baseline month) ÷ events a month. */
  readonly perEventUsd: number;
  /** Hours at peak one event amounts to, and the event's cost per such hour. */
  readonly peakHoursPerEvent: number;
  readonly perPeakHourUsd: number;
}

export interface StackCost {
  readonly stack: string;
  readonly region: string;
  /** Every region the stack's resources live in, its own first. */
  readonly regions: readonly string[];
  readonly environment: string;
  readonly traffic: TrafficScenario;
  /** The scenario the baseline's quiet traffic comes from: the stack's own, whatever scenario was asked for. */
  readonly baselineTraffic: TrafficScenario;
  /** One event's cost over the baseline; undefined when the scenario has no event (steady). */
  readonly perEvent: EventCost | undefined;
  readonly baseline: MonthCost;
  readonly scenario: MonthCost;
  readonly peak: MonthCost;
  readonly usage: Readonly<Record<Mode, Usage>>;
  /** How each fleet's scenario hours were derived. */
  readonly fleets: readonly { address: string; how: string }[];
  readonly notPriced: readonly { type: string; count: number; reason: string }[];
  readonly savings: readonly Saving[];
  readonly idle: readonly IdleCost[];
  readonly budget: BudgetCheck;
  /** Resource types whose scenario lines use estimated prices. */
  readonly estimates: readonly string[];
  /** The usage file whose keys set some lines (marked `fromUsageFile`), if one was given. */
  readonly usageFile: string | undefined;
  /** The months with the always-free allowances taken off (asked for with `freeTier`). */
  readonly freeTier: FreeTier | undefined;
  /** The DR region's standing cost and the strategies compared (undefined without a DR region). */
  readonly disasterRecovery: DrStandingCost | undefined;
}

const sum = (lines: readonly Line[]) => round2(lines.reduce((a, l) => a + l.monthlyUsd, 0));

function context(stack: Stack, traffic: TrafficScenario, fleets: ReadonlyMap<string, Fleet>, mode: Mode): Ctx {
  const peakHours = mode === 'baseline' ? 0 : mode === 'peak' ? HOURS_PER_MONTH : traffic.peakHoursPerMonth;
  const quietHours = HOURS_PER_MONTH - peakHours;
  const requests = 3600 * (traffic.quietRequestsPerSecond * quietHours + traffic.peakRequestsPerSecond * peakHours);
  const cdns = stack.ofType('aws_cloudfront_distribution');
  const frontsAlb = cdns.some((d) => refsIn(d.body.origin).some((a) => a.startsWith('aws_lb.')));
  // Cache hits never reach the ALB; without CloudFront in front, the ALB serves its share to the internet.
  const albShare = cdns.length ? 1 - traffic.cdnCacheHitShare : 1;
  const cdnRequests = cdns.length ? (frontsAlb ? requests : requests * traffic.cdnCacheHitShare) : 0;
  const albInternetGb = frontsAlb || stack.ofType('aws_lb').length === 0 ? 0 : requests * albShare * traffic.kbPerResponse * GB_PER_KB;
  // LCUs per hour: the larger of processed GB/h and new connections/s ÷ 25 (one new connection per 10 requests).
  const lcu = (rps: number) => Math.max((rps * albShare * 3600 * traffic.kbPerResponse) / (1024 * 1024), (rps * albShare * 0.1) / 25);
  const lcuHours = quietHours * lcu(traffic.quietRequestsPerSecond) + peakHours * lcu(traffic.peakRequestsPerSecond);
  return {
    stack, mode, traffic, quietHours, peakHours, requests, albShare, cdnRequests, albInternetGb, fleets, lcuHours,
    instanceHours: (region, workersOnly = false) =>
      [...fleets.values()].filter((f) => f.region === region && (!workersOnly || f.worker)).reduce((a, f) => a + f.hours[mode], 0),
  };
}

/** Prices every resource of `stack` for one mode. */
function priceMonth(stack: Stack, ctx: Ctx): MonthCost {
  const lines = stack.resources.flatMap((r) => PRICERS[r.type]?.(r, ctx) ?? []);
  return { totalUsd: sum(lines), lines };
}


function idleOf(stack: Stack, baseline: MonthCost): IdleCost[] {
  const byAddress = new Map<string, number>();
  for (const l of baseline.lines.filter((x) => x.idle)) byAddress.set(l.address, (byAddress.get(l.address) ?? 0) + l.monthlyUsd);
  return [...byAddress.entries()]
    .filter(([, v]) => v >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([address, v]) => {
      const r = stack.byAddress(address) as Resource;
      const dr = r.region !== stack.region && r.region !== 'global' ? ` in ${r.region} (standby region: paid even if never failed over)` : '';
      return { address, monthlyUsd: round2(v), why: `${r.type} bills by the hour or month whatever the traffic${dr}` };
    });
}

/** The lowest ACTUAL percentage alert of the budgets (80 when they set none): where the first warning fires. */
function alertPercent(budgets: readonly Resource[]): number {
  const thresholds = budgets.flatMap((b) => asList(b.body.notification))
    .filter((n) => (n.threshold_type ?? 'PERCENTAGE') === 'PERCENTAGE' && (n.notification_type ?? 'ACTUAL') === 'ACTUAL')
    .map((n) => Number(n.threshold))
    .filter((t) => t > 0);
  return thresholds.length ? Math.min(...thresholds) : 80;
}

/** A budget whose first alert sits above `scenario` with a quarter to spare, rounded up to $25. */
const budgetFor = (scenario: number, alert: number) => Math.ceil((scenario * 1.25) / (alert / 100) / 25) * 25;

function budgetOf(stack: Stack, baseline: number, scenario: number): BudgetCheck {
  const budgets = stack.ofType('aws_budgets_budget').filter((b) => (b.body.limit_unit ?? 'USD') === 'USD' && (b.body.time_unit ?? 'MONTHLY') === 'MONTHLY');
  if (budgets.length === 0) {
    const message = `no monthly USD budget in this stack: nothing warns before the bill; set operations.monthlyBudgetUsd to about ${usd(budgetFor(scenario, 80))}`;
    return { budgetUsd: undefined, alertPercent: undefined, verdict: 'none', message };
  }
  const budget = budgets.reduce((a, b) => a + Number(b.body.limit_amount), 0);
  const alert = alertPercent(budgets);
  const suggest = budgetFor(scenario, alert);
  const set = `set operations.monthlyBudgetUsd to about ${usd(suggest)} (the scenario ${usd(scenario)} is then ${Math.round((scenario / suggest) * 100)} %, under the ${alert} % alert)`;
  if (baseline > budget) {
    return {
      budgetUsd: budget, alertPercent: alert, verdict: 'too-small',
      message: `the budget is too small: even the baseline (${usd(baseline)}) is over the ${usd(budget)} monthly budget, so it alerts every month; ${set}, or take the savings below`,
    };
  }
  if (scenario > budget) {
    return {
      budgetUsd: budget, alertPercent: alert, verdict: 'too-small',
      message: `the budget is too small for this traffic: the scenario (${usd(scenario)}) is over the ${usd(budget)} monthly budget by ${usd(scenario - budget)}; ${set}`,
    };
  }
  if (scenario > (alert / 100) * budget) {
    return {
      budgetUsd: budget, alertPercent: alert, verdict: 'tight',
      message: `fits, tightly: the scenario (${usd(scenario)}) is ${Math.round((scenario / budget) * 100)} % of the ${usd(budget)} budget, past its ${alert} % alert, so an ordinary month warns; ${set}`,
    };
  }
  return {
    budgetUsd: budget, alertPercent: alert, verdict: 'fits',
    message: `fits: baseline ${Math.round((baseline / budget) * 100)} % and scenario ${Math.round((scenario / budget) * 100)} % of the ${usd(budget)} monthly budget, under its ${alert} % alert`,
  };
}

/** The monthly baseline of a priced stack (quiet traffic, every group at min), for documents that quote it. */
export function monthlyBaselineUsd(c: StackCost): number {
  return c.baseline.totalUsd;
}

/** One event's cost over the baseline (per event and per peak hour), for documents that quote it. */
export function perEventCost(c: StackCost): EventCost | undefined {
  return c.perEvent;
}

function eventCost(traffic: TrafficScenario, baseline: number, scenario: number): EventCost | undefined {
  if (!(traffic.eventsPerMonth > 0) || !(traffic.peakHoursPerMonth > 0)) return undefined;
  const perEventUsd = round2((scenario - baseline) / traffic.eventsPerMonth);
  const hours = peakHoursPerEvent(traffic);
  return { scenario: traffic.name, eventsPerMonth: traffic.eventsPerMonth, perEventUsd, peakHoursPerEvent: Math.round(hours * 100) / 100, perPeakHourUsd: round2(perEventUsd / hours) };
}

export interface EstimateOptions {
  /** The user's usage file: its keys replace the lines they name (src/tools/cost/usage-file.ts). @default - none */
  readonly usage?: UsageFile;
  /** Also price the baseline and scenario months with AWS's always-free allowances taken off. @default false */
  readonly freeTier?: boolean;
}

/**
 * Prices a stack: baseline, scenario, peak, savings, idle costs, budget and what is not priced. The baseline's
 * quiet traffic comes from `baselineTraffic` (the stack's own scenario; @default - `traffic`), so asking for
 * another scenario changes the event, never the baseline.
 */
export function estimateStack(stack: Stack, asked: TrafficScenario, baselineTraffic: TrafficScenario = asked, options: EstimateOptions = {}): StackCost {
  // Quiet hours are the stack's own quiet hours whichever event is priced on top of them.
  const traffic: TrafficScenario = { ...asked, quietRequestsPerSecond: baselineTraffic.quietRequestsPerSecond };
  const fleets = readFleets(stack, traffic);
  const contexts = MODES.map((m) => context(stack, m === 'baseline' ? baselineTraffic : traffic, fleets, m));
  const [defaultBaseline, defaultScenario, defaultPeak] = contexts.map((ctx) => priceMonth(stack, ctx));
  const defaults = { baseline: defaultBaseline, scenario: defaultScenario, peak: defaultPeak };
  const { baseline, scenario, peak } = options.usage ? applyUsage(stack, defaults, options.usage) : defaults;
  const quantity = (m: MonthCost, type: string, unit: string) => m.lines.filter((l) => l.type === type && l.unit.startsWith(unit)).reduce((a, l) => a + l.quantity, 0);
  const usage = Object.fromEntries(contexts.map((ctx, i) => {
    const m = [baseline, scenario, peak][i];
    return [ctx.mode, {
      requests: ctx.requests,
      cdnGbOut: quantity(m, 'aws_cloudfront_distribution', 'GB out'),
      albGbProcessed: stack.ofType('aws_lb').length ? ctx.requests * ctx.albShare * traffic.kbPerResponse * GB_PER_KB : 0,
      albGbOut: quantity(m, 'aws_lb', 'GB out'),
      natGb: quantity(m, 'aws_nat_gateway', 'GB processed'),
      logGb: quantity(m, 'aws_cloudwatch_log_group', 'GB ingested'),
      queueMessages: stack.ofType('aws_sqs_queue').length ? ctx.requests * traffic.queueMessagesPerRequest : 0,
      instanceHours: m.lines.filter((l) => fleets.has(l.address) && l.unit.startsWith('instance-hour')).reduce((a, l) => a + l.quantity, 0),
    }];
  })) as Record<Mode, Usage>;
  const counts = new Map<string, number>();
  for (const r of stack.resources) if (!PRICERS[r.type]) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const notPriced = [...counts.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([type, count]) => ({ type, count, reason: NOT_PRICED[type] ?? 'UNKNOWN TYPE: no pricer and no reason yet; its cost is missing from the totals' }));
  const estimates = new Set<string>();
  for (const l of scenario.lines.filter((x) => x.estimate)) estimates.add(l.type);
  return {
    stack: stack.name,
    region: stack.region,
    regions: [...new Set([stack.region, ...stack.resources.map((r) => r.region)])],
    environment: stack.environment,
    traffic,
    baselineTraffic,
    perEvent: eventCost(traffic, baseline.totalUsd, scenario.totalUsd),
    baseline,
    scenario,
    peak,
    usage,
    fleets: [...fleets.values()].map((f) => ({ address: f.address, how: `${f.instanceType}: ${f.hours.how}` })),
    notPriced,
    savings: savingsOf(stack, traffic, fleets, baseline, scenario),
    idle: idleOf(stack, baseline),
    budget: budgetOf(stack, baseline.totalUsd, scenario.totalUsd),
    estimates: [...estimates].sort(),
    usageFile: options.usage?.path,
    freeTier: options.freeTier ? freeTierOf(baseline, scenario) : undefined,
    disasterRecovery: drStandingCost(stack, baseline, fleets),
  };
}
