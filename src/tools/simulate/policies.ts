/**
 * Scaling decisions at each minute, on the datapoints CloudWatch has published by then: target tracking (3 datapoints
 * above the target out, 15 below 90 % of it in, proportional) and step-scaling alarms (evaluated once per period,
 * M of N, treat_missing_data, statistic).
 */
import { StepPolicyModel } from './model';
import { EventFn, GroupState, PolicyState, policyWarmup, round } from './group';

/** One published datapoint: its value and the instances behind it; null value = missing. */
interface Datapoint {
  readonly value: number | null;
  readonly count: number;
}

/** Period (s) of the metric a policy reads: EC2 CPU follows the monitoring mode; ALB and SQS metrics are 1-minute. */
function periodOf(g: GroupState, p: PolicyState): number {
  if (p.step) return Math.max(60, Math.round(p.step.alarm.periodSeconds / 60) * 60);
  return p.tt?.metric === 'cpu' ? g.cpuPeriodSeconds : 60;
}

/** Index of the last period whose datapoint is visible at t (published lagSeconds after the period ends). */
const lastVisible = (t: number, period: number, lag: number) => Math.floor((t - lag) / period) - 1;

/** The datapoint of period k (length `period` s) from the per-minute history; null when no minute has data. */
function datapoint(g: GroupState, p: PolicyState, k: number, period: number, statistic?: string): Datapoint {
  const h = g.metrics;
  const metric = p.step ? 'cpu' : p.tt!.metric;
  const values = metric === 'cpu' ? h.cpu : metric === 'requests' ? h.perTarget : h.backlog;
  const counts = metric === 'cpu' ? h.cpuCount : metric === 'requests' ? h.perTargetCount : h.backlogCount;
  const perMinute = period / 60;
  const stat0 = statistic ?? p.step?.alarm.statistic ?? 'Average';
  // The common case: a 1-minute period on a 1-minute metric is the minute itself.
  if (perMinute === 1 && (metric !== 'cpu' || g.cpuPeriodSeconds === 60) && stat0 !== 'Sum' && stat0 !== 'SampleCount') {
    const v = k < values.length ? values[k] : null;
    return v === null || v === undefined ? { value: null, count: 0 } : { value: v, count: counts[k] };
  }
  // EC2 basic monitoring: one datapoint per 5 minutes; a shorter alarm period sees most of its periods empty.
  const resolution = metric === 'cpu' ? g.cpuPeriodSeconds / 60 : 1;
  const first = k * perMinute;
  const lo = Math.floor(first / resolution) * resolution;
  if (perMinute < resolution && first !== lo) return { value: null, count: 0 };
  const from = perMinute < resolution ? lo : first;
  const to = perMinute < resolution ? lo + resolution : first + perMinute;
  const vals: number[] = [];
  let count = 0;
  for (let m = from; m < to && m < values.length; m++) {
    const v = values[m];
    if (v !== null && v !== undefined) {
      vals.push(v);
      count += counts[m];
    }
  }
  if (vals.length === 0 || to > values.length) return { value: null, count: 0 };
  const n = count / vals.length;
  const stat = statistic ?? p.step?.alarm.statistic ?? 'Average';
  const avg = vals.reduce((s, v) => s + v, 0) / vals.length;
  const value = stat === 'Maximum' ? Math.max(...vals) : stat === 'Minimum' ? Math.min(...vals) : stat === 'Sum' ? avg * n : stat === 'SampleCount' ? n * vals.length : avg;
  return { value, count: n };
}

