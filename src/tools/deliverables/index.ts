/**
 * Writes `deliverables/<stack>/` for one synthesized stack: the views (overview, network, data, delivery where
 * present; .svg and .png), design.md, inventory.json/.md, migration.md, before-after.svg/.md for the profiles that
 * start from one server (or with --compare), and with a plan / state also the plan summary and proofs.md.
 * Pure functions live in the sibling modules; this one only reads and writes files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { designMarkdown } from './design';
import { beforeAfterDot, beforeAfterMarkdown, startsFromOneServer } from './before-after';
import { buildInventory, inventoryMarkdown } from './inventory';
import { ArchitectureModel, buildModel } from './model';
import { summarizePlan } from './plan';
import { liveFacts, liveMarkdown } from './live';
import { proofsMarkdown, readState } from './proofs';
import { migrationMarkdown } from './migration';
import { renderSvg, svgToPngAsync } from './render';
import { ViewName, renderViews, svgSize } from './views';
import { parseStack } from './tfjson';

export interface GenerateOptions {
  /** Folder holding `stacks/<stack>/cdk.tf.json` (default `cdktf.out`). */
  readonly synthDir: string;
  /** Folder the deliverables go to (default `deliverables`); each stack gets a subfolder. */
  readonly outDir: string;
  readonly planFile?: string;
  readonly stateFile?: string;
  /** With a state: also ask AWS for instances by AZ, registered targets, and probe the ALB's DNS name. */
  readonly live?: boolean;
  /** Also draw the single-server starting point beside the stack (before-after.svg) where the profile does not already. */
  readonly compare?: boolean;
  /** Skip the PNG (the SVG is the source; resvg adds ~0.1-0.3 s per stack). */
  readonly png?: boolean;
}

export interface GenerateResult {
  readonly stack: string;
  readonly files: string[];
  readonly model: ArchitectureModel;
  readonly diagramMs: number;
  readonly totalMs: number;
}

const readJson = (file: string, what: string) => {
  if (!existsSync(file)) throw new Error(`${what} ${file} does not exist`);
  return parseStack(readFileSync(file, 'utf8'), file);
};

export function stackFile(synthDir: string, stack: string): string {
  return join(synthDir, 'stacks', stack, 'cdk.tf.json');
}

/** The views of a stack's JSON as SVG (deterministic). */
export async function architectureViews(stack: string, json: any): Promise<{ views: { name: ViewName; svg: string }[]; model: ArchitectureModel }> {
  const model = buildModel(stack, json);
  return { views: await renderViews(model), model };
}

/** A PNG readable at 1600 px wide: 1.25x the SVG, or less for a view wider than that (rendered on a worker thread). */
export const viewPng = (svg: string) => svgToPngAsync(svg, Math.min(1.25, 1600 / Math.max(1, svgSize(svg).width)));

export async function generate(stack: string, opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const source = stackFile(opts.synthDir, stack);
  const json = readJson(source, 'synthesized stack');
  const dir = join(opts.outDir, stack);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  // PNGs render on worker threads while the documents are built; each is written when ready, all before returning.
  const rendering: Promise<void>[] = [];
  const write = (name: string, data: string | Buffer | Promise<Buffer>) => {
    if (typeof data === 'string' || Buffer.isBuffer(data)) writeFileSync(join(dir, name), data);
    else rendering.push(data.then((png) => writeFileSync(join(dir, name), png)));
    files.push(join(dir, name));
  };

  const diagramStart = performance.now();
  const { views, model } = await architectureViews(stack, json);
  for (const v of views) {
    write(`${v.name}.svg`, v.svg);
    if (opts.png !== false) write(`${v.name}.png`, viewPng(v.svg));
  }
  const compare = opts.compare || startsFromOneServer(stack, json);
  if (compare) {
    const compared = await renderSvg(beforeAfterDot(model));
    write('before-after.svg', compared);
    if (opts.png !== false) write('before-after.png', viewPng(compared));
    write('before-after.md', beforeAfterMarkdown(model, json));
  }
  const diagramMs = performance.now() - diagramStart;

  const inventory = buildInventory(model);
  write('inventory.json', `${JSON.stringify(inventory, null, 2)}\n`);
  write('inventory.md', inventoryMarkdown(inventory));

  if (opts.stateFile) {
    const view = readState(readJson(opts.stateFile, 'state file'), opts.stateFile);
    const live = opts.live ? `\n${liveMarkdown(await liveFacts(view), new Date())}` : '';
    write('proofs.md', proofsMarkdown(stack, view, opts.stateFile) + live);
  }
  // How to move a single-server app onto this stack, step by step, with the exact resources each step creates.
  write('migration.md', migrationMarkdown(stack, json));
  const plan = opts.planFile ? summarizePlan(readJson(opts.planFile, 'plan file'), opts.planFile) : undefined;
  const links = [
    { title: 'migration runbook', href: 'migration.md' },
    ...(compare ? [{ title: 'before / after', href: 'before-after.md' }] : []),
    ...(existsSync(join(dir, 'proofs.md')) ? [{ title: 'proofs', href: 'proofs.md' }] : []),
    ...(existsSync(join(dir, 'cost.md')) ? [{ title: 'cost estimate', href: 'cost.md' }] : []),
  ];
  write('design.md', designMarkdown(model, { json, views: views.map((v) => v.name), plan, links, source: `cdktf.out/stacks/${stack}/cdk.tf.json`, manifestsDir: join(opts.synthDir, 'k8s', stack) }));
  await Promise.all(rendering);
  return { stack, files, model, diagramMs, totalMs: performance.now() - started };
}
