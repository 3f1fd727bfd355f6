/** Scaling decisions at each minute: target tracking (3 datapoints out, 15 in, proportional) and step scaling alarms. */
import { StepPolicyModel } from './model';
import { EventFn, GroupState, round } from './group';

export function evaluatePolicies(g: GroupState, t: number, event: EventFn): void {
  const minute = t / 60;
  const live = g.instances.filter((x) => x.deadAt === undefined);
  const serving = live.filter((x) => x.readyAt <= t);
  const warming = live.filter((x) => x.warmUntil > t).length;
  const n = serving.length;
  let outTo = -1;
  const outReasons: string[] = [];
  const inProposals: number[] = [];
  let inVotes = 0;
  let inVoters = 0;
  for (const p of g.policies) {
    if (p.tt) {
      const target = p.tt.targetValue;
      const last = (k: number) => p.points.slice(-k);
      const value = p.points[p.points.length - 1] ?? 0;
      // Proportional: the capacity that brings the metric back to the target, from the instances that produced
      // the datapoint (instances that joined since, or are warming up, are capacity already on its way).
      const behind = p.counts[p.counts.length - 1] ?? n;
      const proposed = Math.ceil((Math.max(behind, 1) * value) / target - 1e-9);
      if (p.points.length >= 3 && last(3).every((v) => v > target)) {
        if (proposed > outTo) outTo = proposed;
        outReasons.push(`${p.tt.name}: ${round(value, 1)} > ${target} for 3 datapoints`);
      }
      if (!p.tt.disableScaleIn) {
        inVoters++;
        if (p.points.length >= 15 && last(15).every((v) => v < target * 0.9)) {
          inVotes++;
          inProposals.push(proposed);
        }
      }
    } else if (p.step) {
      const a = p.step.alarm;
      const periodMinutes = Math.max(1, Math.round(a.periodSeconds / 60));
      if (minute % periodMinutes !== 0) continue;
      // One datapoint per period: the average of its minutes.
      const datapoints: number[] = [];
      for (let k = 0; k < a.evaluationPeriods; k++) {
        const slice = p.points.slice(p.points.length - (k + 1) * periodMinutes, p.points.length - k * periodMinutes);
        if (slice.length === periodMinutes) datapoints.push(slice.reduce((s, v) => s + v, 0) / slice.length);
      }
      const breaching = datapoints.filter((v) => compare(v, a.comparison, a.threshold)).length;
      if (breaching < a.datapointsToAlarm) continue;
      const value = datapoints[0];
      const step = p.step.steps.find((s) => (s.lower === undefined || value - a.threshold >= s.lower) && (s.upper === undefined || value - a.threshold < s.upper));
      if (!step) continue;
      const current = live.length;
      let to = p.step.adjustmentType === 'ExactCapacity' ? step.adjustment : p.step.adjustmentType === 'PercentChangeInCapacity' ? current + Math.trunc((current * step.adjustment) / 100) : current + step.adjustment;
      if (step.adjustment > 0) {
        // Instances still warming from the last step count as capacity already added.
        to = Math.max(g.desired, to - (warming > 0 ? Math.min(warming, step.adjustment) : 0));
        if (to > outTo && to > g.desired) {
          outTo = to;
          outReasons.push(`${a.name}: CPU ${round(value, 1)} vs ${a.threshold} (${breaching}/${a.evaluationPeriods})`);
        }
      } else if (warming === 0) {
        const target = Math.max(g.min, to);
        if (target < g.desired) {
          event(t, g, 'scale-in', g.desired, target, `${a.name}: CPU ${round(value, 1)} vs ${a.threshold} (${breaching}/${a.evaluationPeriods})`);
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
