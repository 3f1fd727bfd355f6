/**
 * Traffic scenarios: the usage assumptions behind every usage-driven line (requests, GB, log volume,
 * queue messages). They are printed with each report, never hidden. A scenario has quiet hours and
 * peak hours; baseline prices a month of quiet hours with every Auto Scaling group at min, peak a month
 * of peak hours with every group at max, and the scenario mixes the two.
 *
 * One scenario drives simulate and cost: each named event (tv-evening, black-friday, load-test-day, launch-week,
 * flash-sale) is derived from the simulator's own traffic curve (src/tools/simulate/traffic.ts): its peak rate, and
 * the event's requests above the quiet rate expressed as hours at that peak, times how often the event happens.
 */
import { SCENARIOS as SIMULATOR_SCENARIOS, Traffic } from '../simulate/traffic';

export interface TrafficScenario {
  readonly name: string;
  readonly description: string;
  /** Hours a month at peak traffic (every Auto Scaling group at max during them). */
  readonly peakHoursPerMonth: number;
  /** How many times a month the event happens (1/12: once a year; 0: no event). */
  readonly eventsPerMonth: number;
  /** The simulator scenario the event comes from, when it comes from one. */
  readonly simulatorScenario?: string;
  readonly quietRequestsPerSecond: number;
  readonly peakRequestsPerSecond: number;
  /** Average response size in KB (pages, API answers and static assets together). */
  readonly kbPerResponse: number;
  /** Share of requests CloudFront answers from its cache (stacks with a CDN); the rest reach the ALB. */
  readonly cdnCacheHitShare: number;
  /** GB through the NAT gateways per instance-hour (package updates, calls to external APIs). */
  readonly natGbPerInstanceHour: number;
  /** Bytes written to VPC flow-log groups per request, spread over those log groups. */
  readonly logBytesPerRequest: number;
  /** Bytes of one WAF log record (one per inspected request). @default 1500 (AWS's example records run 1-2 KB) */
  readonly wafLogBytesPerRecord?: number;
  /** GB a month every log group receives whatever the traffic (database, cache, trail logs). */
  readonly baseLogGbPerGroup: number;
  /** Queue messages per request (orders, jobs). */
  readonly queueMessagesPerRequest: number;
  /** Share of the database changed per day (drives backup and replication volume). */
  readonly dbDailyChangeShare: number;
  /** GB of static assets in the assets bucket. */
  readonly staticAssetsGb: number;
  /** Builds a month per CodeBuild project, and their minutes. */
  readonly buildsPerMonth: number;
  readonly buildMinutes: number;
  /** Runs a month of each FIS experiment template. */
  readonly fisRunsPerMonth: number;
}

const WEEK_TO_MONTH = 730 / 168;

/** What a small site's month looks like outside its peaks: every scenario starts from it and says what differs. */
const QUIET_SITE = {
  quietRequestsPerSecond: 5,
  peakRequestsPerSecond: 300,
  kbPerResponse: 60,
  cdnCacheHitShare: 0.6,
  natGbPerInstanceHour: 0.01,
  logBytesPerRequest: 100,
  wafLogBytesPerRecord: 1500,
  baseLogGbPerGroup: 0.1,
  queueMessagesPerRequest: 0.01,
  dbDailyChangeShare: 0.02,
  staticAssetsGb: 5,
  buildsPerMonth: 60,
  buildMinutes: 5,
  fisRunsPerMonth: 1,
};

/**
 * A cost scenario from the simulator's curve: the quiet rate is the site's rate outside the event; the event's
 * requests above it become `peakHoursPerEvent` at the curve's peak rate (so requests and GB match the curve).
 */
export function fromSimulator(sim: Traffic, quietRequestsPerSecond: number, eventsPerMonth: number, when: string, extra: Partial<TrafficScenario> = {}): TrafficScenario {
  let peak = 0;
  let excess = 0;
  for (let t = 0; t < sim.durationSeconds; t += 60) {
    const r = sim.rate(t);
    peak = Math.max(peak, r);
    excess += Math.max(0, r - quietRequestsPerSecond) * 60;
  }
  const peakHoursPerEvent = peak > quietRequestsPerSecond ? excess / (peak - quietRequestsPerSecond) / 3600 : 0;
  const round3 = (n: number) => Math.round(n * 1000) / 1000;
  return {
    ...QUIET_SITE,
    ...extra,
    name: sim.name,
    description: `${sim.description} (the simulator's ${sim.name}), ${when}; quiet ${quietRequestsPerSecond} requests/s the rest of the month`,
    quietRequestsPerSecond,
    peakRequestsPerSecond: round3(peak),
    peakHoursPerMonth: round3(peakHoursPerEvent * eventsPerMonth),
    eventsPerMonth: round3(eventsPerMonth),
    simulatorScenario: sim.name,
  };
}

