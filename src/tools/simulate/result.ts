import type { Assumption } from './assumptions';

/** What the simulator takes (options, failures) and what it answers (per-minute series, events, per-group results). */
/**
 * Requests per second one instance serves at its CPU target, when nothing better is known. Measure your app
 * with `npm run load-test` and pass `capacityPerInstance` (`--capacity`, or `--capacity-from` the load test's
 * JSON). 30 req/s at 50 % CPU is a conservative figure for the Python demo app on a t3.small held to its 20 % CPU-credit baseline.
 */
export const DEFAULT_CAPACITY_RPS = 30;

export type Failure =
  | { readonly kind: 'az'; readonly az: number; readonly atSeconds: number; readonly durationSeconds?: number }
  | { readonly kind: 'instances'; readonly count: number; readonly atSeconds: number; readonly service?: string };

/**
 * An operator's `aws autoscaling update-auto-scaling-group` at a second of the run: sets min, max and desired of the
 * named service's group (every group when `service` is unset); desired is clamped into [min, max] as AWS does.
 */
export interface Resize {
  readonly atSeconds: number;
  readonly service?: string;
  readonly min?: number;
  readonly max?: number;
  readonly desired?: number;
}

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
  /** Seconds from InService until the app answers (`--boot`). @default - from the image source (assumptions.ts) */
  readonly bootSeconds?: number;
  /** Seconds after a metric period closes until the alarm sees its datapoint. @default DEFAULT_METRIC_LAG_SECONDS (60) */
  readonly metricLagSeconds?: number;
  /** Seconds a scheduled action fires after its cron minute. @default SCHEDULE_DELAY_SECONDS (120, the worst case) */
  readonly scheduleDelaySeconds?: number;
  /** Stop at the first failed request (the capacity search only needs to know whether any fails). @default false */
  readonly stopAtFirstFailure?: boolean;
  /** Seconds a warm-pool instance needs to start (already booted once, app installed). @default 25 */
  readonly warmPoolStartSeconds?: number;
  readonly failures?: readonly Failure[];
  /** Capacity changes made by hand (a failover scaling the DR groups up). @default - none */
  readonly resizes?: readonly Resize[];
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
  /** Requests dropped during the minute (web): no healthy target took them. */
  readonly dropped: number;
  /** Requests that waited past the ALB idle timeout during the minute (web, 504). */
  readonly timedOut: number;
  /** Estimated p95 latency of the minute's served requests, milliseconds (web). */
  readonly p95Ms: number;
  /** Requests queued in the instances at the minute's end (web). */
  readonly queued: number;
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
  readonly what: 'scale-out' | 'scale-in' | 'schedule' | 'failure' | 'replace' | 'refresh' | 'resize';
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
  /** Launch to serving: pending + app boot + healthy checks (s). */
  readonly launchToInServiceSeconds: number;
  readonly launchPhases: { readonly pendingSeconds: number; readonly bootSeconds: number; readonly healthySeconds: number; readonly imageSource: string; readonly monitoring: 'detailed' | 'basic' };
  readonly cpuTarget: number;
  /** Minutes whose average CPU was above the group's CPU target. */
  readonly minutesAboveCpuTarget: number;
  readonly timedOutTotal: number;
  /** dropped + timed out. */
  readonly failedTotal: number;
  readonly failedPercent: number;
  readonly peakP95Ms: number;
  /** Instances replaced because they were not healthy when the grace period ended. */
  readonly replacedUnhealthy: number;
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
  readonly totals: {
    readonly offered: number;
    readonly dropped: number;
    readonly droppedPercent: number;
    readonly timedOut: number;
    /** dropped + timed out. */
    readonly failed: number;
    readonly failedPercent: number;
    readonly minutesAboveCpuTarget: number;
    readonly peakP95Ms: number;
    readonly instanceHours: number;
    readonly costUsd?: number;
  };
  readonly events: readonly ScalingEvent[];
  readonly assumptions: readonly Assumption[];
  /** Before vs after and the capacity margin (filled by `verdict()`, which the CLI runs). */
  readonly verdict?: Verdict;
  readonly warnings: readonly string[];
}

export interface Verdict {
  /** The same traffic on the single server the scenario starts from: one instance, no scaling. */
  readonly before: { readonly failed: number; readonly failedPercent: number; readonly failedAtPeakPercent: number; readonly peakP95Ms: number; readonly minutesAboveCpuTarget: number };
  /** This stack (the run itself). */
  readonly after: { readonly failed: number; readonly failedPercent: number; readonly peakP95Ms: number; readonly minutesAboveCpuTarget: number };
  /** Least req/s per instance at the CPU target (first web group; others scaled alike) with 0 failed requests; null when none up to 20x. */
  readonly minCapacityForZeroFailures: number | null;
  readonly capacityPerInstance: number;
  /** (capacity / minimum - 1) x 100: how much slower the app may be before requests fail (negative: short by that much). */
  readonly marginPercent: number | null;
}
