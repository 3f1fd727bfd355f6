import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from '../../../src/config/profiles';
import { costUnderOwnScenario, markdownReport, readStack } from '../../../src/tools/cost';
import type { Line, StackCost } from '../../../src/tools/cost';
import { parseUsageFile, writeUsageFile } from '../../../src/tools/cost/usage-file';
import { parseArgs, run } from '../../../src/tools/cost/cli';
import { synthProfile } from '../simulate/support';

const json = { cafe: synthProfile(PROFILES.cafe), ecommerce: synthProfile(PROFILES.ecommerce), exercise: synthProfile(PROFILES.exercise) };
type Name = keyof typeof json;
const priced = (name: Name, yaml?: string): StackCost => costUnderOwnScenario(name, json[name], undefined, yaml === undefined ? {} : { usage: parseUsageFile(yaml, 'usage.yml') });
const MONTHS = ['baseline', 'scenario', 'peak'] as const;
const addressOf = (name: Name, type: string, part: string) => Object.keys(json[name].resource[type]).map((n) => `${type}.${n}`).find((a) => a.includes(part))!;
/** Line-item rows of the three tables in cost.md (rows starting with a tier), in order. */
const itemRows = (c: StackCost) => {
  const md = markdownReport(c, 'x');
  return md.slice(md.indexOf('## Line items'), md.indexOf('## What would make it cheaper')).split('\n').filter((l) => /^\| (network|load-balancer|compute|data|edge|security|operations|delivery) \| /.test(l) && l.split('|').length === 7);
};

