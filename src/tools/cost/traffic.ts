/**
 * Traffic scenarios: the usage assumptions behind every usage-driven line (requests, GB, log volume,
 * queue messages). They are printed with each report, never hidden. A scenario has quiet hours and
 * peak hours; baseline prices a month of quiet hours with every Auto Scaling group at min, peak a month
 * of peak hours with every group at max, and the scenario mixes the two.
 */

export interface TrafficScenario {
  readonly name: string;
  readonly description: string;
  /** Hours a month at peak traffic (every Auto Scaling group at max during them). */
  readonly peakHoursPerMonth: number;
  readonly quietRequestsPerSecond: number;
  readonly peakRequestsPerSecond: number;
  /** Average response size in KB (pages, API answers and static assets together). */
  readonly kbPerResponse: number;
  /** Share of requests CloudFront answers from its cache (stacks with a CDN); the rest reach the ALB. */
  readonly cdnCacheHitShare: number;
  /** GB through the NAT gateways per instance-hour (package updates, calls to external APIs). */
  readonly natGbPerInstanceHour: number;
  /** Bytes written to CloudWatch Logs per request (flow logs, WAF logs), spread over those log groups. */
  readonly logBytesPerRequest: number;
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
  logBytesPerRequest: 400,
  baseLogGbPerGroup: 0.1,
  queueMessagesPerRequest: 0.01,
  dbDailyChangeShare: 0.02,
  staticAssetsGb: 5,
  buildsPerMonth: 60,
  buildMinutes: 5,
  fisRunsPerMonth: 1,
};

export const TRAFFIC: Readonly<Record<string, TrafficScenario>> = {
  'tv-evening': {
    ...QUIET_SITE,
    name: 'tv-evening',
    description: 'one 3-hour TV evening a week at peak, baseline otherwise (the café\'s week); stacks with scheduled actions keep their scheduled capacity around it',
    peakHoursPerMonth: 3 * WEEK_TO_MONTH,
  },
  'black-friday': {
    ...QUIET_SITE,
    name: 'black-friday',
    description: 'a 4-day sales weekend a month at peak (96 h), busier quiet hours the rest of the month',
    peakHoursPerMonth: 96,
    quietRequestsPerSecond: 20,
    peakRequestsPerSecond: 1500,
    queueMessagesPerRequest: 0.02,
    dbDailyChangeShare: 0.03,
    staticAssetsGb: 20,
    buildsPerMonth: 120,
    fisRunsPerMonth: 2,
  },
  steady: {
    ...QUIET_SITE,
    name: 'steady',
    description: 'no peak at all: a month of quiet traffic (scheduled actions still raise capacity when they run)',
    peakHoursPerMonth: 0,
  },
};

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
    `${fmt(s.peakHoursPerMonth)} h a month at peak (${s.peakRequestsPerSecond} requests/s, every Auto Scaling group at max), ${fmt(730 - s.peakHoursPerMonth)} h quiet (${s.quietRequestsPerSecond} requests/s)`,
    `${s.kbPerResponse} KB per response; with CloudFront ${Math.round(s.cdnCacheHitShare * 100)} % of requests are cache hits and the rest reach the ALB; without it, every byte leaves through the ALB`,
    `NAT: ${s.natGbPerInstanceHour} GB per instance-hour; logs: ${s.logBytesPerRequest} bytes per request over the flow-log and WAF log groups plus ${s.baseLogGbPerGroup} GB a month per log group; stored logs compress to 15 %`,
    `queues: ${s.queueMessagesPerRequest} messages per request (send + receive + delete = 3 requests each) plus idle long polls (180 an hour per worker instance)`,
    `database: ${Math.round(s.dbDailyChangeShare * 100)} % of the allocated storage changes a day (backups, cross-region replication); static assets ${s.staticAssetsGb} GB`,
    `CI/chaos (when present): ${s.buildsPerMonth} builds × ${s.buildMinutes} min per CodeBuild project, ${s.fisRunsPerMonth} run(s) of each FIS template a month`,
  ];
}
