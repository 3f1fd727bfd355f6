/**
 * `npm run cost -- --diff old.json`: what changed since an earlier `--json` run (ours, or any Infracost JSON), as a
 * pull-request comment would say it: per stack the monthly total before and after, and every resource whose monthly
 * cost changed, was added or was removed, with the cost components that moved. With --json, the current run in
 * Infracost's diff shape (`pastBreakdown` the old run, `diff` the per-resource change, `infracostCommand: diff`).
 */
import { BreakdownJson, CostJson, ResourceJson, breakdownOf, dec } from './infracost-json';
import { HOURS_PER_MONTH, round2, usd } from './prices';

/** The part of an earlier run `--diff` reads: project names and their resources' monthly costs. */
export interface OldRun {
  readonly projects: readonly { name: string; breakdown: { resources: readonly ResourceJson[]; totalMonthlyCost: string | null } }[];
}

export interface ResourceChange {
  readonly name: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly change: number;
  /** Components whose monthly cost moved: name, before, after. */
  readonly components: readonly { name: string; before: number | null; after: number | null }[];
}

export interface ProjectChange {
  readonly name: string;
  readonly before: number | null;
  readonly after: number | null;
  readonly change: number;
  readonly resources: readonly ResourceChange[];
}

const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads an earlier `--json` run; a clear error when the file is something else. */
export function readOldRun(text: string, path: string): OldRun {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`--diff ${path}: not JSON (${(e as Error).message}); npm run --silent cost -- --json > ${path} writes one`);
  }
  const ok = isRecord(doc) && Array.isArray(doc.projects) && doc.projects.every((p: unknown) =>
    isRecord(p) && typeof p.name === 'string' && isRecord(p.breakdown) && Array.isArray(p.breakdown.resources)
      && p.breakdown.resources.every((r: unknown) => isRecord(r) && typeof r.name === 'string'));
  if (!ok) throw new Error(`--diff ${path}: not a cost JSON (no projects[].breakdown.resources[]); npm run --silent cost -- --json > ${path} writes one`);
  return doc as unknown as OldRun;
}

const money = (s: string | null | undefined) => (s === null || s === undefined ? 0 : Number(s));

function resourceChange(before: ResourceJson | undefined, after: ResourceJson | undefined): ResourceChange {
  const b = before ? money(before.monthlyCost) : null;
  const a = after ? money(after.monthlyCost) : null;
  const names = [...new Set([...(before?.costComponents ?? []), ...(after?.costComponents ?? [])].map((c) => c.name))];
  const cost = (r: ResourceJson | undefined, n: string) => {
    const c = r?.costComponents?.filter((x) => x.name === n);
    return c && c.length ? round2(c.reduce((s, x) => s + money(x.monthlyCost), 0)) : null;
  };
  const components = names.map((n) => ({ name: n, before: cost(before, n), after: cost(after, n) })).filter((c) => c.before !== c.after);
  return { name: (after ?? before)!.name, before: b, after: a, change: round2((a ?? 0) - (b ?? 0)), components };
}

/** Per stack and per resource, what changed from `old` to `current` (unchanged resources left out). */
export function diffRuns(old: OldRun, current: CostJson): ProjectChange[] {
  const names = [...new Set([...current.projects.map((p) => p.name), ...old.projects.map((p) => p.name)])];
  return names.map((name) => {
    const before = old.projects.find((p) => p.name === name);
    const after = current.projects.find((p) => p.name === name);
    const rb = new Map((before?.breakdown.resources ?? []).map((r) => [r.name, r]));
    const ra = new Map((after?.breakdown.resources ?? []).map((r) => [r.name, r]));
    const resources = [...new Set([...ra.keys(), ...rb.keys()])]
      .map((r) => resourceChange(rb.get(r), ra.get(r)))
      .filter((c) => c.before !== c.after || c.components.length > 0)
      .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.name.localeCompare(y.name));
    const b = before ? money(before.breakdown.totalMonthlyCost) : null;
    const a = after ? money(after.breakdown.totalMonthlyCost) : null;
    return { name, before: b, after: a, change: round2((a ?? 0) - (b ?? 0)), resources };
  });
}