export function evaluatePolicies(g: GroupState, t: number, event: EventFn): void {
  let live = 0;
  let warming = 0;
  for (const x of g.instances) {
    if (x.deadAt !== undefined) continue;
    live++;
    if (x.warmUntil > t) warming++;
  }
  let outTo = -1;
  let outWarmup = g.launchWarmupSeconds;
  const outReasons: string[] = [];
  const inProposals: number[] = [];
  let inVotes = 0;
  let inVoters = 0;
  for (const p of g.policies) {
    const period = periodOf(g, p);
    const k = lastVisible(t, period, g.lagSeconds);
    const fresh = k > p.lastPeriod;
    if (p.tt) {
      const target = p.tt.targetValue;
      if (!p.tt.disableScaleIn) inVoters++;
      if (k < 0) continue;
      const last = datapoint(g, p, k, period);
      // True when the last n datapoints all exist and pass (stops at the first that does not).
      const lastAll = (n: number, pass: (v: number) => boolean) => {
        for (let i = 0; i < n; i++) {
          const v = k - i >= 0 ? datapoint(g, p, k - i, period).value : null;
          if (v === null || !pass(v)) return false;
        }
        return true;
      };
      const value = last.value ?? 0;
      // Proportional: the capacity that brings the metric back to the target, from the instances behind the
      // datapoint (instances that joined since, or are warming up, are capacity already on its way).
      const proposed = Math.ceil((Math.max(last.count, 1) * value) / target - 1e-9);
      if (lastAll(3, (v) => v > target)) {
        if (proposed > outTo) {
          outTo = proposed;
          outWarmup = policyWarmup(g.model, p.tt.estimatedWarmupSeconds);
        }
        outReasons.push(`${p.tt.name}: ${round(value, 1)} > ${target} for 3 datapoints`);
      }
      if (!p.tt.disableScaleIn && lastAll(15, (v) => v < target * 0.9)) {
        inVotes++;
        inProposals.push(proposed);
      }
      p.lastPeriod = k;
    } else if (p.step) {
      // The alarm evaluates once per period, when that period's datapoint is published; while it stays in ALARM
      // the policy runs at each evaluation.
      if (!fresh || k < 0) continue;
      p.lastPeriod = k;
      const a = p.step.alarm;
      const window = Array.from({ length: a.evaluationPeriods }, (_, i) => (k - i >= 0 ? datapoint(g, p, k - i, period).value : null));
      let breaching = 0;
      let present = 0;
      for (const v of window) {
        if (v === null) {
          if (a.treatMissingData === 'breaching') {
            breaching++;
            present++;
          }
          else if (a.treatMissingData === 'notBreaching') present++;
        } else {
          present++;
          if (compare(v, a.comparison, a.threshold)) breaching++;
        }
      }
      if (breaching >= a.datapointsToAlarm) p.alarm = 'ALARM';
      else if (present === 0) p.alarm = a.treatMissingData === 'ignore' ? p.alarm : 'INSUFFICIENT_DATA';
      else p.alarm = 'OK';
      if (p.alarm !== 'ALARM') continue;
      // The breach size picks the step: the newest datapoint aggregated with the policy's metric_aggregation_type,
      // looking further back over empty periods.
      let value: number | null = null;
      for (let j = k; j >= Math.max(0, k - 15) && value === null; j--) value = datapoint(g, p, j, period, p.step.metricAggregationType ?? 'Average').value;
      if (value === null) continue;
      const step = p.step.steps.find((s) => (s.lower === undefined || value - a.threshold >= s.lower) && (s.upper === undefined || value - a.threshold < s.upper));
      if (!step) continue;
      const current = live;
      // Percent changes: beyond +-1 they round towards zero, between 0 and +-1 they become +-1 (AWS's rounding).
      const percent = (current * step.adjustment) / 100;
      const rounded = Math.abs(percent) >= 1 ? Math.trunc(percent) : Math.sign(percent);
      let change = p.step.adjustmentType === 'ExactCapacity' ? step.adjustment - current : p.step.adjustmentType === 'PercentChangeInCapacity' ? rounded : step.adjustment;
      if (p.step.adjustmentType === 'PercentChangeInCapacity' && p.step.minAdjustmentMagnitude !== undefined && change !== 0 && Math.abs(change) < p.step.minAdjustmentMagnitude) {
        change = Math.sign(change) * p.step.minAdjustmentMagnitude;
      }
      let to = current + change;
      const reason = `${a.name}: CPU ${round(value, 1)} vs ${a.threshold} (${breaching}/${a.evaluationPeriods}, ${period / 60} min periods)`;
      if (step.adjustment > 0) {
        // Instances still warming from the last step count as capacity already added.
        to = Math.max(g.desired, to - (warming > 0 ? Math.min(warming, Math.max(change, 0)) : 0));
        if (to > outTo && to > g.desired) {
          outTo = to;
          outWarmup = policyWarmup(g.model, p.step.estimatedWarmupSeconds);
          outReasons.push(reason);
        }
      } else if (warming === 0) {
        const target = Math.max(g.min, to);
        if (target < g.desired) {
          event(t, g, 'scale-in', g.desired, target, reason);
          g.desired = target;
        }
      }
    }
  }
  if (outTo > g.desired) {
    const to = Math.min(g.max, outTo);
    if (to > g.desired) {
      event(t, g, 'scale-out', g.desired, to, outReasons.join('; ') + (outTo > g.max ? ` (capped at max ${g.max})` : ''));
      g.desired = to;
      g.launchWarmupSeconds = outWarmup;
    }
    return;
  }
  // Scale in only when every scale-in-enabled target-tracking policy agrees, and nothing is warming up.
  if (inVoters > 0 && inVotes === inVoters && warming === 0) {
    const to = Math.max(g.min, ...inProposals);
    if (to < g.desired) {
      event(t, g, 'scale-in', g.desired, to, 'every target-tracking policy below 90 % of its target for 15 datapoints');
      g.desired = to;
    }
  }
}

function compare(v: number, op: StepPolicyModel['alarm']['comparison'], threshold: number): boolean {
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return v >= threshold;
    case 'GreaterThanThreshold':
      return v > threshold;
    case 'LessThanThreshold':
      return v < threshold;
    default:
      return v <= threshold;
  }
}
