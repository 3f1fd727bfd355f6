/**
 * Drives autocannon (npm) through load-test phases against one URL and counts, from the responses' headers,
 * how many distinct instances and AZs answered: the proof that the load balancer spreads the load.
 */
import { Phase } from './phases';

export const INSTANCE_HEADER = 'x-stormproof-instance';
export const AZ_HEADER = 'x-stormproof-az';

export interface PhaseResult {
  readonly name: string;
  readonly seconds: number;
  readonly connections: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  /** Non-2xx/3xx answers, connection errors and timeouts. */
  readonly errors: number;
  readonly instances: number;
  readonly azs: number;
}

export interface LoadTestResult {
  readonly url: string;
  readonly startedAt: string;
  readonly phases: readonly PhaseResult[];
  readonly totals: {
    readonly requests: number;
    readonly errors: number;
    readonly errorPercent: number;
    readonly peakRequestsPerSecond: number;
    readonly latencyMs: PhaseResult['latencyMs'];
  };
  /** Responses per instance id and per AZ, from the X-Stormproof-* headers. */
  readonly answeredBy: { readonly instances: Readonly<Record<string, number>>; readonly azs: Readonly<Record<string, number>> };
  readonly distinctInstances: number;
  readonly distinctAzs: number;
  /**
   * Requests/s one instance served at the busiest phase x cpuTargetPercent / 100: the simulator's per-instance
   * capacity input (`npm run simulate -- <stack> --capacity-from <this file>`); assumes the busiest phase
   * saturated the instances.
   */
  readonly capacityPerInstance?: number;
  /** Per 30-second window: requests, p95, errors and the distinct instances and AZs that answered. */
  readonly windows: readonly LoadTestWindow[];
  /** True for `--local`: demo apps on this machine; these figures never feed the simulator's capacity. */
  readonly loopback?: boolean;
  /** The Auto Scaling group's desired and in-service counts over time (`--asg`), or why they are missing. */
  readonly asg?: { readonly name: string; readonly samples: readonly AsgSample[]; readonly skipped?: string };
  /** Per second: requests, errors and p95 latency (for the chart). */
  readonly timeline: readonly { readonly second: number; readonly phase: string; readonly requests: number; readonly errors: number; readonly p95Ms: number }[];
}

export interface LoadTestWindow {
  readonly fromSecond: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p95Ms: number;
  readonly errors: number;
  readonly instances: number;
  readonly azs: number;
}

export interface AsgSample {
  readonly second: number;
  readonly desired: number;
  readonly inService: number;
}

/** Reads the group's counts once; undefined when they cannot be read. */
export type AsgReader = () => Promise<{ desired: number; inService: number } | undefined>;

export const WINDOW_SECONDS = 30;

export interface LoadTestOptions {
  readonly url: string;
  readonly phases: readonly Phase[];
  /** @default 50 */
  readonly cpuTargetPercent?: number;
  /** Seconds before a request counts as timed out. @default 10 */
  readonly timeoutSeconds?: number;
  /** Loopback run (`--local`): labelled so, and no capacityPerInstance. @default false */
  readonly loopback?: boolean;
  /** Samples the Auto Scaling group every window (`--asg`). @default - none */
  readonly asg?: { readonly name: string; readonly read?: AsgReader; readonly skipped?: string };
  /**
   * At most this many requests a second over all connections (autocannon's overallRate), for a run that must
   * show who answers without using the machine up (the unit tests' loopback fleets).
   * @default - as fast as the connections go
   */
  readonly maxRequestsPerSecond?: number;
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
const latencyOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), p99: r(percentile(sorted, 99)), max: r(sorted[sorted.length - 1] ?? 0) };
};