const signed = (n: number) => `${n < 0 ? '−' : '+'}${usd(Math.abs(n))}`;
const cell = (n: number | null) => (n === null ? '—' : usd(n));
const pct = (before: number | null, change: number) => (before ? ` (${change < 0 ? '−' : '+'}${Math.abs(Math.round((change / before) * 1000) / 10)} %)` : '');

/** The pull-request comment: a summary table of stacks, then each changed stack's resources. */
export function diffMarkdown(changes: readonly ProjectChange[]): string {
  const before = round2(changes.reduce((a, c) => a + (c.before ?? 0), 0));
  const after = round2(changes.reduce((a, c) => a + (c.after ?? 0), 0));
  const out = [
    '## Monthly cost change',
    '',
    `Average month under each stack's own scenario: ${usd(before)} → ${usd(after)} (${signed(round2(after - before))}).`,
    '',
    '| stack | before | after | change |',
    '| --- | ---: | ---: | ---: |',
    ...changes.map((c) => {
      const what = c.before === null ? ' (added)' : c.after === null ? ' (removed)' : '';
      return `| ${c.name}${what} | ${cell(c.before)} | ${cell(c.after)} | ${signed(c.change)}${pct(c.before, c.change)} |`;
    }),
  ];
  for (const c of changes.filter((x) => x.resources.length)) {
    out.push('', `### ${c.name}`, '', '| resource | before | after | change |', '| --- | ---: | ---: | ---: |');
    for (const r of c.resources) {
      const what = r.before === null ? ' (added)' : r.after === null ? ' (removed)' : '';
      out.push(`| \`${r.name}\`${what} | ${cell(r.before)} | ${cell(r.after)} | ${signed(r.change)} |`);
    }
    const moved = c.resources.filter((r) => r.before !== null && r.after !== null && r.components.length);
    if (moved.length) {
      out.push('', '<details><summary>Cost components that moved</summary>', '');
      for (const r of moved) for (const k of r.components) out.push(`- \`${r.name}\` ${k.name}: ${cell(k.before)} → ${cell(k.after)}`);
      out.push('', '</details>');
    }
  }
  if (changes.every((c) => c.change === 0 && !c.resources.length)) out.push('', 'No resource changed cost.');
  return `${out.join('\n')}\n`;
}

/** The current run in Infracost's diff shape: the old run as `pastBreakdown`, per-resource changes as `diff`. */
export function withPast(current: CostJson, old: OldRun): CostJson {
  const changes = diffRuns(old, current);
  const projects = current.projects.map((p) => {
    const before = old.projects.find((o) => o.name === p.name);
    const past: BreakdownJson = breakdownOf([...(before?.breakdown.resources ?? [])] as ResourceJson[]);
    const change = changes.find((c) => c.name === p.name)!;
    const diffResources = change.resources.map((r) => {
      const now = p.breakdown.resources.find((x) => x.name === r.name);
      const was = before?.breakdown.resources.find((x) => x.name === r.name);
      const usage = round2(money(now?.monthlyUsageCost) - money(was?.monthlyUsageCost));
      return { ...(now ?? was as ResourceJson), hourlyCost: dec(r.change / HOURS_PER_MONTH), monthlyCost: dec(r.change), monthlyUsageCost: dec(usage), costComponents: [] };
    });
    const diff = { ...breakdownOf(diffResources), totalMonthlyCost: dec(change.change), totalHourlyCost: dec(change.change / HOURS_PER_MONTH) };
    return { ...p, pastBreakdown: past, diff };
  });
  const pastMonthly = round2(projects.reduce((a, p) => a + money(p.pastBreakdown.totalMonthlyCost), 0));
  const pastUsage = round2(projects.reduce((a, p) => a + money(p.pastBreakdown.totalMonthlyUsageCost), 0));
  const diffMonthly = round2(money(current.totalMonthlyCost) - pastMonthly);
  return {
    ...current,
    metadata: { ...current.metadata, infracostCommand: 'diff' },
    projects,
    pastTotalHourlyCost: dec(pastMonthly / HOURS_PER_MONTH),
    pastTotalMonthlyCost: dec(pastMonthly),
    pastTotalMonthlyUsageCost: dec(pastUsage),
    diffTotalHourlyCost: dec(diffMonthly / HOURS_PER_MONTH),
    diffTotalMonthlyCost: dec(diffMonthly),
    diffTotalMonthlyUsageCost: dec(round2(money(current.totalMonthlyUsageCost) - pastUsage)),
  };
}
