/**
 * The spike simulator: steps a stack's Auto Scaling groups through a traffic scenario (10 s steps, 1-minute
 * CloudWatch datapoints) with AWS's documented scaling behaviour, and reports capacity, CPU, served and
 * dropped requests, and when a spike was absorbed. Pure and synchronous: no AWS, no I/O.
 *
 * Modelled AWS behaviour (each rule cites the page it follows):
 * - Target tracking: the scale-out alarm fires after 3 consecutive 1-minute datapoints above the target, the
 *   scale-in alarm after 15 consecutive datapoints below it (90 % of the target), and the new capacity is
 *   proportional: ceil(capacity x metric / target). With several policies the group scales out if any policy
 *   asks, and in only when every policy with scale-in enabled agrees.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/target-tracking-scaling-policy-overview.html
 * - Instance warm-up: instances warming up serve traffic but do not add their metrics to the group's
 *   aggregates, count towards capacity already on its way (no double scale-out), and block scale-in.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-default-instance-warmup.html
 * - Step scaling: the alarm evaluates M of N periods; while it stays in ALARM, CloudWatch invokes the Auto
 *   Scaling action once per period; the step whose bounds contain (metric - threshold) applies; warming
 *   instances count as capacity already added by a previous step.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html (alarm actions)
 * - Scheduled actions: recurring cron in the action's time zone sets min/max/desired at that minute; desired
 *   is clamped into the new [min, max].
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-scheduled-scaling.html
 * - Warm pools: an instance taken from the pool skips the OS boot and app install; the pool refills itself.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-warm-pools.html
 * - Health checks: with ELB health checks an instance receives traffic after the target group's
 *   healthy_threshold x interval; a failed one is marked unhealthy after unhealthy_threshold x interval and
 *   replaced; launches go to the AZ with the fewest instances.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/auto-scaling-benefits.html (AZ balancing)
 * - Instance refresh: replaces instances in batches that keep minHealthyPercentage in service (or launch first
 *   up to maxHealthyPercentage), waiting out each batch's warm-up.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-overview.html
 * Simplifications (said so in the report): metrics have no publication delay, load spreads evenly over healthy
 * targets, a request beyond an instance's full capacity is dropped (no queueing), AZ rebalancing after an AZ
 * recovers is not modelled.
 */
import { parseCron, localTime, Cron } from './cron';
import { GroupModel, StackModel, TargetTrackingModel, StepPolicyModel } from './model';
import { Traffic } from './traffic';

/**
 * Requests per second one instance serves at its CPU target, when nothing better is known. Measure your app
 * with `npm run load-test` and pass `capacityPerInstance` (`--capacity`, or `--capacity-from` the load test's
 * JSON). 30 req/s at 50 % CPU is a conservative figure for the Python demo app on a t3.small held to its 20 % CPU-credit baseline.
 */
export const DEFAULT_CAPACITY_RPS = 30;

export type Failure =
  | { readonly kind: 'az'; readonly az: number; readonly atSeconds: number; readonly durationSeconds?: number }
  | { readonly kind: 'instances'; readonly count: number; readonly atSeconds: number; readonly service?: string };

export interface SimulateOptions {
  /** @default 10 */
  readonly stepSeconds?: number;
  /** Requests/s an instance serves at its group's CPU target. @default DEFAULT_CAPACITY_RPS */
  readonly capacityPerInstance?: number;
  /** Per-service override of capacityPerInstance (by `Service` tag). @default - none */
  readonly capacityByService?: Readonly<Record<string, number>>;
  /** Share of the site's requests each web service receives (by `Service` tag). @default - an even split */
  readonly shares?: Readonly<Record<string, number>>;
  /** Queue messages each site request produces (worker groups). @default 0.02 */
  readonly messagesPerRequest?: number;
  /** Messages one worker instance processes per second. @default 1 */
  readonly messagesPerInstancePerSecond?: number;
  /** Seconds from launch until the app answers (AL2023 boot + user data). @default 90 */
  readonly bootSeconds?: number;
  /** Seconds a warm-pool instance needs to start (already booted once, app installed). @default 25 */
  readonly warmPoolStartSeconds?: number;
  readonly failures?: readonly Failure[];
  /** Start an instance refresh (rolling replacement of every group) at this second. @default - none */
  readonly refreshAtSeconds?: number;
  /** USD per instance-hour for a type in a region; undefined when unknown. @default - no cost */
  readonly priceLookup?: (instanceType: string, region: string | undefined) => number | undefined;
}

