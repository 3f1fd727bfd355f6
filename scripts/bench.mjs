#!/usr/bin/env node
// npm run bench [-- --runs N] [-- --full]
// Prints, for synthesizing every profile: median wall time and peak memory of Stormproof's way
// (the cdktf.json app: esbuild bundle, cached by source hash, then synth) beside the cdktf template's default way
// (`ts-node main.ts`), then the unit-test loop's wall time (tsc --noEmit + jest unit project).
// With --full it also times the whole `npm test` (which includes the Terraform checks).
// Budgets (issue 2): synth of all profiles <= 1.2 s median (standing budget) and <= 400 MB peak, >= 5x faster than ts-node;
// unit loop including the type-check <= 60 s; deliverables of every stack <= 5 s, largest diagram <= 1.5 s (issue 15);
// a 24-hour simulation of the largest stack <= 1 s (issue 17).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const full = args.includes('--full');
const probe = join(root, 'scripts', 'rss-probe.cjs');

/** Runs a command; returns wall seconds and the largest max-RSS (MB) of any node process it started. */
function measure(command, commandArgs, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'stormproof-bench-'));
  const started = process.hrtime.bigint();
  const r = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, STORMPROOF_RSS_DIR: dir, NODE_OPTIONS: `--require ${probe}` },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = readdirSync(dir).map((f) => Number(readFileSync(join(dir, f), 'utf8')));
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) {
    process.stderr.write(`${command} ${commandArgs.join(' ')} failed:\n${r.stdout}\n${r.stderr}\n`);
    process.exit(1);
  }
  return { seconds, peakMb: Math.max(0, ...rss) / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (label, samples) => {
  const s = median(samples.map((x) => x.seconds));
  const m = Math.max(...samples.map((x) => x.peakMb));
  console.log(`${label.padEnd(48)} median ${s.toFixed(2).padStart(6)} s   peak ${m.toFixed(0).padStart(5)} MB   (${samples.length} runs)`);
  return { s, m };
};

console.log(`Stormproof benchmark on ${process.platform} ${process.arch}, node ${process.version}, ${runs} runs`);

rmSync(join(root, '.build'), { recursive: true, force: true });
const cold = measure('node', ['scripts/build.mjs']);
const warm = measure('node', ['scripts/build.mjs']);
console.log(`${'esbuild transpile, cold / unchanged sources'.padEnd(48)} ${cold.seconds.toFixed(2).padStart(13)} s / ${warm.seconds.toFixed(2)} s`);
const stormproof = [];
for (let i = 0; i < runs; i++) stormproof.push(measure('node', ['dist/main.js']));
const ours = summary(`synth all profiles: node dist/main.js`, stormproof);
// Exactly what cdktf.json runs (build check, then synth in the same process).
const appCommand = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app.split(' ');
const withBuild = [];
for (let i = 0; i < runs; i++) withBuild.push(measure(appCommand[0], appCommand.slice(1)));
const app = summary(`synth all profiles: cdktf.json app`, withBuild);
const tsNodeRuns = Math.min(runs, 3);
const tsNode = [];
for (let i = 0; i < tsNodeRuns; i++) tsNode.push(measure('npx', ['ts-node', 'main.ts']));
const theirs = summary('synth all profiles: ts-node main.ts (template)', tsNode);
const stacks = readdirSync(join(root, 'cdktf.out', 'stacks'));
const resources = stacks.map((s) => {
  const json = JSON.parse(readFileSync(join(root, 'cdktf.out', 'stacks', s, 'cdk.tf.json'), 'utf8'));
  return Object.values(json.resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
});
console.log(`stacks: ${stacks.length} (${stacks.map((s, i) => `${s} ${resources[i]}`).join(', ')} resources)`);
console.log(`speed-up over ts-node: ${(theirs.s / app.s).toFixed(1)}x (build+synth), ${(theirs.s / ours.s).toFixed(1)}x (synth alone)`);

// Deliverables (issue 15): every stack's files without plan/state <= 5 s; the largest stack's diagram <= 1.5 s
// (its SVG, Graphviz WASM load included, as the CLI reports it).
const deliverableRuns = [];
for (let i = 0; i < Math.min(runs, 3); i++) deliverableRuns.push(measure('node', ['scripts/tool.mjs', 'src/tools/deliverables/cli.ts']));
const deliverables = summary('deliverables, every stack (npm run deliverables)', deliverableRuns);
const largest = stacks[resources.indexOf(Math.max(...resources))];
const diagramRuns = [];
for (let i = 0; i < Math.min(runs, 3); i++) {
  const r = spawnSync('node', ['scripts/tool.mjs', 'src/tools/deliverables/cli.ts', largest, '--no-png'], { cwd: root, encoding: 'utf8' });
  const s = Number(/diagram ([\d.]+) s/.exec(r.stdout ?? '')?.[1]);
  if (r.status !== 0 || !Number.isFinite(s)) {
    process.stderr.write(`deliverables ${largest} failed:\n${r.stdout}\n${r.stderr}\n`);
    process.exit(1);
  }
  diagramRuns.push(s);
}
const diagram = median(diagramRuns);
console.log(`${`diagram of the largest stack (${largest})`.padEnd(48)} median ${diagram.toFixed(2).padStart(6)} s   (${diagramRuns.length} runs)`);

// Issue 17: a 24-hour simulation (black-friday, 10 s steps) of the largest stack, the whole command (tool bundle
// cached, JSON read, simulation, JSON out) in <= 1 s.
const simulateArgs = ['scripts/tool.mjs', 'src/tools/simulate/cli.ts', largest, '--traffic', 'black-friday', '--json'];
measure('node', simulateArgs);
const simulations = [];
for (let i = 0; i < runs; i++) simulations.push(measure('node', simulateArgs));
const sim = summary(`simulate ${largest}: 24 h black-friday, 10 s steps`, simulations);

const tsc = measure('npx', ['tsc', '--noEmit']);
const unit = measure('npx', ['jest', '--selectProjects', 'unit', '--silent']);
console.log(`${'unit loop: tsc --noEmit'.padEnd(48)} ${tsc.seconds.toFixed(2).padStart(13)} s   peak ${tsc.peakMb.toFixed(0).padStart(5)} MB`);
console.log(`${'unit loop: jest unit project'.padEnd(48)} ${unit.seconds.toFixed(2).padStart(13)} s   peak ${unit.peakMb.toFixed(0).padStart(5)} MB`);
console.log(`${'unit loop total (npm run test:unit + tsc)'.padEnd(48)} ${(tsc.seconds + unit.seconds).toFixed(2).padStart(13)} s`);
if (full) {
  const all = measure('npm', ['test']);
  console.log(`${'npm test (type-check, unit, Terraform checks)'.padEnd(48)} ${all.seconds.toFixed(2).padStart(13)} s   peak ${all.peakMb.toFixed(0).padStart(5)} MB`);
}

const verdicts = [
  ['synth median <= 1.2 s (cdktf.json app)', app.s <= 1.2],
  ['synth peak <= 400 MB', Math.max(ours.m, app.m) <= 400],
  ['>= 5x faster than ts-node', theirs.s / app.s >= 5],
  ['unit loop incl. type-check <= 60 s', tsc.seconds + unit.seconds <= 60],
  ['deliverables of every stack <= 5 s', deliverables.s <= 5],
  ['diagram of the largest stack <= 1.5 s', diagram <= 1.5],
  ['24-hour simulation of the largest stack <= 1 s', sim.s <= 1],
];
for (const [label, ok] of verdicts) console.log(`${ok ? 'within budget' : 'OVER BUDGET  '}  ${label}`);
