import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import schema from './infracost-output.schema.json';
import { PROFILES } from '../../../src/config/profiles';
import { costUnderOwnScenario, toJson } from '../../../src/tools/cost';
import { diffMarkdown, diffRuns, readOldRun, withPast } from '../../../src/tools/cost/diff';
import { parseUsageFile } from '../../../src/tools/cost/usage-file';
import { run } from '../../../src/tools/cost/cli';
import { synthProfile } from '../simulate/support';

const cafe = synthProfile(PROFILES.cafe);
const alb = `aws_lb.${Object.keys(cafe.resource.aws_lb)[0]}`;
const before = toJson([costUnderOwnScenario('cafe', cafe)]);
const after = toJson([costUnderOwnScenario('cafe', cafe, undefined, { usage: parseUsageFile(`resource_usage:\n  ${alb}: { monthly_data_transfer_out_gb: 1000 }\n`, 'u.yml') })]);
const old = () => JSON.parse(JSON.stringify(before));
// The figures the diff must show: the month before and after, and the ALB's GB out at $0.09 going from its default to 1,000 GB.
const [was, now] = [Number(before.totalMonthlyCost), Number(after.totalMonthlyCost)];
const albWas = Number(before.projects[0].breakdown.resources.find((r) => r.name === alb)!.monthlyCost);
const outWas = Number(before.projects[0].breakdown.resources.find((r) => r.name === alb)!.costComponents.find((c) => c.name === 'GB out to the internet')!.monthlyCost);
const change = Math.round((90 - outWas) * 100) / 100;
const money = (n: number) => `$${n.toFixed(2)}`;
const row = `| cafe | ${money(was)} | ${money(now)} | −${money(-change)} (−${Math.round((-change / was) * 1000) / 10} %) |`;

describe('--diff: two runs compared, per resource and in total', () => {
  it('names the one resource that changed, its component, and the totals before and after', () => {
    const changes = diffRuns(old(), after);
    expect(now).toBeCloseTo(was + change, 2);
    expect(changes.map((c) => [c.name, c.before, c.after, c.change])).toEqual([['cafe', was, now, change]]);
    const albNow = Math.round((albWas + change) * 100) / 100;
    expect(changes[0].resources).toEqual([{ name: alb, before: albWas, after: albNow, change, components: [{ name: 'GB out to the internet', before: outWas, after: 90 }] }]);
    const md = diffMarkdown(changes);
    expect(md).toContain(`Average month under each stack's own scenario: ${money(was)} → ${money(now)} (−${money(-change)}).`);
    expect(md).toContain(row);
    expect(md).toContain(`| \`${alb}\` | ${money(albWas)} | ${money(albNow)} | −${money(-change)} |`);
    expect(md).toContain(`- \`${alb}\` GB out to the internet: ${money(outWas)} → $90.00`);
  });

  it('shows added and removed resources and stacks, and says when nothing changed', () => {
    const o = old();
    const removed = o.projects[0].breakdown.resources.pop();
    o.projects[0].breakdown.resources.push({ ...removed, name: 'aws_eip.gone', costComponents: [] });
    o.projects.push({ ...o.projects[0], name: 'retired' });
    const changes = diffRuns(o, before);
    const cafeChange = changes.find((c) => c.name === 'cafe')!;
    expect(cafeChange.resources.map((r) => [r.name, r.before === null, r.after === null])).toEqual(expect.arrayContaining([[removed.name, true, false], ['aws_eip.gone', false, true]]));
    const md = diffMarkdown(changes);
    expect(md).toContain(`| \`${removed.name}\` (added) | — |`);
    expect(md).toContain('| `aws_eip.gone` (removed) |');
    expect(md).toContain('| retired (removed) |');
    expect(diffMarkdown(diffRuns(old(), before))).toContain('No resource changed cost.');
  });

  it('with --json, writes Infracost\'s diff shape: the old run as pastBreakdown, per-resource changes as diff; it validates', () => {
    const d = withPast(after, old());
    expect(d.metadata.infracostCommand).toBe('diff');
    expect([d.pastTotalMonthlyCost, d.totalMonthlyCost, d.diffTotalMonthlyCost]).toEqual([String(was), String(now), String(change)]);
    expect(d.projects[0].diff.resources.map((r) => [r.name, r.monthlyCost])).toEqual([[alb, String(change)]]);
    expect(d.projects[0].pastBreakdown.totalMonthlyCost).toBe(String(was));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(JSON.parse(JSON.stringify(d))) ? [] : validate.errors).toEqual([]);
  });

  it('reads only a cost JSON, saying how to make one', () => {
    expect(() => readOldRun('{"stacks": {}}', 'old.json')).toThrow('--diff old.json: not a cost JSON (no projects[].breakdown.resources[]); npm run --silent cost -- --json > old.json writes one');
    expect(() => readOldRun('nope', 'old.json')).toThrow('--diff old.json: not JSON');
  });

  it('runs from the command line: npm run cost -- cafe --diff old.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'cost-diff-'));
    let out = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    try {
      mkdirSync(join(root, 'cdktf.out', 'stacks', 'cafe'), { recursive: true });
      writeFileSync(join(root, 'cdktf.out', 'stacks', 'cafe', 'cdk.tf.json'), JSON.stringify(cafe));
      writeFileSync(join(root, 'usage.yml'), `resource_usage:\n  ${alb}: { monthly_data_transfer_out_gb: 1000 }\n`);
      writeFileSync(join(root, 'old.json'), JSON.stringify(before));
      run(root, ['cafe', '--usage', 'usage.yml', '--diff', 'old.json']);
    } finally {
      write.mockRestore();
      rmSync(root, { recursive: true, force: true });
    }
    expect(process.exitCode).toBe(0);
    expect(out).toContain(row);
  });
});
