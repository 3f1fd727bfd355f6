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
 * - Scheduled actions: recurring cron in the action's time zone sets min/max/desired; desired is clamped into the new
 *   [min, max]; AWS may run an action up to two minutes late, and the worst case is modelled unless asked otherwise.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-scheduled-scaling.html
 * - Metric lag: a datapoint is seen only once published (lag after its period closes); EC2 CPU comes every minute
 *   with detailed monitoring and every 5 minutes with basic monitoring (the launch template's `monitoring`).
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html
 * - Launch phases: pending -> InService (warm-up and the grace period start) -> app boot (by image source, or
 *   `bootSeconds`) -> healthy after healthy_threshold x interval; an ELB-checked instance not healthy when the grace
 *   period ends is replaced.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-lifecycle.html
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html
 * - Warm pools: an instance taken from the pool skips the OS boot and app install; the pool refills itself.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-warm-pools.html
 * - Health checks: a failed instance is marked unhealthy after unhealthy_threshold x interval and replaced;
 *   launches go to the AZ with the fewest instances.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html
 * - Overload: beyond 100 % CPU requests queue up to what the group serves within the ALB's idle_timeout; the rest
 *   time out (504) and still cost the backend part of their work, so sustained overload fails more than the excess.
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout
 * - Instance refresh: replaces instances in batches that keep minHealthyPercentage in service (or launch first
 *   up to maxHealthyPercentage), waiting out each batch's warm-up.
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-overview.html
 * Every figure assumed is in assumptions.ts with its source, and in the result's `assumptions`.
 * Simplifications: load spreads evenly over healthy targets; AZ rebalancing after an AZ recovers is not modelled.
 */
import { localTime } from './cron';
import { StackModel } from './model';
import { Traffic } from './traffic';
import { closeMinute, createGroups, EventFn, GroupState, round, serve } from './group';
import { evaluatePolicies } from './policies';
import { reconcile } from './instances';
import { summarize } from './summary';
import { Failure, GroupResult, Resize, ScalingEvent, SimulateOptions, SimulationResult } from './result';
import { assumptionsOf, DEFAULT_METRIC_LAG_SECONDS, SCHEDULE_DELAY_SECONDS, WARM_POOL_START_SECONDS } from './assumptions';

export { DEFAULT_CAPACITY_RPS } from './result';
export type { Failure, GroupResult, MinutePoint, Resize, ScalingEvent, SimulateOptions, SimulationResult, Verdict } from './result';
export type { Assumption } from './assumptions';

export function simulate(stack: StackModel, traffic: Traffic, options: SimulateOptions = {}): SimulationResult {
  const dt = options.stepSeconds ?? 10;
  if (!(dt > 0 && 60 % dt === 0)) throw new Error(`stepSeconds (${dt}) must divide 60 (e.g. 10)`);
  const lag = options.metricLagSeconds ?? DEFAULT_METRIC_LAG_SECONDS;
  const scheduleDelay = options.scheduleDelaySeconds ?? SCHEDULE_DELAY_SECONDS;
  const warmStart = options.warmPoolStartSeconds ?? WARM_POOL_START_SECONDS;
  if (!(lag >= 0)) throw new Error(`metricLagSeconds (${lag}) must be >= 0`);
  if (!(scheduleDelay >= 0)) throw new Error(`scheduleDelaySeconds (${scheduleDelay}) must be >= 0`);
  if (options.bootSeconds !== undefined && !(options.bootSeconds >= 0)) throw new Error(`bootSeconds (${options.bootSeconds}) must be >= 0`);
  const perRequest = options.messagesPerRequest ?? 0.02;
  const failures = [...(options.failures ?? [])].sort((a, b) => a.atSeconds - b.atSeconds);
  const resizes = [...(options.resizes ?? [])].sort((a, b) => a.atSeconds - b.atSeconds);
  for (const r of resizes) {
    if (r.service !== undefined && !stack.groups.some((g) => g.service === r.service)) {
      throw new Error(`resize of service "${r.service}": the stack's groups run ${stack.groups.map((g) => g.service).join(', ') || 'nothing'}`);
    }
  }
  const events: ScalingEvent[] = [];
  const iso = (t: number) => isoSeconds(traffic.startMs + t * 1000);
  const event: EventFn = (t, g, what, from, to, reason) =>
    events.push({ minute: Math.floor(t / 60), time: iso(t), service: g.model.service, what, from, to, reason });

  for (const f of failures) {
    if (f.kind === 'az' && !stack.groups.some((g) => f.az >= 0 && f.az < g.azCount)) {
      throw new Error(`failure az:${f.az}: the stack's groups span AZs 0-${Math.max(...stack.groups.map((g) => g.azCount)) - 1}`);
    }
  }
  const groups = createGroups(stack, options, lag, warmStart);
  const azDown = (az: number, t: number) =>
    failures.some((f) => f.kind === 'az' && f.az === az && t >= f.atSeconds && (f.durationSeconds === undefined || t < f.atSeconds + f.durationSeconds));
  const steps = Math.floor(traffic.durationSeconds / dt);
  let failureIndex = 0;
  let resizeIndex = 0;

  let last = steps;
  for (let i = 0; i <= steps; i++) {
    const t = i * dt;
    if (t % 60 === 0) {
      if (t > 0) {
        const minuteIso = iso(t - 60);
        for (const g of groups) closeMinute(g, t, () => minuteIso);
        // A failed request, as the per-minute series counts it (whole requests).
        if (options.stopAtFirstFailure && groups.some((g) => g.series.length > 0 && g.series[g.series.length - 1].dropped + g.series[g.series.length - 1].timedOut > 0)) {
          last = i;
          break;
        }
        for (const g of groups) evaluatePolicies(g, t, event);
      }
      for (const g of groups) queueSchedules(g, t, traffic.startMs + t * 1000, scheduleDelay);
    }
    for (const g of groups) applySchedules(g, t, event);
    while (resizeIndex < resizes.length && resizes[resizeIndex].atSeconds <= t) {
      const r = resizes[resizeIndex++];
      for (const g of groups) if (r.service === undefined || r.service === g.model.service) applyResize(g, r, t, event);
    }
    while (failureIndex < failures.length && failures[failureIndex].atSeconds <= t) {
      const f = failures[failureIndex++];
      for (const g of groups) applyFailure(g, f, t, event);
    }
    if (options.refreshAtSeconds !== undefined && t === Math.ceil(options.refreshAtSeconds / dt) * dt) {
      for (const g of groups) startRefresh(g, t, event);
    }
    const rate = Math.max(0, traffic.rate(t));
    for (const g of groups) {
      reconcile(g, t, azDown, event);
      serve(g, t, dt, g.model.kind === 'web' ? rate * g.share : rate * perRequest);
      g.instanceSeconds += g.instances.length * dt;
    }
  }
  const end = last * dt;
  if (last === steps) for (const g of groups) if (end % 60 !== 0 || g.acc.cpuSteps > 0) closeMinute(g, Math.ceil(end / 60) * 60, iso);

  const results = groups.map((g) => summarize(g, traffic.spikeAtSeconds ?? 0, stack.region, options.priceLookup));
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
    totals: totalsOf(results),
    events,
    assumptions: assumptionsOf({
      stepSeconds: dt,
      lagSeconds: lag,
      scheduleDelaySeconds: scheduleDelay,
      bootOverride: options.bootSeconds,
      messagesPerRequest: perRequest,
      messagesPerInstancePerSecond: options.messagesPerInstancePerSecond ?? 1,
    }),
    warnings: [...stack.warnings],
  };
}

