/**
 * Two of the three views of a stack's cost: a terminal table and the Markdown report `deliverables/<stack>/cost.md`
 * (the JSON, Infracost's shape, is infracost-json.ts).
 */
import { PRICE_TABLES } from './prices';
import { TIERS } from './line';
import { MonthCost, StackCost, usd } from './estimate';
import { describeTraffic } from './traffic';
import { freeTierLine, freeTierSection, tierShareSection } from './report-sections';
import { drCostMarkdown } from './disaster-recovery';

const tierTotal = (m: MonthCost, tier: string) => m.lines.filter((l) => l.tier === tier).reduce((a, l) => a + l.monthlyUsd, 0);
const qty = (n: number) => (Number.isInteger(n) ? String(n) : n >= 100 ? n.toFixed(1) : n.toFixed(4).replace(/0+$/, '').replace(/\.$/, ''));
const unitPrice = (n: number) => `$${n >= 1 ? n.toFixed(2) : n >= 0.01 ? n.toFixed(4).replace(/0{1,2}$/, '') : String(Number(n.toPrecision(3)))}`;
const shortAddress = (a: string) => a.replace(/_[0-9A-F]{8}$/, '');
const signedUsd = (n: number) => (n < 0 ? `−${usd(-n)}` : usd(n));

/** Rows of a month's lines, grouped by tier in the order a request flows. */
function lineRows(m: MonthCost): string[][] {
  const rows: string[][] = [];
  for (const tier of TIERS) {
    const lines = m.lines.filter((l) => l.tier === tier && (l.monthlyUsd > 0 || l.quantity > 0));
    if (!lines.length) continue;
    for (const l of lines) {
      const quantity = `${qty(l.quantity)} ${l.unit}${l.fromUsageFile ? ' ‡' : ''}`;
      rows.push([tier, shortAddress(l.address), quantity, `${unitPrice(l.unitPriceUsd)}${l.estimate ? '*' : ''}`, usd(l.monthlyUsd)]);
    }
  }
  return rows;
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const cell = (s: string, i: number) => (align[i] === 'r' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  return [header.map(cell).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => r.map(cell).join('  '))];
}

function mdTable(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)];
}

function summaryRows(c: StackCost): string[][] {
  const rows = TIERS.filter((t) => [c.baseline, c.scenario, c.peak].some((m) => tierTotal(m, t) > 0)).map((t) => [
    t, usd(tierTotal(c.baseline, t)), usd(tierTotal(c.scenario, t)), usd(tierTotal(c.peak, t)),
  ]);
  rows.push(['total', usd(c.baseline.totalUsd), usd(c.scenario.totalUsd), usd(c.peak.totalUsd)]);
  return rows;
}

const big = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 1 : 0 }));

function usageRows(c: StackCost): string[][] {
  const row = (label: string, pick: (u: StackCost['usage']['baseline']) => number, gb = false) =>
    [label, ...(['baseline', 'scenario', 'peak'] as const).map((m) => `${big(pick(c.usage[m]))}${gb ? ' GB' : ''}`)];
  return [
    row('requests', (u) => u.requests),
    row('instance-hours', (u) => u.instanceHours),
    row('out through CloudFront', (u) => u.cdnGbOut, true),
    row('processed by the ALB', (u) => u.albGbProcessed, true),
    row('out from the ALB to the internet', (u) => u.albGbOut, true),
    row('through NAT gateways', (u) => u.natGb, true),
    row('CloudWatch Logs ingested', (u) => u.logGb, true),
    row('queue messages', (u) => u.queueMessages),
  ];
}

