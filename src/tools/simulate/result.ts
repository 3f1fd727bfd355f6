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