/**
 * A timestamp as ISO 8601 without milliseconds (2026-11-27T08:00:00Z). Every closed minute of every group is stamped,
 * and a verdict re-runs the same day about ten times: formatting a Date was the largest self-time line of a run's
 * profile, so each distinct timestamp is formatted once per process (the verdict, failure and single-server runs of
 * all seven stacks: 1.10 -> 1.01 s). Bounded: cleared past 100,000 entries, ~70 days of minutes.
 */
const isoCache = new Map<number, string>();
function isoSeconds(ms: number): string {
  let s = isoCache.get(ms);
  if (s === undefined) {
    if (isoCache.size >= 100_000) isoCache.clear();
    s = new Date(ms).toISOString().replace('.000Z', 'Z');
    isoCache.set(ms, s);
  }
  return s;
}

/** Scheduled actions whose cron matches this minute (in their time zone) are due `delay` seconds later. */
function queueSchedules(g: GroupState, t: number, now: number, delay: number): void {
  for (const { cron, s } of g.schedules) if (cron.matches(localTime(now, s.timeZone))) g.dueSchedules.push({ at: t + delay, s });
}

/** Due scheduled actions set min/max/desired; desired is clamped. */
function applySchedules(g: GroupState, t: number, event: EventFn): void {
  if (g.dueSchedules.length === 0 || g.dueSchedules[0].at > t) return;
  while (g.dueSchedules.length > 0 && g.dueSchedules[0].at <= t) {
    const { s } = g.dueSchedules.shift()!;
    const before = g.desired;
    if (s.min !== undefined) g.min = s.min;
    if (s.max !== undefined) g.max = s.max;
    if (s.desired !== undefined) g.desired = s.desired;
    g.desired = Math.min(g.max, Math.max(g.min, g.desired));
    event(t, g, 'schedule', before, g.desired, `${s.name} (${s.recurrence} ${s.timeZone}): min ${g.min}, max ${g.max}`);
  }
}