/** The owner's question first: what one event costs over the baseline month. */
function eventSentence(c: StackCost): string {
  const e = c.perEvent;
  if (!e) return `No event in scenario "${c.traffic.name}": the month is the baseline, ${usd(c.baseline.totalUsd)}.`;
  const often = e.eventsPerMonth >= 1 ? `${e.eventsPerMonth} a month` : `once every ${Math.round(1 / e.eventsPerMonth)} months`;
  return `One ${e.scenario} event costs ${usd(e.perEventUsd)} over the baseline (${e.peakHoursPerEvent} h at peak: ${usd(e.perPeakHourUsd)} per peak hour); `
    + `at ${often} the average month is ${usd(c.scenario.totalUsd)} against a baseline of ${usd(c.baseline.totalUsd)} a month.`;
}

/** The five costliest lines of the baseline month (where the money goes). */
function topLines(c: StackCost): string[][] {
  return [...c.baseline.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 5)
    .map((l) => [l.tier, shortAddress(l.address), `${qty(l.quantity)} ${l.unit}`, usd(l.monthlyUsd), `${Math.round((l.monthlyUsd / c.baseline.totalUsd) * 100)} %`]);
}

/** The terminal view of one stack. */
export function terminalReport(c: StackCost): string {
  const out = [
    `== ${c.stack} (${c.region}, ${c.environment}) — USD per month (730 h), traffic scenario "${c.traffic.name}"`,
    eventSentence(c),
    ...table(['tier', 'baseline', 'scenario', 'peak'], summaryRows(c), ['l', 'r', 'r', 'r']),
    '',
    `budget: ${c.budget.message}`,
    '',
    ...freeTierLine(c),
    `usage (traffic "${c.traffic.name}": ${c.traffic.description}):`,
    ...table(['', 'baseline', 'scenario', 'peak'], usageRows(c), ['l', 'r', 'r', 'r']),
    '',
    `scenario line items (quantity × unit price = cost; * = estimated price):`,
    ...table(['tier', 'resource', 'quantity', 'unit price', 'monthly'], lineRows(c.scenario), ['l', 'l', 'l', 'r', 'r']),
    '',
    'savings on the scenario month:',
    ...c.savings.flatMap((s) => [`  ${s.recommended ? '+' : '-'} ${s.title}: ${signedUsd(s.monthlyUsd)}/month — ${s.detail}`, `      ${s.arithmetic}`]),
    '',
    `costs money while idle: ${c.idle.slice(0, 6).map((i) => `${shortAddress(i.address)} ${usd(i.monthlyUsd)}`).join(', ')}${c.idle.length > 6 ? `, and ${c.idle.length - 6} more` : ''}`,
    `not priced: ${c.notPriced.map((n) => `${n.type} ×${n.count}`).join(', ')} (reasons in cost.md)`,
  ];
  return out.join('\n');
}

