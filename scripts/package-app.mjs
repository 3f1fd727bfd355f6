#!/usr/bin/env node
// Packages a Beanstalk release, the pipeline's S3 source object (scripts/release-app.sh uploads it). With --stack, the
// stack's web service as your configuration defines it: its own `bundle` plus the platform's files (Procfile or
// Dockerfile, .ebextensions), the same files synth uploads as the first application version, and the bundle's
// buildspec-beanstalk.yml (or a generic one that runs no tests and says so); a service without a bundle releases the
// demo app. Without --stack: the demo app with its tests (app/). Code: src/tools/release/release-bundle.ts.
// Writes the zip (default .scratch/release/app.zip) and prints its path.
// Usage: node scripts/package-app.mjs [out.zip] [--stack <stack> [--service <name>]]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  args.splice(i, 2);
  return value;
};
const stack = flag('--stack');
const service = flag('--service');
const out = resolve(args[0] ?? join(root, '.scratch', 'release', 'app.zip'));
const stage = join(dirname(out), 'bundle');

// The TS module, bundled in memory (npm packages stay external).
const bundled = await build({ entryPoints: [join(root, 'src/tools/release/release-bundle.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', packages: 'external' });
const mod = { exports: {} };
new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(mod, mod.exports, createRequire(join(root, 'package.json')));
let release;
try {
  release = await mod.exports.releaseFor(root, stack, service);
} catch (e) {
  process.stderr.write(`package-app: ${e.message}\n`);
  process.exit(1);
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const names = Object.keys(release.files).sort();
for (const name of names) {
  mkdirSync(dirname(join(stage, name)), { recursive: true });
  writeFileSync(join(stage, name), release.files[name].content, { mode: release.files[name].mode });
}
rmSync(out, { force: true });
mkdirSync(dirname(out), { recursive: true });
const zip = spawnSync('python3', ['-m', 'zipfile', '-c', out, ...new Set(names.map((n) => n.split('/')[0]))], { cwd: stage, encoding: 'utf8' });
if (zip.status !== 0) throw new Error(`python3 -m zipfile failed: ${zip.stderr}`);
if (stack) process.stderr.write(`package-app: ${release.from} -> ${relative(process.cwd(), out) || out}\n`);
console.log(relative(process.cwd(), out) || out);
