/**
 * `npm run cost [-- <stack>…] [--json] [--traffic <scenario>] [--usage <file.yml>] [--write-usage]`: prices each
 * stack's synthesized `cdktf.out/stacks/<stack>/cdk.tf.json` (synthesizing shipped profiles that are missing),
 * prints a table per stack (or the JSON with --json) and writes `deliverables/<stack>/cost.md`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { costUnderOwnScenario } from './own-scenario';
import { readStack } from './stack';
import { UsageFile, parseUsageFile, unknownAddresses, writeUsageFile } from './usage-file';
import { markdownReport, terminalReport } from './report';
import { toJson } from './infracost-json';
import { diffMarkdown, diffRuns, readOldRun, withPast } from './diff';
import { TRAFFIC, trafficScenario } from './traffic';
import { stackJsonPath, synthesize, synthesizedStacks } from '../../util/synthesized';

const USAGE = `usage: npm run cost [-- <stack>…] [--json] [--traffic <${Object.keys(TRAFFIC).join('|')}>] [--usage <file.yml>] [--write-usage] [--diff <old.json>] [--free-tier]
  Prices cdktf.out/stacks/<stack>/cdk.tf.json (every synthesized stack when none is named; synthesizes what is missing),
  writes deliverables/<stack>/cost.md; --json prints only the JSON, in infracost breakdown --format json's shape
  (projects → breakdown.resources → costComponents; our extras under "stormproof").
  --usage reads an Infracost-style usage file (resource_usage by address, resource_type_default_usage by type: GB out,
  requests, log GB, backup GB, instance-hours); each key sets only the lines it names. --write-usage prints the
  defaults as a starting file (npm run --silent cost -- cafe --write-usage > usage.yml). --diff compares with an earlier
  --json run, per stack and resource, as a pull-request comment (with --json: Infracost's diff shape). --free-tier adds
  the baseline and average month with AWS's always-free allowances taken off (per account: 100 GB out, CloudFront 1 TB
  and 10 M requests, 1 M SQS requests, 10 alarms, 10 metrics, 3 dashboards, 5 GB logs, CodeBuild/CodePipeline minutes).
  Traffic: each stack's own scenario (its profile's: cafe tv-evening, ecommerce black-friday, lab/exercise load-test-day,
  fastier launch-week; or its stormproof_scenario output), the one simulate uses; --traffic prices another event on the same baseline.`;

export interface CostArgs {
  stacks: string[];
  json: boolean;
  traffic: string | undefined;
  /** Path of the usage file (--usage). */
  usage: string | undefined;
  /** Print the default usage file instead of pricing (--write-usage). */
  writeUsage: boolean;
  /** An earlier --json run to compare with (--diff). */
  diff: string | undefined;
  /** Also price the months with the always-free allowances (--free-tier). */
  freeTier: boolean;
}

