/**
 * The one place the deliverables read the cost tool (src/tools/cost): monthly figures for a stack and for the single
 * server it replaces. Kept apart so the cost tool's rework (per-event cost, monthly baseline) rewires here only.
 */
import { HOURS_PER_MONTH, PRICE_TABLES, costUnderOwnScenario, ec2HourlyUsd } from '../cost';
import type { TfJson } from './tfjson';

export interface StackMonth {
  /** Every resource running all month at its floor, no traffic (cost.md's baseline). */
  readonly baselineUsd: number;
  /** The month with the stack's own scenario (the one cost.md and simulate use). */
  readonly scenarioUsd: number;
  /** The stack's own scenario. */
  readonly traffic: string;
  /** One event of that scenario over the baseline, when it is an event (cost.md's top line). */
  readonly perEventUsd?: number;
}

const costs = new WeakMap<object, Map<string, ReturnType<typeof costUnderOwnScenario>>>();

/** The cost tool's report for `stack` under its own scenario, priced once per JSON object (sizing, before-after and
 *  the alternatives all quote it). */
function stackCost(stack: string, json: TfJson): ReturnType<typeof costUnderOwnScenario> {
  const byStack = costs.get(json) ?? new Map<string, ReturnType<typeof costUnderOwnScenario>>();
  costs.set(json, byStack);
  const c = byStack.get(stack) ?? costUnderOwnScenario(stack, json);
  byStack.set(stack, c);
  return c;
}

/** The same figures cost.md prints for this stack (same call, same own scenario). */
export function stackMonth(stack: string, json: TfJson): StackMonth {
  const c = stackCost(stack, json);
  return { baselineUsd: c.baseline.totalUsd, scenarioUsd: c.scenario.totalUsd, traffic: c.traffic.name, perEventUsd: c.perEvent?.perEventUsd };
}

/** One on-demand instance of `instanceType` in `region` for a month (the single server of the "before"). */
export function singleServerMonthUsd(region: string, instanceType: string): number {
  return Math.round(ec2HourlyUsd(region, instanceType) * HOURS_PER_MONTH * 100) / 100;
}

/** A line item of cost.md's scenario month: quantity × unit price for one resource. */
export interface CostLine {
  readonly address: string;
  readonly type: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
}

/** The scenario month's line items (cost.md's "Line items: scenario") that `match` selects. */
export function scenarioLines(stack: string, json: TfJson, match: (l: CostLine) => boolean): CostLine[] {
  return stackCost(stack, json).scenario.lines.filter(match);
}

/** What the scenario month was priced for: requests, and the GB CloudFront and the ALB send to the internet. */
export function scenarioUsage(stack: string, json: TfJson): { readonly requests: number; readonly cdnGbOut: number; readonly albGbOut: number } {
  const u = stackCost(stack, json).usage.scenario;
  return { requests: u.requests, cdnGbOut: u.cdnGbOut, albGbOut: u.albGbOut };
}

/** One unit price of the cost tool's table (`region` or `global`), e.g. ('us-east-1', 'eks', 'clusterHour'); undefined when it has none. */
export function unitPriceUsd(region: string, section: string, key: string): number | undefined {
  return PRICE_TABLES[region]?.sections[section]?.prices[key];
}

export { HOURS_PER_MONTH };
