/**
 * The usage file the user controls (`npm run cost -- <stack> --usage usage.yml`), modelled on Infracost's
 * `infracost-usage.yml`: `resource_usage` keyed by resource address (the full one, or without its hash suffix when
 * that is unique) and `resource_type_default_usage` keyed by resource type, each a map of usage keys (GB out,
 * requests, log GB, backup GB, instance-hours) to the average month's quantity. A key sets exactly the lines it
 * names (USAGE_KEYS says which) and nothing else; the quiet baseline month and the ceiling scale with it unless
 * the value gives them: `{ baseline, scenario, peak }`. `--write-usage` prints the defaults as a starting file.
 */
import { parse as parseYaml } from 'yaml';
import { EdgeRegion, tieredGbOut } from './cloudfront';
import { Line, MODES, Mode, MonthCost, line, round } from './line';
import { round2 } from './prices';
import { AUTO_MODE_POOL_TYPE, Resource, Stack } from './stack';

const FLEET_TYPES = ['aws_autoscaling_group', 'aws_eks_node_group', 'aws_elastic_beanstalk_environment', AUTO_MODE_POOL_TYPE];

/** One usage key: which resource types take it, the lines it sets, and how its value maps onto them. */
export interface UsageKey {
  readonly key: string;
  readonly types: readonly string[];
  /** What the value counts, as the starting file says it (by resource type where types differ). */
  readonly unit: string | Readonly<Record<string, string>>;
  /** The lines of a resource the key sets (by unit). */
  readonly sets: (l: Line) => boolean;
  /** The key's value from the lines it sets (the default the starting file prints). */
  readonly valueOf: (lines: readonly Line[]) => number;
  /** What replaces each of `lines` (in order) for `value`: usually one line at the same price, a volume-tiered line several. */
  readonly apply: (r: Resource, lines: readonly Line[], value: number) => Line[][];
}

const total = (lines: readonly Line[]) => lines.reduce((a, l) => a + l.quantity, 0);
const withQuantity = (l: Line, quantity: number): Line => {
  const q = round(quantity, 4);
  return { ...l, quantity: q, monthlyUsd: round2(q * l.unitPriceUsd), fromUsageFile: true };
};
/** Sets one line (or several in proportion) to `value × scale` in the line's unit. */
const proportional = (scale: number) => (_r: Resource, lines: readonly Line[], value: number): Line[][] => {
  const sum = total(lines);
  return lines.map((l) => [withQuantity(l, lines.length === 1 || sum === 0 ? (value * scale) / lines.length : (value * scale * l.quantity) / sum)]);
};
const unitStarts = (...prefixes: string[]) => (l: Line) => prefixes.some((p) => l.unit.startsWith(p));

/** CloudFront GB out: the new total keeps each edge region's share and is split over that region's volume tiers again. */
function cdnGbOut(r: Resource, lines: readonly Line[], value: number): Line[][] {
  const sum = total(lines);
  const out: Line[][] = lines.map(() => []);
  for (const edge of ['usEu', 'other'] as EdgeRegion[]) {
    const where = edge === 'usEu' ? 'US/EU edges' : 'other edges';
    const mine = lines.filter((l) => l.unit.includes(`(${where},`));
    if (!mine.length) continue;
    const gb = sum === 0 ? value / 2 : (value * total(mine)) / sum;
    // The edge region's tiers take the place of its first old tier line.
    out[lines.indexOf(mine[0])] = tieredGbOut(edge, gb).map((t) => ({ ...line(r, 'edge', t.gb, `GB out (${where}, ${t.label})`, t.price, false), fromUsageFile: true as const }));
  }
  return out;
}

/** Fleets: instance-hours, and the root volumes and detailed monitoring that follow them. */
function fleetHours(_r: Resource, lines: readonly Line[], value: number): Line[][] {
  const hours = lines.find((l) => l.unit.startsWith('instance-hour'));
  const ratio = hours && hours.quantity > 0 ? value / hours.quantity : 0;
  return lines.map((l) => [l === hours ? withQuantity(l, value) : withQuantity(l, l.quantity * ratio)]);
}