export interface MinutePoint {
  readonly minute: number;
  readonly time: string;
  /** Average requests/s (web) or messages/s (worker) arriving during the minute. */
  readonly offered: number;
  readonly served: number;
  /** Requests dropped during the minute (web). */
  readonly dropped: number;
  readonly desired: number;
  /** Healthy instances serving at the minute's end. */
  readonly inService: number;
  readonly pending: number;
  /** Average CPU percent of the serving instances. */
  readonly cpu: number;
  /** Requests/s the serving instances can take at 100 % CPU (web) or messages/s (worker). */
  readonly capacity: number;
  /** Messages waiting (worker). */
  readonly backlog: number;
}

export interface ScalingEvent {
  readonly minute: number;
  readonly time: string;
  readonly service: string;
  readonly what: 'scale-out' | 'scale-in' | 'schedule' | 'failure' | 'replace' | 'refresh';
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

export interface GroupResult {
  readonly service: string;
  readonly name: string;
  readonly kind: 'web' | 'worker';
  readonly instanceType?: string;
  readonly capacityPerInstance: number;
  readonly launchToInServiceSeconds: number;
  readonly peakOffered: number;
  readonly offeredTotal: number;
  readonly droppedTotal: number;
  readonly droppedPercent: number;
  readonly firstDropMinute: number | null;
  readonly lastDropMinute: number | null;
  /** Most instances missing to serve every request, and when. */
  readonly peakShortfall: { readonly instances: number; readonly minute: number | null; readonly time: string | null };
  /** Instances needed at the peak to hold the CPU target (capped at max size). */
  readonly neededAtPeak: number;
  readonly neededCappedByMax: boolean;
  /** Minutes from the spike's start until that many instances served. */
  readonly minutesToNeededCapacity: number | null;
  /** The minute after the last dropped request of the spike (the spike's start when nothing dropped). */
  readonly absorbedAtMinute: number | null;
  readonly maxInService: number;
  readonly peakBacklog: number;
  readonly instanceHours: number;
  readonly costUsd?: number;
  readonly series: readonly MinutePoint[];
  readonly warnings: readonly string[];
}

export interface SimulationResult {
  readonly stack: string;
  readonly region?: string;
  readonly traffic: { readonly name: string; readonly description: string; readonly start: string; readonly durationMinutes: number; readonly spikeAtMinute: number | null };
  readonly stepSeconds: number;
  readonly failures: readonly Failure[];
  readonly groups: readonly GroupResult[];
  readonly totals: { readonly offered: number; readonly dropped: number; readonly droppedPercent: number; readonly instanceHours: number; readonly costUsd?: number };
  readonly events: readonly ScalingEvent[];
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
}

interface Instance {
  readonly az: number;
  readonly launchedAt: number;
  readonly readyAt: number;
  readonly warmUntil: number;
  deadAt?: number;
  /** Generation of the instance refresh it belongs to. */
  readonly generation: number;
}

interface PolicyState {
  readonly tt?: TargetTrackingModel;
  readonly step?: StepPolicyModel;
  readonly points: number[];
  /** Instances the datapoint was averaged over (capacity behind the metric). */
  readonly counts: number[];
}

interface GroupState {
  readonly model: GroupModel;
  readonly capacityPerInstance: number;
  /** Requests/s (or messages/s) an instance takes at 100 % CPU. */
  readonly fullRate: number;
  readonly share: number;
  readonly launchSeconds: number;
  readonly warmLaunchSeconds: number;
  readonly schedules: { cron: Cron; s: GroupModel['schedules'][number] }[];
  readonly policies: PolicyState[];
  min: number;
  max: number;
  desired: number;
  instances: Instance[];
  /** Ready-at times of warm-pool instances. */
  pool: number[];
  backlog: number;
  // per-minute accumulators
  acc: { offered: number; served: number; dropped: number; cpu: number; cpuSteps: number; perTarget: number; perTargetSteps: number; servingSum: number; minServing: number };
  series: MinutePoint[];
  instanceSeconds: number;
  refresh?: { generation: number; busyUntil: number };
  generation: number;
  warnings: string[];
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function simulate(stack: StackModel, traffic: Traffic, options: SimulateOptions = {}): SimulationResult {
  const dt = options.stepSeconds ?? 10;
  if (!(dt > 0 && 60 % dt === 0)) throw new Error(`stepSeconds (${dt}) must divide 60 (e.g. 10)`);
  const boot = options.bootSeconds ?? 90;
  const warmStart = options.warmPoolStartSeconds ?? 25;
  const perRequest = options.messagesPerRequest ?? 0.02;
  const perWorker = options.messagesPerInstancePerSecond ?? 1;
  const failures = [...(options.failures ?? [])].sort((a, b) => a.atSeconds - b.atSeconds);
  const events: ScalingEvent[] = [];
  const iso = (t: number) => new Date(traffic.startMs + t * 1000).toISOString().replace('.000Z', 'Z');
  const event = (t: number, g: GroupState, what: ScalingEvent['what'], from: number, to: number, reason: string) =>
    events.push({ minute: Math.floor(t / 60), time: iso(t), service: g.model.service, what, from, to, reason });

  const webs = stack.groups.filter((g) => g.kind === 'web');
  for (const f of failures) {
    if (f.kind === 'az' && !stack.groups.some((g) => f.az >= 0 && f.az < g.azCount)) {
      throw new Error(`failure az:${f.az}: the stack's groups span AZs 0-${Math.max(...stack.groups.map((g) => g.azCount)) - 1}`);
    }
  }
  const groups: GroupState[] = stack.groups.map((m) => {
    const cpuTarget = m.targetTracking.find((p) => p.metric === 'cpu')?.targetValue ?? 50;
    const capacityPerInstance = m.kind === 'worker' ? perWorker * (cpuTarget / 100) : options.capacityByService?.[m.service] ?? options.capacityPerInstance ?? DEFAULT_CAPACITY_RPS;
    const launchSeconds = boot + m.healthyAfterSeconds;
    const warnings: string[] = [];
    if (m.healthCheckType === 'ELB' && m.healthCheckGraceSeconds < launchSeconds) {
      warnings.push(`health_check_grace_period (${m.healthCheckGraceSeconds} s) is shorter than boot + healthy checks (${launchSeconds} s): new instances may be replaced before they are healthy`);
    }
    const g: GroupState = {
      model: m,
      capacityPerInstance,
      fullRate: m.kind === 'worker' ? perWorker : (capacityPerInstance * 100) / cpuTarget,
      share: m.kind === 'web' ? options.shares?.[m.service] ?? 1 / webs.length : 1,
      launchSeconds,
      warmLaunchSeconds: (m.warmPool?.state === 'Running' ? 0 : warmStart) + m.healthyAfterSeconds,
      schedules: m.schedules.map((s) => ({ cron: parseCron(s.recurrence), s })),
      policies: [...m.targetTracking.filter((p) => p.metric !== 'unsupported').map((tt) => ({ tt, points: [], counts: [] })), ...m.stepPolicies.filter((s) => s.alarm.metric === 'cpu').map((step) => ({ step, points: [], counts: [] }))],
      min: m.min,
      max: m.max,
      desired: m.desired,
      instances: [],
      pool: [],
      backlog: 0,
      acc: emptyAcc(),
      series: [],
      instanceSeconds: 0,
      generation: 0,
      warnings,
    };
    // The group starts settled at its desired capacity, spread over its AZs, warmed up.
    for (let i = 0; i < m.desired; i++) g.instances.push({ az: i % m.azCount, launchedAt: -3600, readyAt: -3600, warmUntil: -3600, generation: 0 });
    if (m.warmPool) g.pool = Array.from({ length: poolTarget(g) }, () => -3600);
    return g;
  });

  const azDown = (az: number, t: number) =>
    failures.some((f) => f.kind === 'az' && f.az === az && t >= f.atSeconds && (f.durationSeconds === undefined || t < f.atSeconds + f.durationSeconds));
  const steps = Math.floor(traffic.durationSeconds / dt);
  let failureIndex = 0;

  for (let i = 0; i <= steps; i++) {
    const t = i * dt;
    const minuteBoundary = t % 60 === 0;

    if (minuteBoundary && t > 0) {
      for (const g of groups) closeMinute(g, t, iso);
      for (const g of groups) evaluatePolicies(g, t, event);
    }
    if (minuteBoundary) {
      const now = traffic.startMs + t * 1000;
      for (const g of groups) {
        for (const { cron, s } of g.schedules) {
          if (!cron.matches(localTime(now, s.timeZone))) continue;
          const before = g.desired;
          if (s.min !== undefined) g.min = s.min;
          if (s.max !== undefined) g.max = s.max;
          if (s.desired !== undefined) g.desired = s.desired;
          g.desired = Math.min(g.max, Math.max(g.min, g.desired));
          event(t, g, 'schedule', before, g.desired, `${s.name} (${s.recurrence} ${s.timeZone}): min ${g.min}, max ${g.max}`);
        }
      }
    }

    while (failureIndex < failures.length && failures[failureIndex].atSeconds <= t) {
      const f = failures[failureIndex++];
      for (const g of groups) {
        const alive = g.instances.filter((x) => x.deadAt === undefined);
        const victims =
          f.kind === 'az'
            ? alive.filter((x) => x.az === f.az)
            : f.service === undefined || f.service === g.model.service
              ? [...alive].sort((a, b) => a.launchedAt - b.launchedAt).slice(0, f.count)
              : [];
        for (const v of victims) v.deadAt = t;
        if (victims.length > 0) {
          event(t, g, 'failure', alive.length, alive.length - victims.length, f.kind === 'az' ? `AZ ${f.az} lost (${victims.length} instances, its subnets take no launches)` : `${victims.length} instances terminated`);
        }
      }
    }

    if (options.refreshAtSeconds !== undefined && t === Math.ceil(options.refreshAtSeconds / dt) * dt) {
      for (const g of groups) {
        g.generation++;
        g.refresh = { generation: g.generation, busyUntil: t };
        event(t, g, 'refresh', g.instances.length, g.instances.length, `instance refresh starts (min healthy ${g.model.instanceRefresh?.minHealthyPercentage ?? 90} %)`);
      }
    }

    const rate = Math.max(0, traffic.rate(t));
    for (const g of groups) {
      reconcile(g, t, azDown, event);
      serve(g, t, dt, g.model.kind === 'web' ? rate * g.share : rate * perRequest);
      g.instanceSeconds += g.instances.length * dt;
    }
  }
  const end = steps * dt;
  for (const g of groups) if (end % 60 !== 0 || g.acc.cpuSteps > 0) closeMinute(g, Math.ceil(end / 60) * 60, iso);

  const spikeAt = traffic.spikeAtSeconds ?? 0;
  const results = groups.map((g) => summarize(g, spikeAt, stack.region, options.priceLookup));
  const offered = results.reduce((n, r) => n + (r.kind === 'web' ? r.offeredTotal : 0), 0);
  const dropped = results.reduce((n, r) => n + r.droppedTotal, 0);
  const costs = results.map((r) => r.costUsd);
  return {
    stack: stack.stack,
    region: stack.region,
    traffic: {
      name: traffic.name,
      description: traffic.description,
      start: iso(0),
      durationMinutes: round(traffic.durationSeconds / 60, 1),
      spikeAtMinute: traffic.spikeAtSeconds === undefined ? null : Math.floor(traffic.spikeAtSeconds / 60),
    },
    stepSeconds: dt,
    failures,
    groups: results,
    totals: {
      offered: Math.round(offered),
      dropped: Math.round(dropped),
      droppedPercent: offered > 0 ? round((100 * dropped) / offered, 3) : 0,
      instanceHours: round(results.reduce((n, r) => n + r.instanceHours, 0)),
      costUsd: costs.every((c) => c !== undefined) && costs.length > 0 ? round(costs.reduce((n, c) => n + (c ?? 0), 0), 4) : undefined,
    },
    events,
    assumptions: [
      `step ${dt} s; CloudWatch datapoints every 60 s, no publication delay`,
      `launch to in service: ${boot} s boot and app install + the target group's healthy checks; warm-pool instances ${warmStart} s`,
      'load spreads evenly over healthy targets; requests beyond 100 % CPU are dropped (no queueing)',
      `workers: ${perRequest} messages per site request, ${perWorker} message/s per instance`,
    ],
    warnings: [...stack.warnings],
  };
}

const emptyAcc = (): GroupState['acc'] => ({ offered: 0, served: 0, dropped: 0, cpu: 0, cpuSteps: 0, perTarget: 0, perTargetSteps: 0, servingSum: 0, minServing: Infinity });

/** Warm-pool size: max prepared capacity (default the group's max) minus desired, at least minSize. */
function poolTarget(g: GroupState): number {
  const wp = g.model.warmPool;
  if (!wp) return 0;
  return Math.max(wp.minSize, (wp.maxPreparedCapacity ?? g.max) - g.desired);
}

function closeMinute(g: GroupState, t: number, iso: (t: number) => string): void {
  const a = g.acc;
  const cpu = a.cpuSteps > 0 ? a.cpu / a.cpuSteps : 0;
  const perTarget = a.perTargetSteps > 0 ? a.perTarget / a.perTargetSteps : 0;
  const steps = Math.max(1, a.cpuSteps);
  const serving = g.instances.filter((x) => x.readyAt <= t && x.deadAt === undefined).length;
  const averageServing = a.servingSum / steps;
  const backlogPerInstance = g.backlog / Math.max(1, serving);
  for (const p of g.policies) {
    if (p.tt) p.points.push(p.tt.metric === 'cpu' ? cpu : p.tt.metric === 'requests' ? perTarget : backlogPerInstance);
    else if (p.step) p.points.push(cpu);
    p.counts.push(p.tt?.metric === 'backlog' ? Math.max(1, serving) : averageServing);
    if (p.points.length > 60) {
      p.points.splice(0, p.points.length - 60);
      p.counts.splice(0, p.counts.length - 60);
    }
  }
  g.series.push({
    minute: t / 60 - 1,
    time: iso(t - 60),
    offered: round(a.offered / steps),
    served: round(a.served / steps),
    dropped: Math.round(a.dropped),
    desired: g.desired,
    // The fewest serving during the minute, so a dip shows even when replacements land within it.
    inService: a.minServing === Infinity ? serving : a.minServing,
    pending: g.instances.filter((x) => x.readyAt > t).length,
    cpu: round(cpu, 1),
    capacity: round((a.minServing === Infinity ? serving : a.minServing) * g.fullRate),
    backlog: Math.round(g.backlog),
  });
  g.acc = emptyAcc();
}

type EventFn = (t: number, g: GroupState, what: ScalingEvent['what'], from: number, to: number, reason: string) => void;

function evaluatePolicies(g: GroupState, t: number, event: EventFn): void {
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

function reconcile(g: GroupState, t: number, azDown: (az: number, t: number) => boolean, event: EventFn): void {
  const m = g.model;
  // Failed instances leave once health checks notice (ELB: unhealthy threshold x interval; EC2: status checks).
  const detected = g.instances.filter((x) => x.deadAt !== undefined && t >= x.deadAt + m.unhealthyAfterSeconds);
  if (detected.length > 0) {
    g.instances = g.instances.filter((x) => !detected.includes(x));
    event(t, g, 'replace', g.instances.length + detected.length, g.instances.length, `${detected.length} unhealthy instances terminated; replacements launch`);
  }
  // Instance refresh: one batch at a time, each waiting for its replacements to be in service and warmed up.
  if (g.refresh && t >= g.refresh.busyUntil) {
    const old = g.instances.filter((x) => x.generation < g.refresh!.generation && x.deadAt === undefined);
    if (old.length === 0) {
      event(t, g, 'refresh', g.instances.length, g.instances.length, 'instance refresh complete');
      g.refresh = undefined;
    } else {
      const ir = m.instanceRefresh ?? { minHealthyPercentage: 90, maxHealthyPercentage: 100, warmupSeconds: m.defaultWarmupSeconds };
      const batch = Math.max(1, Math.floor((g.desired * (100 - ir.minHealthyPercentage)) / 100), Math.floor((g.desired * (ir.maxHealthyPercentage - 100)) / 100));
      const victims = old.slice(0, Math.min(batch, old.length));
      g.instances = g.instances.filter((x) => !victims.includes(x));
      g.refresh.busyUntil = t + g.launchSeconds + Math.max(ir.warmupSeconds, 0);
    }
  }
  const upAzs = Array.from({ length: m.azCount }, (_, az) => az).filter((az) => !azDown(az, t));
  if (g.instances.length < g.desired && upAzs.length > 0) {
    const want = g.desired - g.instances.length;
    const warmup = m.defaultWarmupSeconds;
    for (let k = 0; k < want; k++) {
      const counts = upAzs.map((az) => g.instances.filter((x) => x.az === az).length);
      const az = upAzs[counts.indexOf(Math.min(...counts))];
      const poolIndex = g.pool.findIndex((readyAt) => readyAt <= t);
      const fromPool = poolIndex >= 0;
      if (fromPool) g.pool.splice(poolIndex, 1, t + g.launchSeconds);
      const readyAt = t + (fromPool ? g.warmLaunchSeconds : g.launchSeconds);
      g.instances.push({ az, launchedAt: t, readyAt, warmUntil: readyAt + warmup, generation: g.generation });
    }
  } else if (g.instances.length > g.desired) {
    const extra = g.instances.length - g.desired;
    for (let k = 0; k < extra; k++) {
      // Balance first: the AZ with the most instances; there, one not serving yet, else the oldest.
      const azs = [...new Set(g.instances.map((x) => x.az))];
      const counts = azs.map((az) => g.instances.filter((x) => x.az === az).length);
      const az = azs[counts.indexOf(Math.max(...counts))];
      const inAz = g.instances.filter((x) => x.az === az);
      const victim = inAz.find((x) => x.deadAt !== undefined) ?? inAz.find((x) => x.readyAt > t) ?? inAz.sort((a, b) => a.launchedAt - b.launchedAt)[0];
      g.instances = g.instances.filter((x) => x !== victim);
    }
  }
  if (m.warmPool) {
    const target = poolTarget(g);
    while (g.pool.length < target) g.pool.push(t + g.launchSeconds);
    if (g.pool.length > target) g.pool.length = target;
  }
}

function serve(g: GroupState, t: number, dt: number, offered: number): void {
  const registered = g.instances.filter((x) => x.readyAt <= t);
  const healthy = registered.filter((x) => x.deadAt === undefined);
  const a = g.acc;
  a.offered += offered;
  a.cpuSteps++;
  a.servingSum += healthy.length;
  a.minServing = Math.min(a.minServing, healthy.length);
  if (g.model.kind === 'web') {
    // Until health checks notice, the ALB still sends a failed instance its share; those requests fail.
    const toHealthy = registered.length > 0 ? (offered * healthy.length) / registered.length : 0;
    const capacity = healthy.length * g.fullRate;
    const served = Math.min(toHealthy, capacity);
    a.served += served;
    a.dropped += (offered - served) * dt;
    a.cpu += healthy.length > 0 ? Math.min(100, (100 * toHealthy) / capacity) : 0;
    // ALBRequestCountPerTarget: requests per healthy target per minute.
    a.perTarget += (offered * 60) / Math.max(1, registered.length);
    a.perTargetSteps++;
  } else {
    g.backlog += offered * dt;
    const processed = Math.min(g.backlog, healthy.length * g.fullRate * dt);
    g.backlog -= processed;
    a.served += processed / dt;
    a.cpu += healthy.length > 0 ? (100 * processed) / (healthy.length * g.fullRate * dt) : 0;
  }
}

function summarize(
  g: GroupState,
  spikeAt: number,
  region: string | undefined,
  priceLookup: SimulateOptions['priceLookup'],
): GroupResult {
  const s = g.series;
  const web = g.model.kind === 'web';
  const spikeMinute = Math.floor(spikeAt / 60);
  const peakOffered = Math.max(0, ...s.map((p) => p.offered));
  const offeredTotal = s.reduce((n, p) => n + p.offered * 60, 0);
  const droppedTotal = s.reduce((n, p) => n + p.dropped, 0);
  const drops = s.filter((p) => p.dropped > 0);
  let shortfall = { instances: 0, minute: null as number | null, time: null as string | null };
  for (const p of s) {
    const missing = web ? Math.ceil(p.offered / g.fullRate - 1e-9) - p.inService : 0;
    if (missing > shortfall.instances) shortfall = { instances: missing, minute: p.minute, time: p.time };
  }
  const neededRaw = Math.ceil(peakOffered / g.capacityPerInstance - 1e-9);
  const needed = Math.min(g.model.max, Math.max(g.model.min, neededRaw));
  const reached = s.find((p) => p.minute >= spikeMinute && p.inService >= needed);
  const lastDropAfterSpike = [...drops].reverse().find((p) => p.minute >= spikeMinute);
  const instanceHours = g.instanceSeconds / 3600;
  const price = g.model.instanceType && priceLookup ? priceLookup(g.model.instanceType, region) : undefined;
  return {
    service: g.model.service,
    name: g.model.name,
    kind: g.model.kind,
    instanceType: g.model.instanceType,
    capacityPerInstance: round(g.capacityPerInstance),
    launchToInServiceSeconds: g.launchSeconds,
    peakOffered: round(peakOffered),
    offeredTotal: Math.round(offeredTotal),
    droppedTotal: Math.round(droppedTotal),
    droppedPercent: offeredTotal > 0 ? round((100 * droppedTotal) / offeredTotal, 3) : 0,
    firstDropMinute: drops.length > 0 ? drops[0].minute : null,
    lastDropMinute: drops.length > 0 ? drops[drops.length - 1].minute : null,
    peakShortfall: shortfall,
    neededAtPeak: needed,
    neededCappedByMax: neededRaw > g.model.max,
    minutesToNeededCapacity: reached ? reached.minute - spikeMinute : null,
    absorbedAtMinute: web ? (lastDropAfterSpike ? lastDropAfterSpike.minute + 1 : s.length > spikeMinute ? spikeMinute : null) : null,
    maxInService: Math.max(0, ...s.map((p) => p.inService)),
    peakBacklog: Math.max(0, ...s.map((p) => p.backlog)),
    instanceHours: round(instanceHours),
    costUsd: price === undefined ? undefined : round(price * instanceHours, 4),
    series: s,
    warnings: g.warnings,
  };
}
