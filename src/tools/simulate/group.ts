/** A group's state while the simulator steps it: its instances, warm pool, backlog and the minute being recorded. */
import { parseCron, Cron } from './cron';
import { GroupModel, StackModel, TargetTrackingModel, StepPolicyModel } from './model';
import { DEFAULT_CAPACITY_RPS, MinutePoint, ScalingEvent, SimulateOptions } from './result';

export interface Instance {
  readonly az: number;
  readonly launchedAt: number;
  readonly readyAt: number;
  readonly warmUntil: number;
  deadAt?: number;
  /** Generation of the instance refresh it belongs to. */
  readonly generation: number;
}

export interface PolicyState {
  readonly tt?: TargetTrackingModel;
  readonly step?: StepPolicyModel;
  readonly points: number[];
  /** Instances the datapoint was averaged over (capacity behind the metric). */
  readonly counts: number[];
}

export interface GroupState {
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

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Records a scaling event of a group at second t. */
export type EventFn = (t: number, g: GroupState, what: ScalingEvent['what'], from: number, to: number, reason: string) => void;

/** Every group of the stack, settled at its desired capacity, spread over its AZs, warmed up. */
export function createGroups(stack: StackModel, options: SimulateOptions, boot: number, warmStart: number): GroupState[] {
  const perWorker = options.messagesPerInstancePerSecond ?? 1;
  const webs = stack.groups.filter((g) => g.kind === 'web');
  return stack.groups.map((m) => {
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
    for (let i = 0; i < m.desired; i++) g.instances.push({ az: i % m.azCount, launchedAt: -3600, readyAt: -3600, warmUntil: -3600, generation: 0 });
    if (m.warmPool) g.pool = Array.from({ length: poolTarget(g) }, () => -3600);
    return g;
  });
}

export const emptyAcc = (): GroupState['acc'] => ({ offered: 0, served: 0, dropped: 0, cpu: 0, cpuSteps: 0, perTarget: 0, perTargetSteps: 0, servingSum: 0, minServing: Infinity });

/** Warm-pool size: max prepared capacity (default the group's max) minus desired, at least minSize. */
export function poolTarget(g: GroupState): number {
  const wp = g.model.warmPool;
  if (!wp) return 0;
  return Math.max(wp.minSize, (wp.maxPreparedCapacity ?? g.max) - g.desired);
}

/** Ends a minute: its datapoints go to the policies, its averages to the series. */
export function closeMinute(g: GroupState, t: number, iso: (t: number) => string): void {
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

/** One step of traffic: healthy registered instances serve up to 100 % CPU (web) or work off the backlog (worker). */
export function serve(g: GroupState, t: number, dt: number, offered: number): void {
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