export function parseArgs(argv: readonly string[]): CostArgs {
  const stacks: string[] = [];
  let json = false;
  let writeUsage = false;
  let freeTier = false;
  let traffic: string | undefined;
  let usage: string | undefined;
  let diff: string | undefined;
  const valueOf = (flag: string, i: number, what: string) => {
    const next = argv[i];
    if (!next || next.startsWith('--')) throw new Error(`${flag} needs ${what}`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--write-usage') writeUsage = true;
    else if (a === '--free-tier') freeTier = true;
    else if (a === '--usage') usage = valueOf(a, ++i, 'a usage file (YAML or JSON): npm run --silent cost -- <stack> --write-usage > usage.yml writes one');
    else if (a.startsWith('--usage=')) usage = a.slice('--usage='.length);
    else if (a === '--diff') diff = valueOf(a, ++i, 'an earlier run: npm run --silent cost -- --json > old.json');
    else if (a.startsWith('--diff=')) diff = a.slice('--diff='.length);
    else if (a === '--traffic') {
      const next = argv[++i];
      if (!next) throw new Error(`--traffic needs a scenario: one of ${Object.keys(TRAFFIC).join(', ')}`);
      traffic = next;
    } else if (a.startsWith('--traffic=')) traffic = a.slice('--traffic='.length);
    else if (a === '-h' || a === '--help') throw Object.assign(new Error(USAGE), { help: true });
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else stacks.push(a);
  }
  if (traffic !== undefined) trafficScenario(traffic);
  return { stacks, json, traffic, usage, writeUsage, diff, freeTier };
}

function readUsage(root: string, path: string | undefined): UsageFile | undefined {
  if (path === undefined) return undefined;
  const full = join(root, path);
  if (!existsSync(full)) throw new Error(`--usage ${path}: no such file (npm run --silent cost -- <stack> --write-usage > ${path} writes the defaults)`);
  return parseUsageFile(readFileSync(full, 'utf8'), path);
}

function priceStacks(root: string, argv: readonly string[]): number {
  const args = parseArgs(argv);
  const jsonOf = (s: string) => stackJsonPath(root, s);
  let present = synthesizedStacks(root);
  if (!args.stacks.length && !present.length) {
    // Nothing synthesized yet: synthesize the app (every profile, or the user's config) as `npm run synth` would.
    process.stderr.write('cost: synthesizing (no cdktf.out/stacks yet)\n');
    synthesize(root);
    present = synthesizedStacks(root);
  }
  const wanted = args.stacks.length ? args.stacks : present;
  const missing = wanted.filter((s) => !existsSync(jsonOf(s)));
  if (missing.length) {
    // On stderr, as synth's own output, so --json stays clean. The app knows its stacks (profiles or the user's config).
    process.stderr.write(`cost: synthesizing ${missing.join(', ')} (no cdk.tf.json yet)\n`);
    try {
      synthesize(root, { profiles: missing });
    } catch {
      // The app's refusal (an unknown name) is already on stderr; the check below names what is still missing.
    }
    const unknown = missing.filter((s) => !existsSync(jsonOf(s)));
    if (unknown.length) {
      const names = unknown.map((u) => `"${u}"`).join(', ');
      throw new Error(`no synthesized stack ${names} in cdktf.out/stacks and synth did not produce it: check the name (npm run synth lists the stacks) or run npx cdktf synth for your own app`);
    }
  }
  const usage = readUsage(root, args.usage);
  const jsons = wanted.map((s) => JSON.parse(readFileSync(jsonOf(s), 'utf8')));
  if (usage) {
    const unknown = unknownAddresses(usage, wanted.map((s, i) => readStack(s, jsons[i])));
    if (unknown.length) throw new Error(`${usage.path}: resource_usage names ${unknown.join(', ')}, in none of ${wanted.join(', ')} (addresses as --write-usage prints them)`);
  }
  // One scenario per stack drives simulate and cost; --traffic prices another event on the same baseline.
  const costs = wanted.map((s, i) => costUnderOwnScenario(s, jsons[i], args.traffic, { usage, freeTier: args.freeTier }));
  if (args.writeUsage) {
    process.stdout.write(writeUsageFile(costs.map((c, i) => ({ stack: readStack(c.stack, jsons[i]), scenario: c.scenario, scenarioName: c.traffic.name }))));
    return 0;
  }
  for (const c of costs) {
    const dir = join(root, 'deliverables', c.stack);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cost.md'), markdownReport(c, `cdktf.out/stacks/${c.stack}/cdk.tf.json`));
  }
  const stacks = new Map(wanted.map((s, i) => [s, readStack(s, jsons[i])]));
  const regionOf = (stack: string, address: string) => stacks.get(stack)?.byAddress(address)?.region ?? '';
  const json = toJson(costs, regionOf);
  if (args.diff !== undefined) {
    const path = join(root, args.diff);
    if (!existsSync(path)) throw new Error(`--diff ${args.diff}: no such file (npm run --silent cost -- --json > ${args.diff} writes one)`);
    const old = readOldRun(readFileSync(path, 'utf8'), args.diff);
    process.stdout.write(args.json ? `${JSON.stringify(withPast(json, old), null, 2)}\n` : diffMarkdown(diffRuns(old, json)));
  } else if (args.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  else {
    process.stdout.write(`${costs.map(terminalReport).join('\n\n')}\n\n`);
    process.stdout.write(`reports: ${costs.map((c) => `deliverables/${c.stack}/cost.md`).join(', ')}\n`);
  }
  return 0;
}

/** The command (scripts/tool.mjs runs it from the repository root). */
export function main(argv: readonly string[]): void {
  run(process.cwd(), argv);
}

/** Runs the CLI from the repository root; exits 1 with the message on a bad argument or stack. */
export function run(root: string, argv: readonly string[]): void {
  try {
    process.exitCode = priceStacks(root, argv);
  } catch (e) {
    const err = e as Error & { help?: boolean };
    process.stderr.write(`${err.help ? '' : 'cost: '}${err.message}\n`);
    process.exitCode = err.help ? 0 : 1;
  }
}
