import { Failure, SimulationResult } from './engine';

const clock = (iso: string | null | undefined) => (iso ? iso.slice(11, 16) + 'Z' : '-');
const minuteTime = (r: SimulationResult, minute: number | null) =>
  minute === null ? '-' : `min ${minute} (${clock(new Date(Date.parse(r.traffic.start) + minute * 60000).toISOString())})`;

export function describeFailure(f: Failure): string {
  if (f.kind === 'az') return `az:${f.az}@${f.atSeconds / 60}${f.durationSeconds === undefined ? '' : `+${f.durationSeconds / 60}`}`;
  return `instances:${f.count}${f.service ? `:${f.service}` : ''}@${f.atSeconds / 60}`;
}

/** The terminal summary: one block per group, the verdict first. */
export function summaryText(r: SimulationResult): string {
  const lines: string[] = [];
  lines.push(`${r.stack}: ${r.traffic.description}`);
  lines.push(`  from ${r.traffic.start}, ${r.traffic.durationMinutes} min at ${r.stepSeconds} s steps` + (r.failures.length ? `; failures ${r.failures.map(describeFailure).join(', ')}` : ''));
  const t = r.totals;
  const verdict = t.failed === 0 ? 'no request failed' : `${t.failed} requests failed (${t.failedPercent} %: ${t.dropped} dropped, ${t.timedOut} timed out)`;
  lines.push(`  verdict: ${verdict}; ${t.minutesAboveCpuTarget} min above the CPU target; peak p95 ~${t.peakP95Ms} ms; ${t.instanceHours} instance-hours` + (t.costUsd !== undefined ? ` (~$${t.costUsd})` : ''));
  const v = r.verdict;
  if (v) {
    lines.push(
      `  before (one server, no scaling): ${v.before.failed} failed (${v.before.failedPercent} %; ${v.before.failedAtPeakPercent} % of the peak), peak p95 ~${v.before.peakP95Ms} ms, ${v.before.minutesAboveCpuTarget} min above the CPU target`,
    );
    lines.push(`  after (this stack): ${v.after.failed} failed (${v.after.failedPercent} %), peak p95 ~${v.after.peakP95Ms} ms, ${v.after.minutesAboveCpuTarget} min above the CPU target`);
    lines.push(
      v.minCapacityForZeroFailures === null
        ? `  capacity: no per-instance capacity up to 20x ${v.capacityPerInstance} req/s serves every request (max size or launch time is the limit)`
        : `  capacity: 0 failures needs >= ${v.minCapacityForZeroFailures} req/s per instance at the CPU target; assumed ${v.capacityPerInstance}: margin ${v.marginPercent} %`,
    );
  }
  for (const g of r.groups) {
    lines.push('');
    const ph = g.launchPhases;
    lines.push(`  ${g.service} (${g.kind}, ${g.instanceType ?? '?'}; ${g.capacityPerInstance} ${g.kind === 'web' ? 'req/s' : 'msg/s'} per instance at the CPU target; ${ph.monitoring} monitoring)`);
    lines.push(`    launch: pending ${ph.pendingSeconds} s -> InService -> app boot ${ph.bootSeconds} s (${ph.imageSource}) -> healthy ${ph.healthySeconds} s = serving ${g.launchToInServiceSeconds} s after launch`);
    if (g.kind === 'web') {
      lines.push(`    peak ${g.peakOffered} req/s; needs ${g.neededAtPeak} instances${g.neededCappedByMax ? ' (capped by max size)' : ''}; reached after ${g.minutesToNeededCapacity ?? 'never'} min; max in service ${g.maxInService}`);
      lines.push(
        g.failedTotal === 0
          ? '    failed: none'
          : `    failed: ${g.failedTotal} (${g.failedPercent} %; ${g.droppedTotal} dropped, ${g.timedOutTotal} timed out) from ${minuteTime(r, g.firstDropMinute)} to ${minuteTime(r, g.lastDropMinute)}` +
              (g.peakShortfall.instances > 0 ? `; peak shortfall ${g.peakShortfall.instances} instances at ${minuteTime(r, g.peakShortfall.minute)}` : '; capacity sufficed: the drops hit failed instances before health checks removed them'),
      );
      lines.push(`    spike absorbed at ${minuteTime(r, g.absorbedAtMinute)}; ${g.minutesAboveCpuTarget} min above ${g.cpuTarget} % CPU; p95 peak ~${g.peakP95Ms} ms` + (g.replacedUnhealthy ? `; ${g.replacedUnhealthy} instances replaced unhealthy after the grace period` : ''));
      const bucket = Math.max(15, Math.ceil(g.series.length / 48 / 15) * 15);
      lines.push(`    p95 latency (ms), ${bucket}-minute peaks: ${p95Curve(g.series.map((p) => p.p95Ms), bucket)}`);
    } else {
      lines.push(`    peak ${g.peakOffered} msg/s; peak backlog ${g.peakBacklog} messages; max in service ${g.maxInService}`);
    }
    lines.push(`    ${g.instanceHours} instance-hours` + (g.costUsd !== undefined ? ` (~$${g.costUsd})` : ''));
    for (const w of g.warnings) lines.push(`    warning: ${w}`);
  }
  const shown = r.events.filter((e) => e.what !== 'refresh' || e.reason.includes('starts') || e.reason.includes('complete'));
  if (shown.length > 0) {
    lines.push('');
    lines.push('  scaling activity:');
    for (const e of shown.slice(0, 40)) lines.push(`    ${clock(e.time)} min ${String(e.minute).padStart(4)}  ${e.service.padEnd(8)} ${e.what.padEnd(9)} ${e.from} -> ${e.to}  ${e.reason}`);
    if (shown.length > 40) lines.push(`    ... ${shown.length - 40} more in --json`);
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  lines.push('');
  lines.push('  assumptions (source):');
  for (const a of r.assumptions) lines.push(`    ${a.name}: ${a.value} (${a.source})`);
  return lines.join('\n');
}

/** `az:<n>@<minute>[+<minutes>]` or `instances:<k>[:<service>]@<minute>`. */
export function parseFailure(text: string): Failure {
  const az = /^az:(\d+)@(\d+(?:\.\d+)?)(?:\+(\d+(?:\.\d+)?))?$/.exec(text);
  if (az) return { kind: 'az', az: Number(az[1]), atSeconds: Number(az[2]) * 60, durationSeconds: az[3] === undefined ? undefined : Number(az[3]) * 60 };
  const inst = /^instances:(\d+)(?::([A-Za-z0-9_.-]+))?@(\d+(?:\.\d+)?)$/.exec(text);
  if (inst && Number(inst[1]) > 0) return { kind: 'instances', count: Number(inst[1]), service: inst[2], atSeconds: Number(inst[3]) * 60 };
  throw new Error(`--fail "${text}": use az:<n>@<minute>[+<minutes down>] (AZ index from 0) or instances:<k>[:<service>]@<minute>`);
}

/** The p95 curve in 15-minute buckets (each bucket's highest minute), for the terminal. */
export function p95Curve(values: readonly number[], bucket = 15): string {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += bucket) out.push(Math.max(...values.slice(i, i + bucket)));
  return out.join(' ');
}
