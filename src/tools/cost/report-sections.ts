/**
 * Sections of cost.md beyond the line items, one function each (report.ts places them): where the money goes by
 * tier, the always-free allowances (`--free-tier`) and the savings with their arithmetic.
 */
import { TIERS } from './line';
import { StackCost, usd } from './estimate';
import { FreeTierMonth } from './free-tier';

const esc = (s: string) => s.replace(/\|/g, '\\|');
const row = (cells: string[]) => `| ${cells.map(esc).join(' | ')} |`;
const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : '—');

/** The baseline by tier, largest first, with its share of the month. */
export function tierShareSection(c: StackCost): string[] {
  const byTier = TIERS.map((t) => [t, c.baseline.lines.filter((l) => l.tier === t).reduce((a, l) => a + l.monthlyUsd, 0)] as const)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1]);
  return [
    'Where the baseline money goes, by tier:',
    '',
    '| tier | baseline | share |',
    '| --- | ---: | ---: |',
    ...byTier.map(([t, v]) => row([t, usd(v), share(v, c.baseline.totalUsd)])),
  ];
}

const creditRows = (m: FreeTierMonth) => m.credits.map((k) => row([k.allowance, `${k.used.toLocaleString('en-US')} of ${k.free.toLocaleString('en-US')} ${k.unit}`, k.how || '—', usd(k.creditUsd)]));

/** The months with and without AWS's always-free allowances (only when asked for: `--free-tier`). */
export function freeTierSection(c: StackCost): string[] {
  const f = c.freeTier;
  if (!f) return [];
  return [
    '## With the always-free allowances',
    '',
    `Baseline ${usd(f.baseline.withoutUsd)} without, **${usd(f.baseline.withUsd)} with** AWS's always-free allowances; the average month with ${c.traffic.name}`,
    `${usd(f.scenario.withoutUsd)} without, **${usd(f.scenario.withUsd)} with**. They are per account: this holds when the stack is the only user of`,
    'them (a second stack in the account shares the same 100 GB, 1 TB, 10 alarms…). Allowances and their dates: "Price sources" (freeTier).',
    '',
    '| allowance (baseline month) | used | arithmetic | credit |',
    '| --- | --- | --- | ---: |',
    ...creditRows(f.baseline),
    '',
  ];
}

/** The free-tier line of the terminal view. */
export function freeTierLine(c: StackCost): string[] {
  const f = c.freeTier;
  if (!f) return [];
  const month = `average month ${usd(f.scenario.withoutUsd)} → ${usd(f.scenario.withUsd)}`;
  return [`free tier: baseline ${usd(f.baseline.withoutUsd)} → ${usd(f.baseline.withUsd)}, ${month} with the always-free allowances`, ''];
}
