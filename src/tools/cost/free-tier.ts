/**
 * AWS's always-free allowances (`--free-tier`): what a month costs when the account's monthly free quantities are
 * taken off the lines they apply to. They are per account, not per stack: the figure holds when the stack is the
 * only user of the account's allowances. Allowances and their sources are in global.json (`freeTier`,
 * `freeTierCloudfront`); the 12-month and credit-based offers are not always free and are left out.
 */
import { Line, MonthCost } from './line';
import { price, round2 } from './prices';

/** One allowance taken off a month: how much of it the stack uses and what that is worth. */
export interface FreeTierCredit {
  readonly allowance: string;
  /** Free quantity, in the allowance's unit. */
  readonly free: number;
  /** Of it, what the month uses (≤ free). */
  readonly used: number;
  readonly unit: string;
  readonly creditUsd: number;
  /** The arithmetic: used × unit price(s) = credit. */
  readonly how: string;
}

export interface FreeTierMonth {
  readonly withoutUsd: number;
  readonly withUsd: number;
  readonly credits: readonly FreeTierCredit[];
}

export interface FreeTier {
  readonly baseline: FreeTierMonth;
  readonly scenario: FreeTierMonth;
  readonly sources: readonly string[];
}

interface Allowance {
  readonly name: string;
  readonly unit: string;
  readonly free: () => number;
  /** The lines it applies to, in the order the allowance is used up. */
  readonly lines: (m: MonthCost) => Line[];
  /** A line's quantity in the allowance's unit. */
  readonly per?: (l: Line) => number;
}

const ofType = (type: string, unitStart: string, exact = false) => (m: MonthCost) =>
  m.lines.filter((l) => l.type === type && (exact ? l.unit === unitStart : l.unit.startsWith(unitStart)) && l.monthlyUsd > 0);
const free = (section: string, key: string) => () => price('global', section, key).usd;

const ALLOWANCES: readonly Allowance[] = [
  {
    name: 'data transfer out to the internet (all services and regions, CloudFront excluded)', unit: 'GB',
    free: free('freeTier', 'dataTransferOutGb'), lines: ofType('aws_lb', 'GB out to the internet', true),
  },
  // The dearest tiers first would be kinder; AWS takes the free GB off the first tier, as here.
  { name: 'CloudFront data transfer out', unit: 'GB', free: free('freeTierCloudfront', 'gbOut'), lines: ofType('aws_cloudfront_distribution', 'GB out') },
  {
    name: 'CloudFront HTTP/HTTPS requests', unit: 'requests',
    free: free('freeTierCloudfront', 'requests'), lines: ofType('aws_cloudfront_distribution', '10,000 HTTPS requests'), per: (l) => l.quantity * 1e4,
  },
  { name: 'SQS requests', unit: 'requests', free: free('freeTier', 'sqsRequests'), lines: ofType('aws_sqs_queue', 'million requests'), per: (l) => l.quantity * 1e6 },
  {
    name: 'CloudWatch standard-resolution alarm metrics', unit: 'alarm metric-months', free: free('freeTier', 'cloudwatchAlarmMetrics'),
    lines: (m) => m.lines.filter((l) => l.unit.startsWith('alarm metric-month') && !l.unit.includes('high resolution') && l.monthlyUsd > 0),
  },
  {
    name: 'CloudWatch metrics (custom and detailed monitoring)', unit: 'metric-months', free: free('freeTier', 'cloudwatchMetrics'),
    lines: (m) => m.lines.filter((l) => l.unit.startsWith('instance-month of detailed monitoring') && l.monthlyUsd > 0), per: (l) => l.quantity * 7,
  },
  { name: 'CloudWatch dashboards', unit: 'dashboard-months', free: free('freeTier', 'cloudwatchDashboards'), lines: ofType('aws_cloudwatch_dashboard', 'dashboard-month') },
  {
    name: 'CloudWatch Logs (ingestion, storage and scans together; taken off ingestion)', unit: 'GB',
    free: free('freeTier', 'cloudwatchLogsGb'), lines: ofType('aws_cloudwatch_log_group', 'GB ingested'),
  },
  {
    name: 'CodeBuild general1.small build minutes', unit: 'build minutes',
    free: free('freeTier', 'codebuildSmallMinutes'), lines: ofType('aws_codebuild_project', 'build-minute (BUILD_GENERAL1_SMALL)'),
  },
  { name: 'CodePipeline V1 active pipelines', unit: 'pipeline-months', free: free('freeTier', 'codepipelineV1Pipelines'), lines: ofType('aws_codepipeline', 'active pipeline-month') },
  { name: 'CodePipeline V2 action minutes', unit: 'action minutes', free: free('freeTier', 'codepipelineV2ActionMinutes'), lines: ofType('aws_codepipeline', 'action execution-minute') },
];

const num = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));

/** A month with the always-free allowances taken off the lines they apply to, allowance by allowance. */
export function freeTierMonth(m: MonthCost): FreeTierMonth {
  const credits: FreeTierCredit[] = [];
  for (const a of ALLOWANCES) {
    const lines = a.lines(m);
    if (!lines.length) continue;
    let left = a.free();
    let credit = 0;
    // Lines at the same unit price are shown as one product: used × price = credit.
    const byPrice = new Map<string, { used: number; usd: number }>();
    for (const l of lines) {
      if (left <= 0) break;
      const per = a.per ? a.per(l) / l.quantity : 1;
      const usedHere = Math.min(left, l.quantity * per);
      left -= usedHere;
      const usd = round2(Math.min(l.monthlyUsd, (usedHere / per) * l.unitPriceUsd));
      credit += usd;
      const key = `$${l.unitPriceUsd}${per !== 1 ? ` per ${num(per)}` : ''}`;
      const seen = byPrice.get(key) ?? { used: 0, usd: 0 };
      byPrice.set(key, { used: seen.used + usedHere, usd: seen.usd + usd });
    }
    const parts = [...byPrice.entries()].map(([p, x]) => `${num(x.used)} ${a.unit} × ${p} = $${x.usd.toFixed(2)}`);
    const used = a.free() - left;
    credits.push({ allowance: a.name, free: a.free(), used: round2(used), unit: a.unit, creditUsd: round2(credit), how: parts.join(' + ') });
  }
  const total = round2(credits.reduce((s, c) => s + c.creditUsd, 0));
  return { withoutUsd: m.totalUsd, withUsd: round2(m.totalUsd - total), credits };
}

export function freeTierOf(baseline: MonthCost, scenario: MonthCost): FreeTier {
  return {
    baseline: freeTierMonth(baseline),
    scenario: freeTierMonth(scenario),
    sources: [price('global', 'freeTier', 'dataTransferOutGb').source, price('global', 'freeTierCloudfront', 'gbOut').source],
  };
}