/** An operator's update-auto-scaling-group: min/max/desired set at once, desired clamped into [min, max]. */
function applyResize(g: GroupState, r: Resize, t: number, event: EventFn): void {
  const before = g.desired;
  if (r.min !== undefined) g.min = r.min;
  if (r.max !== undefined) g.max = r.max;
  if (r.desired !== undefined) g.desired = r.desired;
  g.desired = Math.min(g.max, Math.max(g.min, g.desired));
  event(t, g, 'resize', before, g.desired, `update-auto-scaling-group: min ${g.min}, max ${g.max}, desired ${g.desired}`);
}

/** An AZ loss kills the group's instances there; an instance failure kills the oldest (of the named service). */
function applyFailure(g: GroupState, f: Failure, t: number, event: EventFn): void {
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

/** A new generation: every older instance is replaced in batches (instances.ts). */
function startRefresh(g: GroupState, t: number, event: EventFn): void {
  g.generation++;
  g.refresh = { generation: g.generation, busyUntil: t };
  event(t, g, 'refresh', g.instances.length, g.instances.length, `instance refresh starts (min healthy ${g.model.instanceRefresh?.minHealthyPercentage ?? 90} %)`);
}

export function totalsOf(results: readonly GroupResult[]): SimulationResult['totals'] {
  const offered = results.reduce((n, r) => n + (r.kind === 'web' ? r.offeredTotal : 0), 0);
  const dropped = results.reduce((n, r) => n + r.droppedTotal, 0);
  const timedOut = results.reduce((n, r) => n + r.timedOutTotal, 0);
  const costs = results.map((r) => r.costUsd);
  return {
    offered: Math.round(offered),
    dropped: Math.round(dropped),
    droppedPercent: offered > 0 ? round((100 * dropped) / offered, 3) : 0,
    timedOut: Math.round(timedOut),
    failed: Math.round(dropped + timedOut),
    failedPercent: offered > 0 ? round((100 * (dropped + timedOut)) / offered, 3) : 0,
    minutesAboveCpuTarget: Math.max(0, ...results.filter((r) => r.kind === 'web').map((r) => r.minutesAboveCpuTarget)),
    peakP95Ms: Math.max(0, ...results.map((r) => r.peakP95Ms)),
    instanceHours: round(results.reduce((n, r) => n + r.instanceHours, 0)),
    costUsd: costs.every((c) => c !== undefined) && costs.length > 0 ? round(costs.reduce((n, c) => n + (c ?? 0), 0), 4) : undefined,
  };
}
