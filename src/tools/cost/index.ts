/**
 * Cost analysis of synthesized stacks (`npm run cost`). Other tools import from here, e.g. the spike
 * simulator prices instance-hours with `ec2HourlyUsd(region, instanceType)`.
 */
export { ec2HourlyUsd, price, priceTable, PRICE_TABLES, HOURS_PER_MONTH } from './prices';
export { readStack } from './stack';
export type { TfJson, Stack } from './stack';
export { estimateStack, monthlyBaselineUsd, perEventCost } from './estimate';
export { costUnderOwnScenario } from './own-scenario';
export type { StackCost, Saving, MonthCost } from './estimate';
export { TRAFFIC, DEFAULT_TRAFFIC, trafficScenario, describeTraffic } from './traffic';
export type { TrafficScenario } from './traffic';
export { PRICERS } from './pricers';
export { MODES, TIERS } from './line';
export type { Line, Mode, Tier } from './line';
export { NOT_PRICED } from './not-priced';
export { markdownReport, terminalReport } from './report';
export { toJson } from './infracost-json';
export type { CostJson } from './infracost-json';
export type { EstimateOptions } from './estimate';
export { parseUsageFile, writeUsageFile, USAGE_KEYS } from './usage-file';
export type { UsageFile } from './usage-file';
export { diffRuns, diffMarkdown } from './diff';
export { freeTierOf } from './free-tier';
export type { FreeTier } from './free-tier';
