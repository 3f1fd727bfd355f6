/** A group's answer after the run: drops, shortfall, time to capacity, instance-hours and cost. */
import { GroupState, round } from './group';
import { GroupResult, SimulateOptions } from './result';

export function summarize(
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
  const timedOutTotal = s.reduce((n, p) => n + p.timedOut, 0);
  const drops = s.filter((p) => p.dropped + p.timedOut > 0);
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
    launchPhases: {
      pendingSeconds: g.pendingSeconds,
      bootSeconds: g.bootSeconds,
      healthySeconds: web ? g.model.healthyAfterSeconds : 0,
      imageSource: g.imageSource,
      monitoring: g.cpuPeriodSeconds === 60 ? 'detailed' : 'basic',
    },
    cpuTarget: g.cpuTarget,
    minutesAboveCpuTarget: s.filter((p) => p.cpu > g.cpuTarget).length,
    timedOutTotal: Math.round(timedOutTotal),
    failedTotal: Math.round(droppedTotal + timedOutTotal),
    failedPercent: offeredTotal > 0 ? round((100 * (droppedTotal + timedOutTotal)) / offeredTotal, 3) : 0,
    peakP95Ms: Math.max(0, ...s.map((p) => p.p95Ms)),
    replacedUnhealthy: g.replacedUnhealthy,
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
