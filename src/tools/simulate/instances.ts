/** Moves a group's instances towards desired: replaces failed ones, rolls an instance refresh, launches into the
 * AZ with the fewest (taking warm-pool instances first), terminates from the AZ with the most, refills the pool. */
import { EventFn, GroupState, groupWarmup, Instance, poolTarget } from './group';

export function reconcile(g: GroupState, t: number, azDown: (az: number, t: number) => boolean, event: EventFn): void {
  const m = g.model;
  // Failed instances leave once health checks notice (ELB: unhealthy threshold x interval; EC2: status checks).
  const detected = g.instances.some((x) => x.deadAt !== undefined) ? g.instances.filter((x) => x.deadAt !== undefined && t >= x.deadAt + m.unhealthyAfterSeconds) : [];
  if (detected.length > 0) {
    g.instances = g.instances.filter((x) => !detected.includes(x));
    event(t, g, 'replace', g.instances.length + detected.length, g.instances.length, `${detected.length} unhealthy instances terminated; replacements launch`);
  }
  // Grace period (ELB checks): counted from InService; an instance still not healthy when it ends is replaced.
  if (m.healthCheckType === 'ELB') {
    const isLate = (x: Instance) => x.deadAt === undefined && x.readyAt > x.inServiceAt + m.healthCheckGraceSeconds && t >= x.inServiceAt + m.healthCheckGraceSeconds;
    const late = g.instances.some(isLate) ? g.instances.filter(isLate) : [];
    if (late.length > 0) {
      g.instances = g.instances.filter((x) => !late.includes(x));
      g.replacedUnhealthy += late.length;
      event(t, g, 'replace', g.instances.length + late.length, g.instances.length, `${late.length} instances not healthy when the ${m.healthCheckGraceSeconds} s grace period ended: terminated, replacements launch`);
    }
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
  const upAzs = g.instances.length < g.desired ? Array.from({ length: m.azCount }, (_, az) => az).filter((az) => !azDown(az, t)) : [];
  if (g.instances.length < g.desired && upAzs.length > 0) {
    const want = g.desired - g.instances.length;
    const warmup = g.launchWarmupSeconds;
    for (let k = 0; k < want; k++) {
      const counts = upAzs.map((az) => g.instances.filter((x) => x.az === az).length);
      const az = upAzs[counts.indexOf(Math.min(...counts))];
      const poolIndex = g.pool.findIndex((readyAt) => readyAt <= t);
      const fromPool = poolIndex >= 0;
      if (fromPool) g.pool.splice(poolIndex, 1, t + g.launchSeconds);
      g.instances.push(launch(g, t, az, fromPool, warmup));
    }
    g.launchWarmupSeconds = groupWarmup(m);
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

/** A new instance's phases: pending, InService, app boot, healthy checks (a warm-pool one skips the boot). */
export function launch(g: GroupState, t: number, az: number, fromPool: boolean, warmupSeconds: number): Instance {
  const inServiceAt = t + (fromPool ? g.warmLaunchSeconds - g.model.healthyAfterSeconds : g.pendingSeconds);
  const appUpAt = fromPool ? inServiceAt : inServiceAt + g.bootSeconds;
  const readyAt = appUpAt + (g.model.kind === 'web' ? g.model.healthyAfterSeconds : 0);
  return { az, launchedAt: t, inServiceAt, appUpAt, readyAt, warmUntil: inServiceAt + warmupSeconds, generation: g.generation };
}
