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
import { localTime } from './cron';
import { StackModel } from './model';
import { Traffic } from './traffic';
import { closeMinute, createGroups, EventFn, GroupState, round, serve } from './group';
import { evaluatePolicies } from './policies';
import { reconcile } from './instances';
import { summarize } from './summary';
import { Failure, GroupResult, ScalingEvent, SimulateOptions, SimulationResult } from './result';

export { DEFAULT_CAPACITY_RPS } from './result';
export type { Failure, GroupResult, MinutePoint, ScalingEvent, SimulateOptions, SimulationResult } from './result';

export function simulate(stack: StackModel, traffic: Traffic, options: SimulateOptions = {}): SimulationResult {
  const dt = options.stepSeconds ?? 10;
  if (!(dt > 0 && 60 % dt === 0)) throw new Error(`stepSeconds (${dt}) must divide 60 (e.g. 10)`);
  const boot = options.bootSeconds ?? 90;
  const warmStart = options.warmPoolStartSeconds ?? 25;
  const perRequest = options.messagesPerRequest ?? 0.02;
  const failures = [...(options.failures ?? [])].sort((a, b) => a.atSeconds - b.atSeconds);
  const events: ScalingEvent[] = [];
  const iso = (t: number) => new Date(traffic.startMs + t * 1000).toISOString().replace('.000Z', 'Z');
  const event: EventFn = (t, g, what, from, to, reason) =>
    events.push({ minute: Math.floor(t / 60), time: iso(t), service: g.model.service, what, from, to, reason });

  for (const f of failures) {
    if (f.kind === 'az' && !stack.groups.some((g) => f.az >= 0 && f.az < g.azCount)) {
      throw new Error(`failure az:${f.az}: the stack's groups span AZs 0-${Math.max(...stack.groups.map((g) => g.azCount)) - 1}`);
    }
  }
  const groups = createGroups(stack, options, boot, warmStart);
  const azDown = (az: number, t: number) =>
    failures.some((f) => f.kind === 'az' && f.az === az && t >= f.atSeconds && (f.durationSeconds === undefined || t < f.atSeconds + f.durationSeconds));
  const steps = Math.floor(traffic.durationSeconds / dt);
  let failureIndex = 0;

  for (let i = 0; i <= steps; i++) {
    const t = i * dt;
    if (t % 60 === 0) {
      if (t > 0) {
        for (const g of groups) closeMinute(g, t, iso);
        for (const g of groups) evaluatePolicies(g, t, event);
      }
      for (const g of groups) applySchedules(g, t, traffic.startMs + t * 1000, event);
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
  const end = steps * dt;
  for (const g of groups) if (end % 60 !== 0 || g.acc.cpuSteps > 0) closeMinute(g, Math.ceil(end / 60) * 60, iso);

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
    assumptions: [
      `step ${dt} s; CloudWatch datapoints every 60 s, no publication delay`,
      `launch to in service: ${boot} s boot and app install + the target group's healthy checks; warm-pool instances ${warmStart} s`,
      'load spreads evenly over healthy targets; requests beyond 100 % CPU are dropped (no queueing)',
      `workers: ${perRequest} messages per site request, ${options.messagesPerInstancePerSecond ?? 1} message/s per instance`,
    ],
    warnings: [...stack.warnings],
  };
}

/** Scheduled actions whose cron matches this minute (in their time zone) set min/max/desired; desired is clamped. */
function applySchedules(g: GroupState, t: number, now: number, event: EventFn): void {
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

function totalsOf(results: readonly GroupResult[]): SimulationResult['totals'] {
  const offered = results.reduce((n, r) => n + (r.kind === 'web' ? r.offeredTotal : 0), 0);
  const dropped = results.reduce((n, r) => n + r.droppedTotal, 0);
  const costs = results.map((r) => r.costUsd);
  return {
    offered: Math.round(offered),
    dropped: Math.round(dropped),
    droppedPercent: offered > 0 ? round((100 * dropped) / offered, 3) : 0,
    instanceHours: round(results.reduce((n, r) => n + r.instanceHours, 0)),
    costUsd: costs.every((c) => c !== undefined) && costs.length > 0 ? round(costs.reduce((n, c) => n + (c ?? 0), 0), 4) : undefined,
  };
}