type Second = { phase: string; requests: number; errors: number; latencies: number[]; instances: Set<string>; azs: Set<string> };

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon');
  const startedMs = Date.now();
  const answeredBy = { instances: {} as Record<string, number>, azs: {} as Record<string, number> };
  const phases: PhaseResult[] = [];
  const perSecond = new Map<number, Second>();
  const allLatencies: number[] = [];
  const samples: AsgSample[] = [];
  const read = options.asg?.read;
  const sample = async () => {
    const counts = read ? await read().catch(() => undefined) : undefined;
    if (counts) samples.push({ second: Math.round((Date.now() - startedMs) / 1000), ...counts });
  };
  let timer: NodeJS.Timeout | undefined;
  if (read) {
    await sample();
    timer = setInterval(() => void sample(), WINDOW_SECONDS * 1000);
  }
  try {
    for (const phase of options.phases) {
      const { result, latencies } = await runPhase(autocannon, options, phase, startedMs, answeredBy, perSecond);
      allLatencies.push(...latencies);
      phases.push(result);
    }
  } finally {
    if (timer) clearInterval(timer);
  }
  if (read) await sample();

  const { instances, azs } = answeredBy;
  const requests = phases.reduce((n, p) => n + p.requests, 0);
  const errors = phases.reduce((n, p) => n + p.errors, 0);
  const busiest = phases.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a), phases[0]);
  const distinctInstances = Object.keys(instances).length;
  return {
    url: options.url,
    startedAt: new Date(startedMs).toISOString(),
    phases,
    totals: {
      requests,
      errors,
      errorPercent: requests > 0 ? Math.round((10000 * errors) / requests) / 100 : 0,
      peakRequestsPerSecond: busiest?.requestsPerSecond ?? 0,
      latencyMs: latencyOf(allLatencies),
    },
    answeredBy: { instances, azs },
    distinctInstances,
    distinctAzs: Object.keys(azs).length,
    capacityPerInstance: options.loopback ? undefined : Math.round(((busiest?.requestsPerSecond ?? 0) / Math.max(1, distinctInstances)) * ((options.cpuTargetPercent ?? 50) / 100) * 10) / 10,
    ...(options.loopback ? { loopback: true } : {}),
    windows: windowsOf(perSecond),
    ...(options.asg ? { asg: { name: options.asg.name, samples, ...(options.asg.skipped ? { skipped: options.asg.skipped } : {}) } } : {}),
    timeline: [...perSecond.entries()]
      .sort(([a], [b]) => a - b)
      .map(([second, b]) => ({ second, phase: b.phase, requests: b.requests, errors: b.errors, p95Ms: latencyOf(b.latencies).p95 })),
  };
}

