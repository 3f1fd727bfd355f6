/** A group's state while the simulator steps it: its instances, warm pool, queues and the minute being recorded. */
import { parseCron, Cron } from './cron';
import { GroupModel, StackModel, TargetTrackingModel, StepPolicyModel } from './model';
import { DEFAULT_CAPACITY_RPS, MinutePoint, ScalingEvent, SimulateOptions } from './result';
import { BASE_LATENCY_MS, BOOT_SECONDS_BY_IMAGE_SOURCE, DEFAULT_IMAGE_SOURCE, PENDING_SECONDS, TIMED_OUT_WORK_SHARE } from './assumptions';

/** One instance through its launch phases: pending -> InService -> app up -> healthy (serving). */
export interface Instance {
  readonly az: number;
  readonly launchedAt: number;
  /** Auto Scaling marks it InService (warm-up and the grace period start here). */
  readonly inServiceAt: number;
  /** The app answers on its port. */
  readonly appUpAt: number;
  /** First passing health checks: the ALB routes to it (workers: app up). */
  readonly readyAt: number;
  readonly warmUntil: number;
  deadAt?: number;
  /** Generation of the instance refresh it belongs to. */
  readonly generation: number;
}

export interface PolicyState {
  readonly tt?: TargetTrackingModel;
  readonly step?: StepPolicyModel;
  /** Index of the last datapoint (period) the policy's alarm evaluated. */
  lastPeriod: number;
  /** Step alarm state. */
  alarm: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
}

/** Per-minute metric values as the instances produce them (before CloudWatch publishes them). */
export interface MetricHistory {
  /** Average CPU of InService instances not warming up (null: no such instance). */
  readonly cpu: (number | null)[];
  readonly cpuCount: number[];
  /** ALBRequestCountPerTarget: requests per registered target in the minute. */
  readonly perTarget: (number | null)[];
  readonly perTargetCount: number[];
  /** SQS messages visible / in-service instances at the minute's end. */
  readonly backlog: (number | null)[];
  readonly backlogCount: number[];
}

export interface GroupState {
  readonly model: GroupModel;
  readonly capacityPerInstance: number;
  readonly cpuTarget: number;
  /** Requests/s (or messages/s) an instance takes at 100 % CPU. */
  readonly fullRate: number;
  readonly share: number;
  readonly pendingSeconds: number;
  readonly bootSeconds: number;
  readonly imageSource: string;
  /** Launch to serving (pending + boot + healthy checks). */
  readonly launchSeconds: number;
  readonly warmLaunchSeconds: number;
  /** EC2 CPU period: 60 s with detailed monitoring, 300 s with basic. */
  readonly cpuPeriodSeconds: number;
  readonly lagSeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly schedules: { cron: Cron; s: GroupModel['schedules'][number] }[];
  readonly policies: PolicyState[];
  min: number;
  max: number;
  desired: number;
  instances: Instance[];
  /** Ready-at times of warm-pool instances. */
  pool: number[];
  /** Messages waiting (worker). */
  backlog: number;
  /** Requests waiting in the instances (web), FIFO. */
  queue: number;
  timedOutLastStep: number;
  /** Warm-up for the next launches (the last scale-out policy's, else the group default). */
  launchWarmupSeconds: number;
  /** Scheduled actions waiting to fire (AWS may run them late). */
  dueSchedules: { at: number; s: GroupModel['schedules'][number] }[];
  metrics: MetricHistory;
  // per-minute accumulators
  acc: {
    offered: number;
    served: number;
    dropped: number;
    timedOut: number;
    cpu: number;
    cpuSteps: number;
    metricCpu: number;
    metricCpuN: number;
    metricInstances: number;
    perTarget: number;
    perTargetSteps: number;
    servingSum: number;
    minServing: number;
    /** The highest per-step p95 estimate of the minute (6 steps of 10 s: the 95th percentile is the highest). */
    p95: number;
  };
  series: MinutePoint[];
  instanceSeconds: number;
  replacedUnhealthy: number;
  refresh?: { generation: number; busyUntil: number };
  generation: number;
  warnings: string[];
}

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Records a scaling event of a group at second t. */
export type EventFn = (t: number, g: GroupState, what: ScalingEvent['what'], from: number, to: number, reason: string) => void;

/** Warm-up of launches not made by a policy: default_instance_warmup (none when unset). */
export const groupWarmup = (m: GroupModel) => m.defaultWarmupSeconds;

/** Warm-up a policy's launches use: its own estimated_instance_warmup, else default_instance_warmup, else default_cooldown. */
export function policyWarmup(m: GroupModel, own: number | undefined): number {
  if (own !== undefined) return own;
  if (m.defaultWarmupSet === false) return m.defaultCooldownSeconds ?? 300;
  return m.defaultWarmupSeconds;
}

