/**
 * The verdict around one run: the same traffic on the single server the scenario starts from (before), and the least
 * per-instance capacity that keeps every request (after), searched by re-running the simulator.
 */
import { GroupModel, StackModel } from './model';
import { simulate } from './engine';
import { DEFAULT_CAPACITY_RPS, SimulateOptions, SimulationResult, Verdict } from './result';
import { Traffic } from './traffic';
import { round } from './group';

/** One instance of the first web group taking all the site's traffic: no scaling, no schedules, no warm pool. */
export function singleServer(stack: StackModel): StackModel {
  const web = stack.groups.find((g) => g.kind === 'web');
  if (!web) return { ...stack, groups: [] };
  const one: GroupModel = { ...web, min: 1, max: 1, desired: 1, azCount: 1, targetTracking: [], stepPolicies: [], schedules: [], warmPool: undefined, instanceRefresh: undefined };
  return { ...stack, groups: [one] };
}

/** Capacity options scaled by `factor` for every web group. */
function scaled(stack: StackModel, options: SimulateOptions, factor: number): SimulateOptions {
  const base = options.capacityPerInstance ?? DEFAULT_CAPACITY_RPS;
  const byService: Record<string, number> = {};
  for (const g of stack.groups) if (g.kind === 'web') byService[g.service] = (options.capacityByService?.[g.service] ?? base) * factor;
  return { ...options, capacityPerInstance: base * factor, capacityByService: byService };
}

/** Fewest failed requests of `stack` at `factor` x the capacity: 0 or not (stops at the first failure). */
const passes = (stack: StackModel, traffic: Traffic, options: SimulateOptions, factor: number) =>
  simulate(stack, traffic, { ...scaled(stack, options, factor), stopAtFirstFailure: true, priceLookup: undefined }).totals.failed === 0;

/** Capacity factors tried outwards from 1 to bracket the least that serves every request. */
const DOWN = [0.7, 0.5, 0.3, 0.15, 1 / 20];
const UP = [1.5, 2.5, 5, 20];

/**
 * Before vs after and the capacity margin. `after` is the run already made with `options`. The least capacity is
 * bracketed by stepping out from the given one (most stacks sit within a factor of two), then bisected on
 * log(capacity) to 3 %; every trial stops at its first failed request.
 */
export function verdict(stack: StackModel, traffic: Traffic, options: SimulateOptions, after: SimulationResult): Verdict {
  const before = simulate(singleServer(stack), traffic, { ...options, failures: [], refreshAtSeconds: undefined, shares: undefined, priceLookup: undefined });
  const web = after.groups.find((g) => g.kind === 'web');
  const capacity = web?.capacityPerInstance ?? options.capacityPerInstance ?? DEFAULT_CAPACITY_RPS;
  const ok = (factor: number) => passes(stack, traffic, options, factor);
  // lo fails (or is the floor), hi passes.
  let lo: number | null = null;
  let hi: number | null = null;
  if (after.totals.failed === 0) {
    hi = 1;
    for (const f of DOWN) {
      if (ok(f)) hi = f;
      else {
        lo = f;
        break;
      }
    }
  } else {
    lo = 1;
    for (const f of UP) {
      if (ok(f)) {
        hi = f;
        break;
      }
      lo = f;
    }
  }
  if (hi !== null && lo !== null) {
    while (hi / lo > 1.03) {
      const mid = Math.sqrt(lo * hi);
      if (ok(mid)) hi = mid;
      else lo = mid;
    }
  }
  const min = hi === null ? null : capacity * hi;
  const bw = before.groups[0];
  const peakMinutes = bw ? bw.series.filter((p) => p.offered >= 0.9 * bw.peakOffered) : [];
  const peakOffered = peakMinutes.reduce((n, p) => n + p.offered * 60, 0);
  const peakFailed = peakMinutes.reduce((n, p) => n + p.dropped + p.timedOut, 0);
  return {
    before: {
      failed: before.totals.failed,
      failedPercent: before.totals.failedPercent,
      failedAtPeakPercent: peakOffered > 0 ? round((100 * peakFailed) / peakOffered, 1) : 0,
      peakP95Ms: before.totals.peakP95Ms,
      minutesAboveCpuTarget: before.totals.minutesAboveCpuTarget,
    },
    after: { failed: after.totals.failed, failedPercent: after.totals.failedPercent, peakP95Ms: after.totals.peakP95Ms, minutesAboveCpuTarget: after.totals.minutesAboveCpuTarget },
    minCapacityForZeroFailures: min === null ? null : round(min, 1),
    capacityPerInstance: capacity,
    marginPercent: min === null ? null : round((capacity / min - 1) * 100, 1),
  };
}