/** The Markdown report `deliverables/<stack>/cost.md`. */
export function markdownReport(c: StackCost, generatedFrom: string): string {
  const estimated = c.estimates.length > 0;
  const usedRegions = [...c.regions, 'global'].filter((r) => PRICE_TABLES[r]);
  const lines: string[] = [
    `# Cost analysis: ${c.stack}`,
    '',
    `What the \`${c.stack}\` stack costs a month (730 h) in USD, on-demand list prices, ${c.freeTier ? 'free tier shown apart' : 'no free tier'}, no taxes: priced from the`,
    `synthesized Terraform (\`${generatedFrom}\`), so it covers what Terraform will create. Region ${c.region}, environment ${c.environment}.`,
    '',
    `## What one event costs (${c.traffic.name})`,
    '',
    eventSentence(c),
    '',
    'Where the baseline money goes (the five costliest lines):',
    '',
    ...mdTable(['tier', 'resource', 'quantity', 'monthly', 'share'], topLines(c), ['l', 'l', 'l', 'r', 'r']),
    '',
    ...tierShareSection(c),
    '',
    ...freeTierSection(c),
    '## Summary',
    '',
    ...mdTable(
      ['tier', 'baseline (every ASG at min, quiet)', `average month with ${c.traffic.name}`, 'ceiling (every ASG at max all month: a bound, not a month anyone lives through)'],
      summaryRows(c),
      ['l', 'r', 'r', 'r'],
    ),
    '',
    `**Budget:** ${c.budget.message}.`,
    '',
    estimated
      ? `**Estimates:** unit prices marked * come from price-table sections not confirmed against their AWS pricing page on the date read ("Price sources" below); lines of ${c.estimates.map((t) => `\`${t}\``).join(', ')} use them.`
      : '**Estimates:** none; every price used was confirmed against its source.',
    '',
    '## Usage assumptions',
    '',
    ...describeTraffic(c.traffic).map((s) => `- ${s}`),
    ...c.fleets.map((f) => `- \`${f.address}\`: ${f.how}`),
    ...(c.usageFile ? [`- usage file \`${c.usageFile}\`: quantities marked ‡ in the line items come from it (the average month; baseline and ceiling scale with it unless it gives them)`] : []),
    '',
    'What that means for this stack, a month:',
    '',
    ...mdTable(['usage', 'baseline', 'scenario', 'peak'], usageRows(c), ['l', 'r', 'r', 'r']),
    '',
    `## Line items: scenario (${c.traffic.name})`,
    '',
    ...mdTable(['tier', 'resource', 'quantity', 'unit price', 'monthly'], lineRows(c.scenario), ['l', 'l', 'l', 'r', 'r']),
    '',
    '<details><summary>Baseline line items</summary>',
    '',
    ...mdTable(['tier', 'resource', 'quantity', 'unit price', 'monthly'], lineRows(c.baseline), ['l', 'l', 'l', 'r', 'r']),
    '',
    '</details>',
    '',
    '<details><summary>Peak line items</summary>',
    '',
    ...mdTable(['tier', 'resource', 'quantity', 'unit price', 'monthly'], lineRows(c.peak), ['l', 'l', 'l', 'r', 'r']),
    '',
    '</details>',
    '',
    '## What would make it cheaper',
    '',
    'Each figure is off the average month; a negative one costs more than it saves (on list prices). Arithmetic: inputs × price = figure.',
    '',
    ...mdTable(
      ['option', 'saves / month', 'for this stack', 'how', 'arithmetic'],
      c.savings.map((s) => [s.title, signedUsd(s.monthlyUsd), s.recommended ? 'recommended' : 'not recommended', s.detail, s.arithmetic]),
      ['l', 'r', 'l', 'l', 'l'],
    ),
    '',
    '## Costs money while idle',
    '',
    'Billed by the hour or month with no traffic at all (baseline figures):',
    '',
    ...mdTable(
      ['resource', 'monthly', 'why'],
      c.idle.map((i) => [`\`${shortAddress(i.address)}\``, usd(i.monthlyUsd), i.why]),
      ['l', 'r', 'l'],
    ),
    '',
    ...drCostMarkdown(c.disasterRecovery),
    '## Not priced',
    '',
    ...mdTable(
      ['resource type', 'count', 'why'],
      c.notPriced.map((n) => [`\`${n.type}\``, String(n.count), n.reason]),
      ['l', 'r', 'l'],
    ),
    '',
    'Also not modelled: data transfer between AZs, KMS and Secrets Manager API requests, S3 GET/PUT requests other than ALB log',
    'delivery, enhanced-monitoring log volume, ElastiCache snapshots beyond the free one, key-rotation surcharges after the first',
    `year, T3 unlimited CPU credits, tiered volume discounts${c.freeTier ? '' : ', and the free tier (--free-tier shows the always-free allowances)'}.`,
    '',
    '## Price sources',
    '',
    ...mdTable(
      ['table', 'section', 'source', 'read', 'estimate'],
      usedRegions.flatMap((r) => Object.entries(PRICE_TABLES[r].sections).map(([name, s]) => [r, name, s.source, s.read, s.estimate ? 'yes' : `no (${s.confirmedBy ?? 'confirmed'})`])),
      ['l', 'l', 'l', 'l', 'l'],
    ),
    '',
  ];
  return lines.join('\n');
}