/** Every group of the stack, settled at its desired capacity, spread over its AZs, warmed up. */
export function createGroups(stack: StackModel, options: SimulateOptions, lagSeconds: number, warmStart: number): GroupState[] {
  const perWorker = options.messagesPerInstancePerSecond ?? 1;
  const webs = stack.groups.filter((g) => g.kind === 'web');
  return stack.groups.map((m) => {
    const cpuTarget = m.targetTracking.find((p) => p.metric === 'cpu')?.targetValue ?? 50;
    const capacityPerInstance = m.kind === 'worker' ? perWorker * (cpuTarget / 100) : options.capacityByService?.[m.service] ?? options.capacityPerInstance ?? DEFAULT_CAPACITY_RPS;
    const imageSource = m.imageSource ?? DEFAULT_IMAGE_SOURCE;
    const known = BOOT_SECONDS_BY_IMAGE_SOURCE[imageSource];
    const warnings: string[] = [];
    if (!known) warnings.push(`launch template tag stormproof:image-source "${imageSource}" is not one of ${Object.keys(BOOT_SECONDS_BY_IMAGE_SOURCE).join(', ')}: boot time of ${DEFAULT_IMAGE_SOURCE} assumed`);
    const bootSeconds = options.bootSeconds ?? (known ?? BOOT_SECONDS_BY_IMAGE_SOURCE[DEFAULT_IMAGE_SOURCE]).seconds;
    const launchSeconds = PENDING_SECONDS + bootSeconds + m.healthyAfterSeconds;
    if (m.healthCheckType === 'ELB' && m.healthCheckGraceSeconds < bootSeconds + m.healthyAfterSeconds) {
      warnings.push(
        `health_check_grace_period (${m.healthCheckGraceSeconds} s) is shorter than boot + healthy checks (${bootSeconds + m.healthyAfterSeconds} s from InService): new instances are replaced before they are healthy`,
      );
    }
    const detailed = m.detailedMonitoring !== false;
    const g: GroupState = {
      model: m,
      capacityPerInstance,
      cpuTarget,
      fullRate: m.kind === 'worker' ? perWorker : (capacityPerInstance * 100) / cpuTarget,
      share: m.kind === 'web' ? options.shares?.[m.service] ?? 1 / webs.length : 1,
      pendingSeconds: PENDING_SECONDS,
      bootSeconds,
      imageSource,
      launchSeconds,
      warmLaunchSeconds: (m.warmPool?.state === 'Running' ? 0 : warmStart) + m.healthyAfterSeconds,
      cpuPeriodSeconds: detailed ? 60 : 300,
      lagSeconds,
      idleTimeoutSeconds: m.idleTimeoutSeconds ?? 60,
      schedules: m.schedules.map((s) => ({ cron: parseCron(s.recurrence), s })),
      policies: [
        ...m.targetTracking.filter((p) => p.metric !== 'unsupported').map((tt): PolicyState => ({ tt, lastPeriod: -1, alarm: 'OK' })),
        ...m.stepPolicies.filter((s) => s.alarm.metric === 'cpu').map((step): PolicyState => ({ step, lastPeriod: -1, alarm: 'OK' })),
      ],
      min: m.min,
      max: m.max,
      desired: m.desired,
      instances: [],
      pool: [],
      backlog: 0,
      queue: 0,
      timedOutLastStep: 0,
      launchWarmupSeconds: groupWarmup(m),
      dueSchedules: [],
      metrics: { cpu: [], cpuCount: [], perTarget: [], perTargetCount: [], backlog: [], backlogCount: [] },
      acc: emptyAcc(),
      series: [],
      instanceSeconds: 0,
      replacedUnhealthy: 0,
      generation: 0,
      warnings,
    };
    if (!detailed) warnings.push('basic monitoring (launch template monitoring off): EC2 CPU arrives in 5-minute datapoints, so CPU policies react minutes later');
    for (let i = 0; i < m.desired; i++) g.instances.push(settled(i % m.azCount));
    if (m.warmPool) g.pool = Array.from({ length: poolTarget(g) }, () => -3600);
    return g;
  });
}

/** An instance that has been serving (and warmed up) since long before the run. */
export const settled = (az: number, generation = 0): Instance => ({ az, launchedAt: -3600, inServiceAt: -3600, appUpAt: -3600, readyAt: -3600, warmUntil: -3600, generation });

export const emptyAcc = (): GroupState['acc'] => ({
  offered: 0,
  served: 0,
  dropped: 0,
  timedOut: 0,
  cpu: 0,
  cpuSteps: 0,
  metricCpu: 0,
  metricCpuN: 0,
  metricInstances: 0,
  perTarget: 0,
  perTargetSteps: 0,
  servingSum: 0,
  minServing: Infinity,
  p95: 0,
});

/** Warm-pool size: max prepared capacity (default the group's max) minus desired, at least minSize. */
export function poolTarget(g: GroupState): number {
  const wp = g.model.warmPool;
  if (!wp) return 0;
  return Math.max(wp.minSize, (wp.maxPreparedCapacity ?? g.max) - g.desired);
}

