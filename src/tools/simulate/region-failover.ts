/**
 * The DR fleet's scale-up after a region failover, through the simulator's own launch phases: traffic at the stack's
 * baseline (its scenario's opening rate) reaches the DR region's load balancer at minute 0, when the runbook's
 * `aws autoscaling update-auto-scaling-group` sets every DR group to what its primary counterpart runs. Pilot-light
 * groups launch from 0, warm-standby groups from their standby min (already serving); under backup-restore the app
 * tier is deployed from code first, then its groups launch from 0 like a pilot light's.
 */
import { DisasterRecoveryView, DrStrategy, disasterRecoveryOfJson } from '../tfjson';
import { PENDING_SECONDS } from './assumptions';
import { simulate, SimulationResult } from './engine';
import { GroupModel, readStack, StackModel } from './model';
import { DEFAULT_CAPACITY_RPS } from './result';
import { scenarioForStack } from './scenario';
import { Traffic } from './traffic';
import { createGroups } from './group';

type Json = Record<string, any>;

export interface ServiceScaleUp {
  readonly service: string;
  readonly kind: 'web' | 'worker';
  /** DR group's instances before the flip (0 for pilot-light and backup-restore, standby min for warm-standby). */
  readonly from: number;
  /** What the runbook scales it to: the primary group's desired capacity (its baseline). */
  readonly to: number;
  readonly min: number;
  readonly max: number;
  /** The launch phases of one new instance (seconds): pending, app boot (by image source), health checks. */
  readonly launch: { readonly pendingSeconds: number; readonly bootSeconds: number; readonly healthySeconds: number; readonly imageSource: string };
  /** First minute with every group instance `to` serving (null: not within the run). */
  readonly atCapacityMinute: number | null;
}

export interface RegionScaleUp {
  readonly stack: string;
  readonly strategy: DrStrategy;
  readonly drRegion: string;
  /** Where the modelled DR groups come from: the DR region's own groups, or the primary's redeployed from code. */
  readonly fleetFrom: 'dr-region' | 'redeployed';
  readonly baselineRps: number;
  readonly traffic: string;
  readonly capacityPerInstance: number;
  readonly services: readonly ServiceScaleUp[];
  /** First minute in which the web groups serve any request (0: the standby serves at once). */
  readonly firstServedMinute: number | null;
  /** First minute from which every web request of the baseline is served, to the end of the run. */
  readonly baselineServedMinute: number | null;
  readonly result: SimulationResult;
}

/** Steady traffic at `rps` for `minutes`. */
function steady(name: string, rps: number, minutes: number): Traffic {
  return { name, description: `steady ${rps} req/s (the baseline of ${name})`, startMs: Date.parse('2026-01-06T03:00:00Z'), durationSeconds: minutes * 60, spikeAtSeconds: 0, rate: () => rps };
}

/**
 * Simulates the DR fleet from the flip on; undefined when the stack has no DR region or no web Auto Scaling group
 * (Beanstalk and EKS fleets are not modelled by the simulator).
 */
export function simulateRegionScaleUp(
  stack: string,
  json: Json,
  options: { capacityPerInstance?: number; minutes?: number; dr?: DisasterRecoveryView } = {},
): RegionScaleUp | undefined {
  const dr = options.dr ?? disasterRecoveryOfJson(stack, json);
  if (!dr) return undefined;
  const primary = readStack(stack, json, 'primary');
  // The web tier is what users wait for: on Beanstalk or EKS it is not an Auto Scaling group the simulator models.
  if (!primary.groups.some((g) => g.kind === 'web')) return undefined;
  const standby = readStack(stack, json, 'dr');
  const traffic = scenarioForStack(stack, json);
  return scaleUpAfterFlip({ stack, strategy: dr.strategy, drRegion: dr.drRegion, primary, standby, traffic, capacityPerInstance: options.capacityPerInstance, minutes: options.minutes });
}

/**
 * The scale-up itself, on simulator models: `standby` holds the DR region's groups (empty under backup-restore, when
 * the primary's groups are redeployed from code and start empty), each resized at minute 0 to its primary
 * counterpart's min, max and desired; `traffic`'s opening rate is offered from minute 0.
 */