describe('usage file: overrides change exactly the lines they name', () => {
  const base = priced('cafe');
  const alb = addressOf('cafe', 'aws_lb', 'alb');

  it('sets the ALB\'s GB out for the average month, scales baseline and ceiling with it, and leaves every other line as it was', () => {
    const c = priced('cafe', `version: 0.1\nresource_usage:\n  ${alb}:\n    monthly_data_transfer_out_gb: 1000\n`);
    const named = (l: Line) => l.address === alb && l.unit === 'GB out to the internet';
    for (const m of MONTHS) {
      expect(JSON.stringify(c[m].lines.filter((l) => !named(l)))).toBe(JSON.stringify(base[m].lines.filter((l) => !named(l))));
      expect(c[m].lines.filter(named)).toHaveLength(1);
    }
    const scenario = c.scenario.lines.find(named)!;
    expect(scenario).toMatchObject({ quantity: 1000, unitPriceUsd: 0.09, monthlyUsd: 90, fromUsageFile: true });
    const ratio = 1000 / base.scenario.lines.find(named)!.quantity;
    expect(c.baseline.lines.find(named)!.quantity).toBeCloseTo(base.baseline.lines.find(named)!.quantity * ratio, 3);
    expect(c.peak.lines.find(named)!.quantity).toBeCloseTo(base.peak.lines.find(named)!.quantity * ratio, 3);
    expect(c.scenario.totalUsd).toBeCloseTo(base.scenario.totalUsd - base.scenario.lines.find(named)!.monthlyUsd + 90, 2);
    // In cost.md, the only line-item rows that differ are the three (baseline, scenario, peak) naming that line.
    const before = itemRows(base);
    const after = itemRows(c);
    expect(after).toHaveLength(before.length);
    const changed = after.filter((row, i) => row !== before[i]);
    expect(changed).toHaveLength(3);
    for (const row of changed) expect(row).toMatch(/load-balancer_alb \| [\d.]+ GB out to the internet ‡ \|/);
    expect(markdownReport(c, 'x')).toContain('- usage file `usage.yml`: quantities marked ‡');
  });

  it('applies a type default to every resource of the type, an address\'s own value winning, and takes addresses without the hash suffix', () => {
    const nats = Object.keys(json.cafe.resource.aws_nat_gateway).map((n) => `aws_nat_gateway.${n}`);
    const short = nats[1].replace(/_[0-9A-F]{8}$/, '');
    const file = [
      'resource_type_default_usage:',
      '  aws_nat_gateway: { monthly_data_processed_gb: 20 }',
      'resource_usage:',
      `  ${short}: { monthly_data_processed_gb: { scenario: 5, peak: 50 } }`,
    ];
    const c = priced('cafe', file.join('\n'));
    const gb = (a: string, m: (typeof MONTHS)[number]) => c[m].lines.find((l) => l.address === a && l.unit === 'GB processed')!.quantity;
    expect([gb(nats[0], 'scenario'), gb(nats[1], 'scenario'), gb(nats[1], 'peak')]).toEqual([20, 5, 50]);
    const untouched = (l: Line) => !(l.type === 'aws_nat_gateway' && l.unit === 'GB processed');
    for (const m of MONTHS) expect(c[m].lines.filter(untouched)).toEqual(base[m].lines.filter(untouched));
  });

  it('re-tiers CloudFront GB out: 15 TB from US/EU edges is 10 TB at $0.085 and 5 TB at $0.080', () => {
    const cdn = addressOf('exercise', 'aws_cloudfront_distribution', 'cdn');
    const c = priced('exercise', `resource_usage:\n  ${cdn}:\n    monthly_data_transfer_out_gb: ${15 * 1024}\n`);
    const gb = c.scenario.lines.filter((l) => l.address === cdn && l.unit.startsWith('GB out'));
    expect(gb.map((l) => [l.unit, l.quantity, l.unitPriceUsd, l.monthlyUsd])).toEqual([
      ['GB out (US/EU edges, first 10 TB)', 10240, 0.085, 870.4],
      ['GB out (US/EU edges, 10-50 TB)', 5120, 0.08, 409.6],
    ]);
    const requests = (x: StackCost) => x.scenario.lines.filter((l) => l.address === cdn && !l.unit.startsWith('GB out'));
    expect(requests(c)).toEqual(requests(priced('exercise')));
  });

  it('changes nothing when fed the defaults --write-usage prints (every stack, every month)', () => {
    for (const name of ['cafe', 'ecommerce', 'exercise'] as Name[]) {
      const c = priced(name);
      const file = writeUsageFile([{ stack: readStack(name, json[name]), scenario: c.scenario, scenarioName: c.traffic.name }]);
      expect(file).toMatch(/^# Usage file[^\n]*\nversion: 0\.1\n|\nversion: 0\.1\n/);
      const again = priced(name, file);
      const strip = (ls: readonly Line[]) => ls.map(({ fromUsageFile: _, ...l }) => l);
      for (const m of MONTHS) expect([name, m, strip(again[m].lines)]).toEqual([name, m, strip(c[m].lines)]);
      expect(again.scenario.lines.some((l) => l.fromUsageFile)).toBe(true);
    }
  });

  it('says what is wrong with a file, naming the field and the fix', () => {
    const alb2 = addressOf('ecommerce', 'aws_lb', 'alb');
    expect(() => parseUsageFile('resource_usage:\n  aws_lb.x: { monthly_gb: 3 }\n', 'u.yml'))
      .toThrow('u.yml: resource_usage.aws_lb.x.monthly_gb: unknown usage key for aws_lb; use monthly_lcu_hours, monthly_data_transfer_out_gb');
    expect(() => parseUsageFile('resource_usage:\n  aws_lb.x: { monthly_lcu_hours: -1 }\n', 'u.yml')).toThrow('u.yml: resource_usage.aws_lb.x.monthly_lcu_hours: give a number ≥ 0');
    expect(() => parseUsageFile('resource_usage:\n  aws_vpc.x: { storage_gb: 1 }\n', 'u.yml')).toThrow('aws_vpc takes no usage keys');
    expect(() => parseUsageFile('resources: {}\n', 'u.yml')).toThrow('unknown top-level key "resources"');
    expect(() => parseUsageFile('version: 0.1\n  : [\n', 'u.yml')).toThrow('u.yml: not valid YAML');
    // ecommerce's ALB is internal, behind CloudFront: nothing leaves it for the internet.
    expect(() => priced('ecommerce', `resource_usage:\n  ${alb2}: { monthly_data_transfer_out_gb: 5 }\n`))
      .toThrow(`usage.yml: ${alb2}.monthly_data_transfer_out_gb: this resource has no such line in ecommerce`);
    expect(() => parseArgs(['cafe', '--usage'])).toThrow('--usage needs a usage file');
    expect(parseArgs(['cafe', '--usage', 'u.yml', '--write-usage'])).toMatchObject({ stacks: ['cafe'], usage: 'u.yml', writeUsage: true });
  });

  it('reads JSON as well (YAML is a superset of it)', () => {
    const c = priced('cafe', JSON.stringify({ version: '0.1', resource_usage: { [alb]: { monthly_lcu_hours: 100 } } }));
    expect(c.scenario.lines.find((l) => l.address === alb && l.unit === 'LCU-hour')).toMatchObject({ quantity: 100, monthlyUsd: 0.8 });
  });
});

describe('npm run cost -- <stack> --write-usage / --usage', () => {
  const capture = (root: string, argv: string[]) => {
    let out = '';
    let err = '';
    const o = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const e = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      run(root, argv);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    const code = process.exitCode;
    process.exitCode = 0;
    return { out, err, code };
  };

  it('prints the defaults as a starting file, which priced back gives the same cost.md line items', () => {
    const root = mkdtempSync(join(tmpdir(), 'cost-usage-'));
    try {
      mkdirSync(join(root, 'cdktf.out', 'stacks', 'cafe'), { recursive: true });
      writeFileSync(join(root, 'cdktf.out', 'stacks', 'cafe', 'cdk.tf.json'), JSON.stringify(json.cafe));
      const written = capture(root, ['cafe', '--write-usage']);
      expect(written.code).toBe(0);
      expect(written.out).toContain('resource_usage:\n  # cafe (scenario tv-evening)\n');
      capture(root, ['cafe']);
      const plain = readFileSync(join(root, 'deliverables', 'cafe', 'cost.md'), 'utf8');
      writeFileSync(join(root, 'usage.yml'), written.out);
      expect(capture(root, ['cafe', '--usage', 'usage.yml']).code).toBe(0);
      const withFile = readFileSync(join(root, 'deliverables', 'cafe', 'cost.md'), 'utf8');
      const items = (md: string) => md.slice(md.indexOf('## Line items'), md.indexOf('## What would make it cheaper')).replace(/ ‡/g, '');
      expect(items(withFile)).toBe(items(plain));
      expect(capture(root, ['cafe', '--usage', 'nope.yml']).err).toContain('--usage nope.yml: no such file (npm run --silent cost -- <stack> --write-usage > nope.yml writes the defaults)');
      writeFileSync(join(root, 'bad.yml'), 'resource_usage:\n  aws_lb.nowhere: { monthly_lcu_hours: 1 }\n');
      expect(capture(root, ['cafe', '--usage', 'bad.yml']).err).toContain('bad.yml: resource_usage names aws_lb.nowhere, in none of cafe');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