/** One phase through autocannon: its latencies and errors, and who answered (the demo app's instance and AZ headers). */
async function runPhase(
  autocannon: any,
  options: LoadTestOptions,
  phase: LoadTestOptions['phases'][number],
  startedMs: number,
  answeredBy: { instances: Record<string, number>; azs: Record<string, number> },
  perSecond: Map<number, Second>,
): Promise<{ result: PhaseResult; latencies: number[] }> {
  const { instances, azs } = answeredBy;
  const phaseInstances = new Set<string>();
  const phaseAzs = new Set<string>();
  const latencies: number[] = [];
  let errors = 0;
  const bucket = () => {
    const second = Math.floor((Date.now() - startedMs) / 1000);
    let b = perSecond.get(second);
    if (!b) perSecond.set(second, (b = { phase: phase.name, requests: 0, errors: 0, latencies: [], instances: new Set(), azs: new Set() }));
    return b;
  };
  const instance = autocannon({
    url: options.url,
    connections: phase.connections,
    duration: phase.seconds,
    timeout: options.timeoutSeconds ?? 10,
    ...(options.maxRequestsPerSecond !== undefined && { overallRate: options.maxRequestsPerSecond }),
    requests: [
      {
        method: 'GET',
        onResponse: (_status: number, _body: string, _context: unknown, headers: Record<string, string>) => {
          const lower: Record<string, string> = {};
          for (const [k, v] of Object.entries(headers ?? {})) lower[k.toLowerCase()] = String(v);
          const id = lower[INSTANCE_HEADER];
          const az = lower[AZ_HEADER];
          if (id) {
            instances[id] = (instances[id] ?? 0) + 1;
            phaseInstances.add(id);
            bucket().instances.add(id);
          }
          if (az) {
            azs[az] = (azs[az] ?? 0) + 1;
            phaseAzs.add(az);
            bucket().azs.add(az);
          }
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    const b = bucket();
    b.requests++;
    b.latencies.push(ms);
    latencies.push(ms);
    if (status >= 400) {
      errors++;
      b.errors++;
    }
  });
  instance.on('reqError', () => {
    errors++;
    bucket().errors++;
  });
  const done = await new Promise<any>((resolve, reject) => instance.on('done', resolve).on('error', reject));
  // autocannon counts timeouts and connection errors itself; non-2xx were counted above.
  errors = Math.max(errors, (done.errors ?? 0) + (done.non2xx ?? 0));
  const result: PhaseResult = {
    name: phase.name,
    seconds: phase.seconds,
    connections: phase.connections,
    requests: latencies.length,
    requestsPerSecond: Math.round((latencies.length / phase.seconds) * 10) / 10,
    latencyMs: latencyOf(latencies),
    errors,
    instances: phaseInstances.size,
    azs: phaseAzs.size,
  };
  return { result, latencies };
}

/** Per-second buckets folded into 30-second windows. */
export function windowsOf(perSecond: ReadonlyMap<number, Second>): LoadTestWindow[] {
  const byWindow = new Map<number, { requests: number; errors: number; latencies: number[]; instances: Set<string>; azs: Set<string> }>();
  for (const [second, b] of perSecond) {
    const from = Math.floor(second / WINDOW_SECONDS) * WINDOW_SECONDS;
    let w = byWindow.get(from);
    if (!w) byWindow.set(from, (w = { requests: 0, errors: 0, latencies: [], instances: new Set(), azs: new Set() }));
    w.requests += b.requests;
    w.errors += b.errors;
    w.latencies.push(...b.latencies);
    b.instances.forEach((i) => w!.instances.add(i));
    b.azs.forEach((a) => w!.azs.add(a));
  }
  // The last window may be partial: its rate is over the seconds it covers.
  const lastSecond = Math.max(0, ...perSecond.keys());
  return [...byWindow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([fromSecond, w]) => ({
      fromSecond,
      requests: w.requests,
      requestsPerSecond: Math.round((w.requests / Math.min(WINDOW_SECONDS, lastSecond + 1 - fromSecond)) * 10) / 10,
      p95Ms: latencyOf(w.latencies).p95,
      errors: w.errors,
      instances: w.instances.size,
      azs: w.azs.size,
    }));
}

/** The terminal summary. */
export function loadTestSummary(r: LoadTestResult): string {
  const lines = [`load test of ${r.url} (${r.startedAt})` + (r.loopback ? ' -- LOOPBACK figures: demo apps on this machine, not a deployed stack; never a capacity for the simulator' : '')];
  lines.push(
    `  ${'phase'.padEnd(10)} ${'s'.padStart(4)} ${'conns'.padStart(5)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ` +
      `${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)} ${'inst'.padStart(5)} ${'AZs'.padStart(4)}`,
  );
  for (const p of r.phases) {
    lines.push(
      `  ${p.name.padEnd(10)} ${String(p.seconds).padStart(4)} ${String(p.connections).padStart(5)} ${String(p.requestsPerSecond).padStart(8)} ${String(p.latencyMs.p50).padStart(7)} ${String(p.latencyMs.p95).padStart(7)} ${String(p.latencyMs.p99).padStart(7)} ${String(p.errors).padStart(7)} ${String(p.instances).padStart(5)} ${String(p.azs).padStart(4)}`,
    );
  }
  lines.push(`  total: ${r.totals.requests} requests, ${r.totals.errors} errors (${r.totals.errorPercent} %), peak ${r.totals.peakRequestsPerSecond} req/s, p95 ${r.totals.latencyMs.p95} ms`);
  const answered = Object.entries(r.answeredBy.instances).map(([k, v]) => `${k} ${v}`).join(', ') || 'none (no X-Stormproof-Instance header)';
  lines.push(`  answered by ${r.distinctInstances} distinct instances in ${r.distinctAzs} AZs: ${answered}`);
  lines.push(
    r.capacityPerInstance === undefined
      ? '  capacity per instance: not derived (loopback run)'
      : `  capacity per instance at the CPU target (simulator input): ${r.capacityPerInstance} req/s`,
  );
  lines.push(`  per ${WINDOW_SECONDS} s window:`);
  lines.push(`    ${'from s'.padStart(6)} ${'req/s'.padStart(8)} ${'p95 ms'.padStart(7)} ${'errors'.padStart(7)} ${'inst'.padStart(5)} ${'AZs'.padStart(4)}${r.asg ? ' desired in-service' : ''}`);
  for (const w of r.windows) {
    const s = r.asg ? [...r.asg.samples].reverse().find((x) => x.second <= w.fromSecond + WINDOW_SECONDS) : undefined;
    lines.push(
      `    ${String(w.fromSecond).padStart(6)} ${String(w.requestsPerSecond).padStart(8)} ${String(w.p95Ms).padStart(7)} ${String(w.errors).padStart(7)} ${String(w.instances).padStart(5)} ${String(w.azs).padStart(4)}` +
        (r.asg ? (s ? ` ${String(s.desired).padStart(7)} ${String(s.inService).padStart(10)}` : '       -          -') : ''),
    );
  }
  if (r.asg?.skipped) lines.push(`  group ${r.asg.name}: ${r.asg.skipped}`);
  return lines.join('\n');
}
