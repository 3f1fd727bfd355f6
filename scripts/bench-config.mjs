#!/usr/bin/env node
// npm run bench:config [-- --runs N]
// The config layer's share of synth (issue 13's budget: <= 50 ms per stack): each run is a fresh node
// process (cold, as a synth is) that validates every built-in profile, then loads and validates a config
// file with two stacks (the generated validators, merge, the domain rules). Prints medians per stack.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const dir = mkdtempSync(join(tmpdir(), 'stormproof-bench-config-'));
writeFileSync(
  join(dir, 'probe.ts'),
  `import { performance } from 'node:perf_hooks';
import { loadStacks, stacksFromFile } from ${JSON.stringify(join(root, 'src/config/load'))};
const t0 = performance.now();
const builtIn = loadStacks({ cwd: ${JSON.stringify(dir)} });
const t1 = performance.now();
const file = JSON.stringify({ stacks: { 'my-cafe': { extends: 'cafe', region: 'eu-west-2' }, 'my-app': { extends: 'fastier', project: 'myapp', services: [{ name: 'worker', capacity: { max: 6 } }] } } });
const stacks = stacksFromFile(file, 'bench.json');
const t2 = performance.now();
console.log(JSON.stringify({ builtIn: (t1 - t0) / builtIn.length, file: (t2 - t1) / stacks.length }));
`,
);
await build({ entryPoints: [join(dir, 'probe.ts')], bundle: true, platform: 'node', target: 'node20', outfile: join(dir, 'probe.js'), logLevel: 'warning', alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' } });
const samples = [];
for (let i = 0; i < runs; i++) {
  const r = spawnSync('node', [join(dir, 'probe.js')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  samples.push(JSON.parse(r.stdout));
}
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const builtIn = median(samples.map((s) => s.builtIn));
const file = median(samples.map((s) => s.file));
console.log(`config validation, built-in profiles (cold process)      median ${builtIn.toFixed(1).padStart(6)} ms per stack (${runs} runs)`);
console.log(`config file: generated validators, merge, domain rules    median ${file.toFixed(1).padStart(6)} ms per stack (2 stacks, ${runs} runs)`);
console.log(`${Math.max(builtIn, file) <= 50 ? 'within budget' : 'OVER BUDGET  '}  config validation <= 50 ms per stack`);
