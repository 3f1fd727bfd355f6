import { PROFILES } from '../../../src/config/profiles';
import { costUnderOwnScenario, markdownReport, price, terminalReport } from '../../../src/tools/cost';
import { freeTierMonth } from '../../../src/tools/cost/free-tier';
import { parseArgs } from '../../../src/tools/cost/cli';
import { synthProfile } from '../simulate/support';

const cafe = synthProfile(PROFILES.cafe);
const ecommerce = synthProfile(PROFILES.ecommerce);

describe('--free-tier: the month with and without AWS\'s always-free allowances', () => {
  it('takes 100 GB of the café ALB\'s data out, 10 alarm metrics, 10 detailed-monitoring metrics, dashboards and 5 GB of logs off its baseline', () => {
    const c = costUnderOwnScenario('cafe', cafe, undefined, { freeTier: true });
    const f = c.freeTier!;
    const credit = (name: string) => f.baseline.credits.find((k) => k.allowance.startsWith(name));
    expect(credit('data transfer out')).toMatchObject({ free: 100, used: 100, unit: 'GB', creditUsd: 9, how: '100 GB × $0.09 = $9.00' });
    expect(credit('CloudWatch metrics')).toMatchObject({ used: 10, creditUsd: 3 });
    expect(credit('CloudWatch dashboards')).toMatchObject({ used: 1, creditUsd: 3 });
    const alarms = c.baseline.lines.filter((l) => l.unit.startsWith('alarm metric-month')).reduce((a, l) => a + l.quantity, 0);
    expect(credit('CloudWatch standard-resolution alarm')).toMatchObject({ used: Math.min(10, alarms), creditUsd: Math.round(Math.min(10, alarms) * 10) / 100 });
    const sum = Math.round(f.baseline.credits.reduce((a, k) => a + k.creditUsd, 0) * 100) / 100;
    expect(f.baseline.withUsd).toBeCloseTo(c.baseline.totalUsd - sum, 2);
    expect(f.baseline.withoutUsd).toBe(c.baseline.totalUsd);
    for (const k of [...f.baseline.credits, ...f.scenario.credits]) expect([k.allowance, k.used <= k.free]).toEqual([k.allowance, true]);
    const md = markdownReport(c, 'x');
    expect(md).toContain(`Baseline $${c.baseline.totalUsd.toFixed(2)} without, **$${f.baseline.withUsd.toFixed(2)} with** AWS's always-free allowances`);
    expect(md).toContain('| data transfer out to the internet (all services and regions, CloudFront excluded) | 100 of 100 GB | 100 GB × $0.09 = $9.00 | $9.00 |');
    expect(terminalReport(c)).toContain(`free tier: baseline $${c.baseline.totalUsd.toFixed(2)} → $${f.baseline.withUsd.toFixed(2)}`);
  });

  it('gives CloudFront its own 1 TB and 10 M requests (ecommerce), the regional 100 GB staying unused behind it', () => {
    const f = costUnderOwnScenario('ecommerce', ecommerce, undefined, { freeTier: true }).freeTier!;
    const credit = (name: string) => f.baseline.credits.find((k) => k.allowance.startsWith(name));
    expect(credit('CloudFront data transfer out')).toMatchObject({ free: 1024, used: 1024, creditUsd: 87.04, how: '1,024 GB × $0.085 = $87.04' });
    expect(credit('CloudFront HTTP/HTTPS requests')).toMatchObject({ free: 1e7, used: 1e7, creditUsd: 10 });
    expect(credit('SQS requests')).toMatchObject({ free: 1e6, used: 1e6, creditUsd: 0.4 });
    expect(credit('data transfer out')).toBeUndefined();
  });

  it('never credits more than a line costs, and a month without those lines gets nothing', () => {
    const queue = { address: 'aws_sqs_queue.q', type: 'aws_sqs_queue', tier: 'data' as const, estimate: false, idle: false };
    const tiny = freeTierMonth({ totalUsd: 0.05, lines: [{ ...queue, quantity: 0.1, unit: 'million requests (x)', unitPriceUsd: 0.4, monthlyUsd: 0.04 }] });
    expect(tiny.credits).toEqual([{ allowance: 'SQS requests', free: 1e6, used: 100000, unit: 'requests', creditUsd: 0.04, how: '100,000 requests × $0.4 per 1,000,000 = $0.04' }]);
    expect(tiny.withUsd).toBe(0.01);
    expect(freeTierMonth({ totalUsd: 0, lines: [] })).toEqual({ withoutUsd: 0, withUsd: 0, credits: [] });
  });

  it('cites dated published allowances in the price table, and stays off unless asked', () => {
    expect(price('global', 'freeTierCloudfront', 'gbOut')).toMatchObject({ usd: 1024, estimate: false, source: 'https://aws.amazon.com/cloudfront/pricing/' });
    expect(price('global', 'freeTier', 'dataTransferOutGb')).toMatchObject({ usd: 100, source: 'https://aws.amazon.com/free/' });
    const plain = costUnderOwnScenario('cafe', cafe);
    expect(plain.freeTier).toBeUndefined();
    expect(markdownReport(plain, 'x')).not.toContain('## With the always-free allowances');
    expect(markdownReport(plain, 'x')).toContain('and the free tier (--free-tier shows the always-free allowances)');
    expect(parseArgs(['cafe', '--free-tier']).freeTier).toBe(true);
  });
});

describe('where the money goes', () => {
  it('shows the baseline by tier, largest first, with shares, next to the five costliest lines', () => {
    const c = costUnderOwnScenario('ecommerce', ecommerce);
    const md = markdownReport(c, 'x');
    const section = md.slice(md.indexOf('Where the baseline money goes, by tier:'), md.indexOf('## Summary'));
    const rows = section.split('\n').filter((l) => /^\| [a-z-]+ \| \$/.test(l));
    expect(rows[0]).toMatch(/^\| data \| \$[\d.]+ \| \d+ % \|$/);
    const values = rows.map((r) => Number(r.split('|')[2].trim().slice(1)));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(md.indexOf('Where the baseline money goes (the five costliest lines)')).toBeLessThan(md.indexOf('Where the baseline money goes, by tier:'));
  });
});
