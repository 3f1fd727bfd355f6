/**
 * npm run deliverables [-- <stack>…] [--plan <plan.json>] [--state <terraform.tfstate> [--live]] [--compare <stack>]
 *                      [--readme] [--no-png] [--synth-dir <dir>] [--out <dir>]
 * Writes deliverables/<stack>/ for every synthesized stack (or those named). --readme refreshes the
 * pictures the README embeds (deliverables/readme/overview.svg and network.svg) from a fresh synth of README_STACK.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { synthesize, synthesizedStacks } from '../../util/synthesized';
import { generate } from './index';

/** The richest profile: its overview and network views are the ones README.md and docs/architecture.md embed. */
export const README_STACK = 'ecommerce';
export const README_VIEWS = ['overview', 'network'] as const;
export const README_PICTURES = README_VIEWS.map((v) => join('deliverables', 'readme', `${v}.svg`));

export interface CliArgs {
  stacks: string[];
  plan?: string;
  state?: string;
  live: boolean;
  compare: string[];
  readme: boolean;
  png: boolean;
  synthDir: string;
  outDir: string;
}

const USAGE = 'usage: npm run deliverables [-- <stack>…] [--plan <plan.json>] [--state <terraform.tfstate> [--live]] [--compare <stack>] [--readme] [--no-png]';

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { stacks: [], compare: [], live: false, readme: false, png: true, synthDir: 'cdktf.out', outDir: 'deliverables' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--plan') args.plan = value();
    else if (a === '--state') args.state = value();
    else if (a === '--compare') args.compare.push(value());
    else if (a === '--readme') args.readme = true;
    else if (a === '--live') args.live = true;
    else if (a === '--no-png') args.png = false;
    else if (a === '--synth-dir') args.synthDir = value();
    else if (a === '--out') args.outDir = value();
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else args.stacks.push(a);
  }
  for (const c of args.compare) if (args.stacks.length && !args.stacks.includes(c)) args.stacks.push(c);
  if ((args.plan || args.state) && args.stacks.length !== 1) {
    throw new Error(`--plan and --state describe one stack: name it (e.g. npm run deliverables -- cafe --state terraform.tfstate)`);
  }
  if (args.live && !args.state) throw new Error('--live asks AWS about what a state holds: add --state <terraform.tfstate>');
  return args;
}

/** The command (scripts/tool.mjs runs it from the repository root); synthesizes first when stacks are missing. */
export async function main(argv: readonly string[], log = (l: string) => process.stdout.write(`${l}\n`)): Promise<number> {
  const args = parseArgs(argv);
  const root = process.cwd();
  const started = performance.now();
  if (args.readme) {
    // Always from a fresh synth: the committed picture must match the sources.
    synthesize(root, { profiles: [README_STACK], outdir: args.synthDir });
    const r = await generate(README_STACK, { synthDir: args.synthDir, outDir: args.outDir, png: false });
    mkdirSync(join(args.outDir, 'readme'), { recursive: true });
    for (const v of README_VIEWS) {
      copyFileSync(join(args.outDir, README_STACK, `${v}.svg`), join(args.outDir, 'readme', `${v}.svg`));
      log(`${join(args.outDir, 'readme', `${v}.svg`)}: refreshed from ${README_STACK} (${r.model.resources.length} resources)`);
    }
    return 0;
  }
  let have = synthesizedStacks(root, args.synthDir);
  if (!have.length || args.stacks.some((s) => !have.includes(s))) {
    log(`synthesizing first (${args.synthDir}/stacks has ${have.length ? `no ${args.stacks.filter((s) => !have.includes(s)).join(', ')}` : 'no stacks'})`);
    synthesize(root, { outdir: args.synthDir });
    have = synthesizedStacks(root, args.synthDir);
  }
  const missing = args.stacks.filter((s) => !have.includes(s));
  if (missing.length) throw new Error(`no synthesized stack ${missing.join(', ')} in ${args.synthDir}/stacks (have: ${have.join(', ') || 'none'}): check the name or your STORMPROOF_PROFILES`);
  const stacks = args.stacks.length ? args.stacks : have;
  // All stacks at once: one stack's pictures rasterize on worker threads while the next one's documents are built.
  const results = await Promise.all(
    stacks.map((stack) =>
      generate(stack, {
        synthDir: args.synthDir,
        outDir: args.outDir,
        planFile: args.plan,
        stateFile: args.state,
        live: args.live,
        compare: args.compare.includes(stack),
        png: args.png,
      }),
    ),
  );
  for (const r of results) {
    const stack = r.stack;
    const unmapped = r.model.unmappedRules.length ? `; ${r.model.unmappedRules.length} security-group rule(s) with no drawn resource on one side` : '';
    log(
      `${stack}: ${r.files.map((f) => relative(args.outDir, f).split('/').pop()).join(', ')} in ${(r.totalMs / 1000).toFixed(2)} s (diagram ${(r.diagramMs / 1000).toFixed(2)} s, ${r.model.nodes.length} nodes, ${r.model.edges.length} edges${unmapped})`,
    );
  }
  log(`deliverables for ${stacks.length} stack(s) in ${args.outDir}/ in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return 0;
}
