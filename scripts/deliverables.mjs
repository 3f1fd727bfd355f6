#!/usr/bin/env node
// npm run deliverables [-- <stack>…] [--plan <plan.json>] [--state <terraform.tfstate>] [--compare <stack>] [--readme] [--no-png]
// Bundles src/deliverables/cli.ts with esbuild (dependencies stay external; cached by source hash in
// .build-deliverables/) and runs it. Synthesizes first (scripts/build.mjs --synth) when stacks are missing.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src', 'deliverables');
const sources = readdirSync(srcDir).filter((f) => f.endsWith('.ts')).sort();
const hash = createHash('sha256');
for (const f of sources) hash.update(f).update('\0').update(readFileSync(join(srcDir, f))).update('\0');
hash.update(readFileSync(join(root, 'package-lock.json')));
const builds = join(root, '.build-deliverables');
const out = join(builds, `cli-${hash.digest('hex').slice(0, 16)}.js`);
if (!existsSync(out)) {
  const { build } = await import('esbuild');
  mkdirSync(builds, { recursive: true });
  const staging = `${out}.tmp-${process.pid}`;
  await build({ absWorkingDir: root, entryPoints: ['src/deliverables/cli.ts'], bundle: true, packages: 'external', outfile: staging, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' });
  // Parallel runs (lifecycle tests) may build the same file: renaming over it is atomic and theirs is identical.
  renameSync(staging, out);
  for (const old of readdirSync(builds)) if (join(builds, old) !== out && !old.includes('.tmp-')) rmSync(join(builds, old), { force: true });
}

process.chdir(root);
const synth = (profiles, outdir) => {
  const env = { ...process.env, CDKTF_OUTDIR: resolve(root, outdir) };
  if (profiles) env.STORMPROOF_PROFILES = profiles;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--synth'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) throw new Error(`synth failed (exit ${r.status}): run npm run synth to see why`);
};
try {
  const { main } = createRequire(import.meta.url)(out);
  process.exitCode = await main(process.argv.slice(2), synth);
} catch (e) {
  process.stderr.write(`deliverables: ${e instanceof Error ? e.message : e}\n`);
  process.exitCode = 1;
}