export function scaleUpAfterFlip(o: {
  stack: string;
  strategy: DrStrategy;
  drRegion: string;
  primary: StackModel;
  standby: StackModel;
  traffic: Traffic;
  capacityPerInstance?: number;
  minutes?: number;
}): RegionScaleUp {
  const { stack, strategy, primary, standby } = o;
  const fromDr = standby.groups.length > 0;
  // Under backup-restore the app tier is rebuilt from the same code: the primary's groups, starting empty.
  const groups: GroupModel[] = fromDr
    ? standby.groups.map((g) => ({ ...g, desired: strategy === 'warm-standby' ? g.desired : 0 }))
    : primary.groups.map((g) => ({ ...g, min: 0, desired: 0 }));
  const model: StackModel = { stack, region: o.drRegion, groups, warnings: fromDr ? standby.warnings : primary.warnings };
  const targetOf = (service: string) => primary.groups.find((g) => g.service === service);
  const resizes = groups.map((g) => {
    const p = targetOf(g.service);
    return { atSeconds: 0, service: g.service, min: p?.min ?? g.min, max: Math.max(p?.max ?? g.max, g.max), desired: p?.desired ?? Math.max(g.desired, 1) };
  });
  const baselineRps = Math.max(1, Math.round(o.traffic.rate(0)));
  const capacity = o.capacityPerInstance ?? DEFAULT_CAPACITY_RPS;
  const minutes = o.minutes ?? 30;
  const result = simulate(model, steady(o.traffic.name, baselineRps, minutes), { capacityPerInstance: capacity, resizes });
  // The launch phases each group's new instances go through (the same figures the run used).
  const states = createGroups(model, { capacityPerInstance: capacity }, 60, 0);

  // Web groups serve the baseline: no request dropped or timed out from a minute on. A stack with workers only
  // (its web tier on Beanstalk or EKS) is at its baseline once every group runs what it was scaled to.
  const webs = result.groups.filter((g) => g.kind === 'web');
  const judged = webs.length ? webs : result.groups;
  const minuteCount = judged.length ? Math.min(...judged.map((g) => g.series.length)) : 0;
  const targetSize = (g: (typeof result.groups)[number]) => {
    const r = resizes[result.groups.indexOf(g)];
    return Math.min(r.max, Math.max(r.min, r.desired));
  };
  const clean = (m: number) =>
    judged.every((g) => g.series[m] && (webs.length ? g.series[m].dropped + g.series[m].timedOut === 0 : g.series[m].inService >= targetSize(g)));
  const serving = (m: number) => judged.every((g) => g.series[m] && (webs.length ? g.series[m].served > 0 : g.series[m].inService > 0));
  let baselineServedMinute: number | null = null;
  for (let m = minuteCount - 1; m >= 0 && clean(m); m--) baselineServedMinute = m;
  let firstServedMinute: number | null = null;
  for (let m = 0; m < minuteCount; m++) {
    if (serving(m)) {
      firstServedMinute = m;
      break;
    }
  }

  const services = result.groups.map((g, i): ServiceScaleUp => {
    const s = states[i];
    const r = resizes[i];
    const to = Math.min(r.max, Math.max(r.min, r.desired));
    const at = g.series.find((p) => p.inService >= to);
    return {
      service: g.service,
      kind: g.kind,
      from: groups[i].desired,
      to,
      min: r.min,
      max: r.max,
      launch: { pendingSeconds: PENDING_SECONDS, bootSeconds: s.bootSeconds, healthySeconds: s.model.healthyAfterSeconds, imageSource: s.imageSource },
      atCapacityMinute: at ? at.minute : null,
    };
  });
  return {
    stack,
    strategy,
    drRegion: o.drRegion,
    fleetFrom: fromDr ? 'dr-region' : 'redeployed',
    baselineRps,
    traffic: o.traffic.name,
    capacityPerInstance: capacity,
    services,
    firstServedMinute,
    baselineServedMinute,
    result,
  };
}

/** One line per service: from -> to instances, the launch phases, the minute at capacity. */
export function scaleUpLines(s: RegionScaleUp): string[] {
  return [
    `simulator: ${s.baselineRps} req/s (${s.traffic}'s baseline) reach the DR load balancer at minute 0, when the groups are scaled (${s.capacityPerInstance} req/s per instance at the CPU target):`,
    ...s.services.map(
      (x) =>
        `  ${x.service}: ${x.from} -> ${x.to} instances; a new one is serving after ${x.launch.pendingSeconds + x.launch.bootSeconds + x.launch.healthySeconds} s (pending ${x.launch.pendingSeconds} s + ${x.launch.imageSource} boot ${x.launch.bootSeconds} s${x.kind === 'web' ? ` + health checks ${x.launch.healthySeconds} s` : ''}); ${x.to} in service ${x.atCapacityMinute === null ? 'not within the run' : `at minute ${x.atCapacityMinute}`}`,
    ),
    `  first requests served in minute ${s.firstServedMinute ?? 'none'}; the whole baseline served from minute ${s.baselineServedMinute ?? 'never (within the run)'}`,
  ];
}