const sim = (name: string): Traffic => SIMULATOR_SCENARIOS[name]();

export const TRAFFIC: Readonly<Record<string, TrafficScenario>> = {
  'tv-evening': fromSimulator(sim('tv-evening'), 10, WEEK_TO_MONTH, 'one evening a week'),
  'black-friday': fromSimulator(sim('black-friday'), 40, 1 / 12, 'once a year (a twelfth of it in each month\'s average)', {
    queueMessagesPerRequest: 0.02,
    dbDailyChangeShare: 0.03,
    staticAssetsGb: 20,
    buildsPerMonth: 120,
    fisRunsPerMonth: 2,
  }),
  'load-test-day': fromSimulator(sim('load-test-day'), 2, 1, 'one class day a month'),
  'launch-week': fromSimulator(sim('launch-week'), 30, 1 / 12, 'once a year (a twelfth of it in each month\'s average)'),
  'flash-sale': fromSimulator(sim('flash-sale'), 20, 1, 'once a month'),
  steady: {
    ...QUIET_SITE,
    name: 'steady',
    description: 'no event at all: a month of quiet traffic (scheduled actions still raise capacity when they run)',
    peakHoursPerMonth: 0,
    eventsPerMonth: 0,
  },
};

/** Hours at peak one event amounts to (0 for a scenario without events). */
export function peakHoursPerEvent(s: TrafficScenario): number {
  return s.eventsPerMonth > 0 ? s.peakHoursPerMonth / s.eventsPerMonth : 0;
}

export const DEFAULT_TRAFFIC = 'tv-evening';

/** The scenario named `name`; a clear error listing the known ones otherwise. */
export function trafficScenario(name: string = DEFAULT_TRAFFIC): TrafficScenario {
  const s = TRAFFIC[name];
  if (!s) throw new Error(`unknown traffic scenario "${name}" (--traffic): use one of ${Object.keys(TRAFFIC).join(', ')}`);
  return s;
}

/** The assumptions of a scenario as printable sentences. */
export function describeTraffic(s: TrafficScenario): string[] {
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return [
    `${s.name}: ${s.description}`,
    `${s.eventsPerMonth > 0 ? `${fmt(s.eventsPerMonth)} event(s) a month of ${fmt(peakHoursPerEvent(s))} h at peak each: ` : ''}${fmt(s.peakHoursPerMonth)} h a month at peak (${s.peakRequestsPerSecond} requests/s, every Auto Scaling group at max), ${fmt(730 - s.peakHoursPerMonth)} h quiet (${s.quietRequestsPerSecond} requests/s)`,
    `${s.kbPerResponse} KB per response; with CloudFront ${Math.round(s.cdnCacheHitShare * 100)} % of requests are cache hits and the rest reach the ALB; without it, every byte leaves through the ALB`,
    `NAT: ${s.natGbPerInstanceHour} GB per instance-hour; logs: ${s.logBytesPerRequest} bytes per request over the flow-log groups, ${s.wafLogBytesPerRecord ?? 1500} bytes per WAF log record (one per inspected request) plus ${s.baseLogGbPerGroup} GB a month per log group; stored logs compress to 15 %`,
    `queues: ${s.queueMessagesPerRequest} messages per request (send + receive + delete = 3 requests each) plus idle long polls (180 an hour per worker instance)`,
    `database: ${Math.round(s.dbDailyChangeShare * 100)} % of the allocated storage changes a day (backups, cross-region replication); static assets ${s.staticAssetsGb} GB`,
    `CI/chaos (when present): ${s.buildsPerMonth} builds × ${s.buildMinutes} min per CodeBuild project, ${s.fisRunsPerMonth} run(s) of each FIS template a month`,
  ];
}