export const USAGE_KEYS: readonly UsageKey[] = [
  {
    key: 'monthly_instance_hours', types: FLEET_TYPES, unit: 'instance-hours (its root-volume GB-months and detailed-monitoring months follow)',
    sets: unitStarts('instance-hour', 'GB-month gp3 root volumes', 'instance-month of detailed monitoring'),
    valueOf: (ls) => total(ls.filter((l) => l.unit.startsWith('instance-hour'))), apply: fleetHours,
  },
  { key: 'monthly_data_processed_gb', types: ['aws_nat_gateway'], unit: 'GB processed', sets: unitStarts('GB processed'), valueOf: total, apply: proportional(1) },
  { key: 'monthly_lcu_hours', types: ['aws_lb'], unit: 'LCU-hours', sets: unitStarts('LCU-hour'), valueOf: total, apply: proportional(1) },
  {
    key: 'monthly_data_transfer_out_gb', types: ['aws_lb', 'aws_cloudfront_distribution'],
    unit: { aws_lb: 'GB out to the internet', aws_cloudfront_distribution: 'GB out from the edges (split over the volume tiers again)' },
    sets: unitStarts('GB out'), valueOf: total, apply: (r, ls, v) => (r.type === 'aws_cloudfront_distribution' ? cdnGbOut(r, ls, v) : proportional(1)(r, ls, v)),
  },
  {
    key: 'monthly_requests', types: ['aws_cloudfront_distribution', 'aws_wafv2_web_acl', 'aws_sqs_queue'],
    unit: { aws_cloudfront_distribution: 'HTTPS requests at the edges', aws_wafv2_web_acl: 'requests inspected', aws_sqs_queue: 'SQS API requests (send, receive, delete, polls)' },
    sets: unitStarts('10,000 HTTPS requests', 'million requests'),
    valueOf: (ls) => total(ls) * (ls[0]?.unit.startsWith('10,000') ? 1e4 : 1e6),
    apply: (r, ls, v) => proportional(ls[0]?.unit.startsWith('10,000') ? 1e-4 : 1e-6)(r, ls, v),
  },
  { key: 'monthly_data_ingested_gb', types: ['aws_cloudwatch_log_group'], unit: 'GB of logs ingested', sets: unitStarts('GB ingested'), valueOf: total, apply: proportional(1) },
  {
    key: 'storage_gb', types: ['aws_cloudwatch_log_group', 'aws_s3_bucket', 'aws_backup_vault'],
    unit: { aws_cloudwatch_log_group: 'GB-months of logs stored (compressed)', aws_s3_bucket: 'GB-months in S3 Standard', aws_backup_vault: 'GB-months of warm backups' },
    sets: unitStarts('GB-month stored', 'GB-month S3 Standard', 'GB-month warm backup storage'), valueOf: total, apply: proportional(1),
  },
  {
    key: 'additional_backup_storage_gb', types: ['aws_db_instance'], unit: 'GB-months of RDS backups beyond the free allowance',
    sets: unitStarts('GB-month backup storage'), valueOf: total, apply: proportional(1),
  },
  { key: 'monthly_build_mins', types: ['aws_codebuild_project'], unit: 'build minutes', sets: unitStarts('build-minute'), valueOf: total, apply: proportional(1) },
];

