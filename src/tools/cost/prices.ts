/**
 * The price table: one JSON file per AWS region a shipped profile uses (stack and DR regions) plus
 * `global.json` for services priced the same everywhere (CloudFront, WAF, Route 53, CodePipeline, FIS,
 * ACM). No pricing source works offline, so the table lives in the repo; every section names the AWS
 * pricing page it comes from and the date read, and says whether it is an estimate.
 */
import usEast1 from './prices/us-east-1.json';
import usWest2 from './prices/us-west-2.json';
import euWest1 from './prices/eu-west-1.json';
import euCentral1 from './prices/eu-central-1.json';
import global from './prices/global.json';
import { instanceTypeProblem, type InstanceKind } from '../../config/rules/instance-types';

export interface PriceSection {
  readonly source: string;
  readonly read: string;
  /** True when the prices could not be confirmed against the source on `read`. */
  readonly estimate: boolean;
  readonly unit: string;
  readonly confirmedBy?: string;
  readonly prices: Readonly<Record<string, number>>;
}

export interface PriceTable {
  readonly region: string;
  readonly location: string;
  readonly currency: string;
  readonly note: string;
  readonly sections: Readonly<Record<string, PriceSection>>;
}

export const PRICE_TABLES: Readonly<Record<string, PriceTable>> = {
  'us-east-1': usEast1,
  'us-west-2': usWest2,
  'eu-west-1': euWest1,
  'eu-central-1': euCentral1,
  global,
};

/** A looked-up price and where it came from. */
export interface Price {
  readonly usd: number;
  readonly estimate: boolean;
  readonly source: string;
}

/** The price table of `region`; a clear error naming the file to add when there is none. */
export function priceTable(region: string): PriceTable {
  const table = PRICE_TABLES[region];
  if (!table) {
    throw new Error(
      `no price table for region "${region}": add src/tools/cost/prices/${region}.json (copy eu-west-1.json and fill in the region's prices) and list it in src/tools/cost/prices.ts`,
    );
  }
  return table;
}

/** Price sections keyed by instance type, and the kind of type (src/config/rules/instance-types.ts, a plain data module). */
const INSTANCE_SECTIONS: Readonly<Record<string, InstanceKind>> = { ec2: 'ec2', rds: 'rds', elasticache: 'elasticache' };

/** One price: `section` of the region's table (or of global.json for region "global"), entry `key`. */
export function price(region: string, section: string, key: string): Price {
  const table = priceTable(region);
  const s = table.sections[section];
  if (!s) throw new Error(`price table ${region} has no section "${section}": add it to src/tools/cost/prices/${region}.json`);
  const usd = s.prices[key];
  if (usd === undefined) {
    // The same dated list config validation uses: a type that does not exist is said so, not "unpriced".
    const kind = INSTANCE_SECTIONS[section];
    const type = kind && (key.includes(':') ? key.split(':')[1] : key);
    const unknown = kind && type ? instanceTypeProblem(kind, `${section} type`, type) : undefined;
    if (unknown) throw new Error(`${unknown}`);
    throw new Error(`no ${section} price for "${key}" in ${region}: add it to src/tools/cost/prices/${region}.json (sections.${section}.prices) from ${s.source}`);
  }
  return { usd, estimate: s.estimate, source: s.source };
}

/** Whether the region's table has a price for `key` in `section`. */
export function hasPrice(region: string, section: string, key: string): boolean {
  return PRICE_TABLES[region]?.sections[section]?.prices[key] !== undefined;
}

/**
 * On-demand Linux price of one EC2 instance for one hour, in USD: what the spike simulator multiplies
 * by instance-hours. Throws, naming the file to edit, for an unknown region or instance type.
 */
export function ec2HourlyUsd(region: string, instanceType: string): number {
  return price(region, 'ec2', instanceType).usd;
}

/** Hours in the month every figure is priced for (AWS's own convention: 24 × 365 / 12). */
export const HOURS_PER_MONTH = 730;

export const round2 = (n: number) => Math.round(n * 100) / 100;
/** Dollars with cents, as every cost report prints them. */
export const usd = (n: number) => `$${n.toFixed(2)}`;
