/**
 * The one place the deliverables read the cost tool (src/tools/cost): monthly figures for a stack and for the single
 * server it replaces. Kept apart so the cost tool's rework (per-event cost, monthly baseline) rewires here only.
 */
import { HOURS_PER_MONTH, ec2HourlyUsd, estimateStack, readStack, trafficScenario } from '../cost';
import type { TfJson } from './tfjson';

export interface StackMonth {
  /** Every resource running all month at its floor, no traffic (cost.md's baseline). */
  readonly baselineUsd: number;
  /** The month with cost.md's traffic scenario (the one cost.md prices). */
  readonly scenarioUsd: number;
  /** The scenario cost.md prices with. */
  readonly traffic: string;
}

/** The same figures cost.md prints for this stack (same call, same default traffic). */
export function stackMonth(stack: string, json: TfJson): StackMonth {
  const traffic = trafficScenario();
  const c = estimateStack(readStack(stack, json), traffic);
  return { baselineUsd: c.baseline.totalUsd, scenarioUsd: c.scenario.totalUsd, traffic: traffic.name };
}

/** One on-demand instance of `instanceType` in `region` for a month (the single server of the "before"). */
export function singleServerMonthUsd(region: string, instanceType: string): number {
  return Math.round(ec2HourlyUsd(region, instanceType) * HOURS_PER_MONTH * 100) / 100;
}