/** A value: the average month's quantity, or some months given. */
export type UsageValue = number | Partial<Record<Mode, number>>;
export interface UsageFile {
  /** Where it came from, for messages. */
  readonly path: string;
  readonly byAddress: Readonly<Record<string, Readonly<Record<string, UsageValue>>>>;
  readonly byType: Readonly<Record<string, Readonly<Record<string, UsageValue>>>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkValue(where: string, v: unknown): UsageValue {
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (ok(v)) return v as number;
  if (isRecord(v) && Object.keys(v).length > 0 && Object.entries(v).every(([k, n]) => (MODES as readonly string[]).includes(k) && ok(n))) return v as UsageValue;
  throw new Error(`${where}: give a number ≥ 0 (the average month's quantity) or { baseline, scenario, peak } with numbers ≥ 0, not ${JSON.stringify(v)}`);
}

/** Reads a usage file's text (YAML, or JSON, which is YAML too); a clear error naming the field otherwise. */
export function parseUsageFile(text: string, path: string): UsageFile {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new Error(`${path}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(doc)) throw new Error(`${path}: expected a map with version, resource_usage and/or resource_type_default_usage (npm run cost -- <stack> --write-usage prints one)`);
  const unknown = Object.keys(doc).filter((k) => !['version', 'resource_usage', 'resource_type_default_usage'].includes(k));
  if (unknown.length) throw new Error(`${path}: unknown top-level key ${unknown.map((k) => `"${k}"`).join(', ')}: use version, resource_usage, resource_type_default_usage`);
  if (doc.version !== undefined && String(doc.version) !== '0.1') throw new Error(`${path}: version ${JSON.stringify(doc.version)} is not supported: use 0.1`);
  const section = (name: 'resource_usage' | 'resource_type_default_usage') => {
    const s = doc[name] ?? {};
    if (!isRecord(s)) throw new Error(`${path}: ${name} must be a map of ${name === 'resource_usage' ? 'resource address' : 'resource type'} → usage keys`);
    return Object.fromEntries(Object.entries(s).map(([target, keys]) => {
      if (!isRecord(keys)) throw new Error(`${path}: ${name}.${target} must be a map of usage keys to numbers`);
      const type = name === 'resource_usage' ? target.split('.')[0] : target;
      const known = USAGE_KEYS.filter((k) => k.types.includes(type));
      if (!known.length) throw new Error(`${path}: ${name}.${target}: ${type} takes no usage keys (usage-based types: ${[...new Set(USAGE_KEYS.flatMap((k) => k.types))].sort().join(', ')})`);
      return [target, Object.fromEntries(Object.entries(keys).map(([k, v]) => {
        if (!known.some((u) => u.key === k)) throw new Error(`${path}: ${name}.${target}.${k}: unknown usage key for ${type}; use ${known.map((u) => u.key).join(', ')}`);
        return [k, checkValue(`${path}: ${name}.${target}.${k}`, v)];
      }))];
    }));
  };
  return { path, byAddress: section('resource_usage'), byType: section('resource_type_default_usage') };
}

/** The full address a usage-file address means in `stack`: itself, or the one address it names without its hash suffix. */
function resolveAddress(stack: Stack, address: string): string | undefined {
  if (stack.byAddress(address)) return address;
  const hits = stack.resources.filter((r) => r.address.replace(/_[0-9A-F]{8}$/, '') === address);
  if (hits.length > 1) throw new Error(`usage file: ${address} matches ${hits.map((h) => h.address).join(', ')} in ${stack.name}: use the full address`);
  return hits[0]?.address;
}

/** The addresses of the file that name no resource of any of `stacks` (each is an error). */
export function unknownAddresses(usage: UsageFile, stacks: readonly Stack[]): string[] {
  return Object.keys(usage.byAddress).filter((a) => stacks.every((s) => !resolveAddress(s, a)));
}

const monthValue = (v: UsageValue, mode: Mode, defaults: Record<Mode, number>): number => {
  if (typeof v === 'number') {
    if (mode === 'scenario' || defaults.scenario === 0) return v;
    return (v * defaults[mode]) / defaults.scenario;
  }
  if (v[mode] !== undefined) return v[mode] as number;
  // Months not given scale with the given one (the scenario's, else the first given).
  const given = (['scenario', 'baseline', 'peak'] as Mode[]).find((m) => v[m] !== undefined) as Mode;
  return defaults[given] === 0 ? (v[given] as number) : ((v[given] as number) * defaults[mode]) / defaults[given];
};

/**
 * The months with the file's usage applied: each key replaces exactly the lines it sets on the resources it names
 * (an address's keys over its type's); every other line is the same object as before. Totals are summed again.
 */
export function applyUsage(stack: Stack, months: Readonly<Record<Mode, MonthCost>>, usage: UsageFile): Record<Mode, MonthCost> {
  const wanted = new Map<string, Record<string, UsageValue>>();
  const explicit = new Set<string>();
  for (const r of stack.resources) {
    const byType = usage.byType[r.type];
    if (byType) wanted.set(r.address, { ...byType });
  }
  for (const [a, keys] of Object.entries(usage.byAddress)) {
    const full = resolveAddress(stack, a);
    if (!full) continue;
    wanted.set(full, { ...(wanted.get(full) ?? {}), ...keys });
    for (const k of Object.keys(keys)) explicit.add(`${full} ${k}`);
  }
  const next = { ...months } as Record<Mode, MonthCost>;
  for (const [address, keys] of wanted) {
    const r = stack.byAddress(address) as Resource;
    for (const [k, v] of Object.entries(keys)) {
      const key = USAGE_KEYS.find((u) => u.key === k && u.types.includes(r.type)) as UsageKey;
      const setOf = (m: Mode) => next[m].lines.filter((l) => l.address === address && key.sets(l));
      if (!setOf('scenario').length) {
        // A type default skips resources without such lines; an address naming one is a mistake worth saying.
        if (!explicit.has(`${address} ${k}`)) continue;
        const why = '(an internal ALB or one behind CloudFront sends nothing to the internet; a replica keeps no backups)';
        throw new Error(`${usage.path}: ${address}.${k}: this resource has no such line in ${stack.name} ${why}: remove the key`);
      }
      const defaults = Object.fromEntries(MODES.map((m) => [m, key.valueOf(setOf(m))])) as Record<Mode, number>;
      for (const m of MODES) {
        const old = setOf(m);
        if (!old.length) continue;
        const replaced = key.apply(r, old, monthValue(v, m, defaults));
        const lines = next[m].lines.flatMap((l) => (old.includes(l) ? replaced[old.indexOf(l)] : [l]));
        next[m] = { lines, totalUsd: round2(lines.reduce((a, l) => a + l.monthlyUsd, 0)) };
      }
    }
  }
  return next;
}

const fmt = (n: number) => String(round(n, 4));

/** The starting usage file of some priced stacks: every usage key of every resource, at the scenario month's value. */
export function writeUsageFile(priced: readonly { stack: Stack; scenario: MonthCost; scenarioName: string }[]): string {
  const out = [
    '# Usage file for npm run cost -- <stack> --usage <this file> (Infracost-style: resource_usage by address, resource_type_default_usage by type).',
    '# Each value is the average month\'s quantity under the stack\'s scenario; the quiet baseline month and the ceiling scale with it.',
    '# Give { baseline: …, scenario: …, peak: … } to set months yourself. A key sets only the lines it names; delete what you keep.',
    'version: 0.1',
    'resource_type_default_usage: {}',
    '# e.g.  aws_nat_gateway: { monthly_data_processed_gb: 20 }',
    'resource_usage:',
  ];
  for (const { stack, scenario, scenarioName } of priced) {
    out.push(`  # ${stack.name} (scenario ${scenarioName})`);
    for (const r of stack.resources) {
      const keys = USAGE_KEYS.filter((k) => k.types.includes(r.type))
        .map((k) => ({ k, lines: scenario.lines.filter((l) => l.address === r.address && k.sets(l)) }))
        .filter((x) => x.lines.length > 0);
      if (!keys.length) continue;
      out.push(`  ${r.address}:`);
      for (const { k, lines } of keys) out.push(`    ${k.key}: ${fmt(k.valueOf(lines))}  # ${typeof k.unit === 'string' ? k.unit : k.unit[r.type]}`);
    }
  }
  return `${out.join('\n')}\n`;
}
