/** What pricing a resource yields (line items by tier) and what a pricer reads (the month's traffic, fleets, stack). */
import { Price, price } from './prices';
import { Fleet } from './fleet';
import { Resource, Stack } from './stack';
import { TrafficScenario } from './traffic';

export type Mode = 'baseline' | 'scenario' | 'peak';
export const MODES: readonly Mode[] = ['baseline', 'scenario', 'peak'];

export type Tier = 'network' | 'load-balancer' | 'compute' | 'data' | 'edge' | 'security' | 'operations' | 'delivery';
export const TIERS: readonly Tier[] = ['network', 'load-balancer', 'compute', 'data', 'edge', 'security', 'operations', 'delivery'];

export interface Line {
  readonly address: string;
  readonly type: string;
  readonly tier: Tier;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
  /** Priced from a section marked as an estimate. */
  readonly estimate: boolean;
  /** Costs money with no traffic at all. */
  readonly idle: boolean;
  /** Its quantity comes from the user's usage file (absent otherwise). */
  readonly fromUsageFile?: true;
}

/** A priced month: its lines and their total. */
export interface MonthCost {
  readonly totalUsd: number;
  readonly lines: readonly Line[];
}

export interface Ctx {
  readonly stack: Stack;
  readonly mode: Mode;
  readonly traffic: TrafficScenario;
  readonly quietHours: number;
  readonly peakHours: number;
  /** Requests a month, all of them (CloudFront or ALB). */
  readonly requests: number;
  /** Share of requests that reach the ALB. */
  readonly albShare: number;
  /** Requests CloudFront serves (all of them when it fronts the ALB, its cache hits otherwise). */
  readonly cdnRequests: number;
  /** GB the ALB sends straight to the internet (none when CloudFront fronts it: origin fetches are free). */
  readonly albInternetGb: number;
  readonly fleets: ReadonlyMap<string, Fleet>;
  /** Instance-hours this month of the fleets in `region`. */
  instanceHours(region: string, workersOnly?: boolean): number;
  /** ALB LCU-hours this month. */
  readonly lcuHours: number;
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
export const GB_PER_KB = 1 / (1024 * 1024);

/** A line: quantity × unit price, the cost rounded to the cent, the quantity to 4 decimals. */
export function line(r: Resource, tier: Tier, quantity: number, unit: string, p: Price, idle: boolean): Line {
  const q = round(quantity, 4);
  return { address: r.address, type: r.type, tier, quantity: q, unit, unitPriceUsd: p.usd, monthlyUsd: round(q * p.usd, 2), estimate: p.estimate, idle };
}

/** A resource billed one unit a month whatever the traffic. */
export const fixed = (tier: Tier, unit: string, section: string, key: string, global = false) => (r: Resource): Line[] => [
  line(r, tier, 1, unit, price(global ? 'global' : r.region, section, key), true),
];

export type Pricer = (r: Resource, ctx: Ctx) => Line[];
