#!/usr/bin/env node
// Packages the demo app as a Beanstalk release (the pipeline's S3 source object, scripts/release-app.sh):
// app/ (buildspec-beanstalk.yml, tests/), the Beanstalk platform files (Procfile, Dockerfile, .ebextensions from
// src/constructs/compute/beanstalk/beanstalk-bundle.ts) plus app.py, taken from src/assets/demo-app.ts so the
// release and the first version synth uploads are one program. Writes the zip (default .scratch/release/app.zip)
// and prints its path. Usage: node scripts/package-app.mjs [out.zip]
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, '.scratch', 'release', 'app.zip'));
const stage = join(dirname(out), 'bundle');

// The TS module holds the app as a string: bundle it in memory and read the export.
const bundled = await build({ entryPoints: [join(root, 'src/assets/demo-app.ts')], bundle: true, write: false, format: 'cjs', platform: 'node' });
const mod = { exports: {} };
new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
const app = mod.exports.DEMO_APP_PY;
if (typeof app !== 'string' || !app.startsWith('#!')) throw new Error('src/assets/demo-app.ts does not export DEMO_APP_PY');

// The Beanstalk platform files (Procfile, Dockerfile, .ebextensions) from the same module the synth zips.
const ebBundled = await build({ entryPoints: [join(root, 'src/constructs/compute/beanstalk/beanstalk-bundle.ts')], bundle: true, write: false, format: 'cjs', platform: 'node' });
const eb = { exports: {} };
new Function('module', 'exports', 'require', ebBundled.outputFiles[0].text)(eb, eb.exports, createRequire(import.meta.url));
const ebFiles = Object.entries(eb.exports.demoBundleFiles()).filter(([name]) => name !== 'app.py');

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
cpSync(join(root, 'app'), stage, { recursive: true, filter: (p) => !p.includes('__pycache__') });
writeFileSync(join(stage, 'app.py'), app, { mode: 0o755 });
for (const [name, content] of ebFiles) {
  mkdirSync(dirname(join(stage, name)), { recursive: true });
  writeFileSync(join(stage, name), content);
}

rmSync(out, { force: true });
const zip = spawnSync('python3', ['-m', 'zipfile', '-c', out, 'buildspec-beanstalk.yml', 'app.py', 'Procfile', 'Dockerfile', '.ebextensions', 'tests'], { cwd: stage, encoding: 'utf8' });
if (zip.status !== 0) throw new Error(`python3 -m zipfile failed: ${zip.stderr}`);
console.log(relative(process.cwd(), out) || out);