/** Ends a minute: its raw metrics go to the history (CloudWatch publishes them later), its averages to the series. */
export function closeMinute(g: GroupState, t: number, iso: (t: number) => string): void {
  const a = g.acc;
  const cpu = a.cpuSteps > 0 ? a.cpu / a.cpuSteps : 0;
  const steps = Math.max(1, a.cpuSteps);
  let serving = 0;
  let pending = 0;
  for (const x of g.instances) {
    if (x.deadAt !== undefined) continue;
    if (x.readyAt <= t) serving++;
    else pending++;
  }
  const h = g.metrics;
  h.cpu.push(a.metricCpuN > 0 ? a.metricCpu / a.metricCpuN : null);
  h.cpuCount.push(a.metricInstances / steps);
  h.perTarget.push(a.perTargetSteps > 0 ? a.perTarget / a.perTargetSteps : null);
  h.perTargetCount.push(a.servingSum / steps);
  h.backlog.push(g.backlog / Math.max(1, serving));
  h.backlogCount.push(Math.max(1, serving));
  const inService = a.minServing === Infinity ? serving : a.minServing;
  g.series.push({
    minute: t / 60 - 1,
    time: iso(t - 60),
    offered: round(a.offered / steps),
    served: round(a.served / steps),
    dropped: Math.round(a.dropped),
    timedOut: Math.round(a.timedOut),
    p95Ms: Math.round(a.p95),
    queued: Math.round(g.queue),
    desired: g.desired,
    // The fewest serving during the minute, so a dip shows even when replacements land within it.
    inService,
    pending,
    cpu: round(cpu, 1),
    capacity: round(inService * g.fullRate),
    backlog: Math.round(g.backlog),
  });
  g.acc = emptyAcc();
}

/**
 * One step of traffic. Web: healthy registered instances take requests up to 100 % CPU; the rest queue (FIFO) up to
 * what the group serves within the ALB idle timeout; beyond that requests time out (504) and still cost the backend
 * part of their work. Worker: the instances work off the queue's backlog.
 */
export function serve(g: GroupState, t: number, dt: number, offered: number): void {
  let registered = 0;
  let healthy = 0;
  let metricN = 0;
  let booting = 0;
  for (const x of g.instances) {
    const alive = x.deadAt === undefined;
    if (x.readyAt <= t) {
      registered++;
      if (alive) healthy++;
    }
    // The group's CPU metric: InService instances past their warm-up (AWS leaves warming ones out).
    if (alive && x.inServiceAt <= t && x.warmUntil <= t) {
      metricN++;
      if (x.readyAt > t) booting++;
    }
  }
  const a = g.acc;
  a.offered += offered;
  a.cpuSteps++;
  a.servingSum += healthy;
  a.minServing = Math.min(a.minServing, healthy);
  a.metricInstances += metricN - booting;
  if (g.model.kind === 'web') {
    // Until health checks notice, the ALB still sends a failed instance its share; those requests fail at once.
    const toHealthy = registered > 0 ? (offered * healthy) / registered : 0;
    const capacity = healthy * g.fullRate;
    const lost = (offered - toHealthy) * dt;
    // Work spent on requests the ALB already answered with a 504.
    const wasted = Math.min(capacity * dt, TIMED_OUT_WORK_SHARE * g.timedOutLastStep);
    const useful = capacity * dt - wasted;
    g.queue += toHealthy * dt;
    const served = Math.min(g.queue, useful);
    g.queue -= served;
    // The backlog holds what the group works off within the idle timeout; the rest waits it out and gets a 504.
    const bound = capacity * g.idleTimeoutSeconds;
    const timedOut = Math.max(0, g.queue - bound);
    g.queue -= timedOut;
    g.timedOutLastStep = timedOut;
    a.served += served / dt;
    a.dropped += lost;
    a.timedOut += timedOut;
    const busy = capacity > 0 ? Math.min(1, (served + wasted) / (capacity * dt)) : 0;
    const cpu = 100 * busy;
    a.cpu += healthy > 0 ? cpu : 0;
    // Instances serving share the load evenly; booting ones past their warm-up idle at ~0 %.
    a.metricCpu += metricN > 0 ? (cpu * (metricN - booting)) / metricN : 0;
    a.metricCpuN += metricN > 0 ? 1 : 0;
    if (healthy > 0) {
      const wait = capacity > 0 ? g.queue / capacity : 0;
      const rho = Math.min(busy, 0.95);
      a.p95 = Math.max(a.p95, Math.min(g.idleTimeoutSeconds * 1000, wait * 1000 + (3 * BASE_LATENCY_MS) / (1 - rho)));
    }
    // ALBRequestCountPerTarget: requests per registered target per minute (ALB metric: no warm-up exclusion).
    if (registered > 0) {
      a.perTarget += (offered * 60) / registered;
      a.perTargetSteps++;
    }
  } else {
    g.backlog += offered * dt;
    const processed = Math.min(g.backlog, healthy * g.fullRate * dt);
    g.backlog -= processed;
    a.served += processed / dt;
    const cpu = healthy > 0 ? (100 * processed) / (healthy * g.fullRate * dt) : 0;
    a.cpu += cpu;
    a.metricCpu += metricN > 0 ? (cpu * (metricN - booting)) / metricN : 0;
    a.metricCpuN += metricN > 0 ? 1 : 0;
  }
}
