/**
 * `npm run cost [-- <stack>…] [--json] [--traffic <scenario>]`: prices each stack's synthesized
 * `cdktf.out/stacks/<stack>/cdk.tf.json` (synthesizing shipped profiles that are missing), prints a
 * table per stack (or the JSON with --json) and writes `deliverables/<stack>/cost.md`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { costUnderOwnScenario } from './own-scenario';
import { markdownReport, terminalReport, toJson } from './report';
import { TRAFFIC, trafficScenario } from './traffic';
import { stackJsonPath, synthesize, synthesizedStacks } from '../../util/synthesized';

const USAGE = `usage: npm run cost [-- <stack>…] [--json] [--traffic <${Object.keys(TRAFFIC).join('|')}>]
  Prices cdktf.out/stacks/<stack>/cdk.tf.json (every synthesized stack when none is named; synthesizes what is missing),
  writes deliverables/<stack>/cost.md; --json prints { <stack>: { baseline, scenario, peak } } only.
  Traffic: each stack's own scenario (its profile's: cafe tv-evening, ecommerce black-friday, lab/exercise load-test-day,
  fastier launch-week; or its stormproof_scenario output), the one simulate uses; --traffic prices another event on the same baseline.`;

export function parseArgs(argv: readonly string[]): { stacks: string[]; json: boolean; traffic: string | undefined } {
  const stacks: string[] = [];
  let json = false;
  let traffic: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
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
  return { stacks, json, traffic };
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
  const costs = wanted.map((s) => {
    const json = JSON.parse(readFileSync(jsonOf(s), 'utf8'));
    // One scenario per stack drives simulate and cost; --traffic prices another event on the same baseline.
    return costUnderOwnScenario(s, json, args.traffic);
  });
  for (const c of costs) {
    const dir = join(root, 'deliverables', c.stack);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cost.md'), markdownReport(c, `cdktf.out/stacks/${c.stack}/cdk.tf.json`));
  }
  if (args.json) process.stdout.write(`${JSON.stringify(toJson(costs), null, 2)}\n`);
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
