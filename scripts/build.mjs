#!/usr/bin/env node
// Bundles main.ts with everything it imports (src/, .gen/, cdktf, the deep provider imports) into one
// CommonJS file with esbuild (about 0.5 s), so synth never waits for a type-check and skips resolving and
// reading hundreds of modules (measured: 0.90 s vs 1.08 s for all profiles). Types are checked once, by
// `npm run typecheck` (tsc --noEmit), which `npm test` runs first.
//
// Usage: node scripts/build.mjs [--synth]
// Output goes to .build/<hash of the sources>/ and `dist` is a symlink to it, swapped atomically. So an
// unchanged tree is not rebuilt, and builds running at once (parallel synths in tests or CI) never see
// a half-written or deleted dist/.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import vm from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builds = join(root, '.build');
const KEEP = 3;

// cdktf zips TerraformAsset ARCHIVEs by running its own fs.js as a CLI (`node ${__filename} src dest`); bundled,
// __filename would be dist/main.js and the child would re-run the whole app. Point it back at the real file.
const cdktfArchiveCli = {
  name: 'cdktf-archive-cli',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('${__filename}', `"${args.path}"`),
      loader: 'js',
    }));
  },
};

const sources = ['main.ts'];
const walk = (dir) => {
  if (!existsSync(join(root, dir))) return;
  for (const entry of readdirSync(join(root, dir)).sort()) {
    const rel = join(dir, entry);
    if (statSync(join(root, rel)).isDirectory()) walk(rel);
    // .js: generated code the app bundles (src/config/schema-validators.js).
    else if ((entry.endsWith('.ts') && !entry.endsWith('.d.ts')) || entry.endsWith('.js')) sources.push(rel);
  }
};
['src', '.gen'].forEach(walk);

const hash = createHash('sha256');
// The lock file stands for the bundled dependencies' versions.
for (const file of [...sources, 'package-lock.json', 'scripts/build.mjs']) hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
const id = hash.digest('hex').slice(0, 16);
const out = join(builds, id);

if (!existsSync(out)) {
  const { build } = await import('esbuild');
  const staging = `${out}.tmp-${process.pid}`;
  await build({
    absWorkingDir: root,
    // k8s-worker.js: the thread that renders Kubernetes manifests while main.js synthesizes (src/k8s/parallel-render.ts).
    entryPoints: { main: 'main.ts', 'k8s-worker': 'src/k8s/render-worker.ts' },
    bundle: true,
    outdir: staging,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // A separate map file: node only reads it with --enable-source-maps, so it costs synth nothing.
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [cdktfArchiveCli],
    // Loaded from node_modules only by stacks with compute "eks" (PlatformStack.manifests): EC2-only synths never parse them.
    external: ['cdk8s', 'cdk8s-plus-33', 'cdk8s-plus-33/*'],
    // jsonc-parser's main is a UMD build whose dynamic requires esbuild cannot follow: bundle its ES module build.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  });
  try {
    renameSync(staging, out);
  } catch {
    // Another build of the same sources won the rename: theirs is identical.
    rmSync(staging, { recursive: true, force: true });
  }
}

// Point dist at this build: a new symlink renamed over the old one is atomic.
const dist = join(root, 'dist');
if (existsSync(dist) && !lstatSync(dist).isSymbolicLink()) rmSync(dist, { recursive: true, force: true });
const link = `${dist}.tmp-${process.pid}`;
rmSync(link, { force: true });
symlinkSync(join('.build', id), link);
renameSync(link, dist);

// Keep the newest few builds; an older one may still be in use by a running synth for a moment.
const old = readdirSync(builds)
  .filter((d) => !d.includes('.tmp-') && d !== id)
  .map((d) => ({ d, t: statSync(join(builds, d)).mtimeMs }))
  .sort((a, b) => b.t - a.t)
  .slice(KEEP - 1);
for (const { d } of old) rmSync(join(builds, d), { recursive: true, force: true });

// `--synth` runs the app in this process (one node start instead of two): what cdktf.json and `npm run synth` use.
if (process.argv.includes('--synth')) runWithCodeCache(join(out, 'main.js'));

/**
 * Runs the bundle as node would require it, but hands V8 the code it compiled last time (main.js.v8cache beside it):
 * compiling the 7 MB bundle and the functions synth calls was about a seventh of synth (measured: 0.84 s -> 0.72 s
 * wall). The cache is written after the first run (so it holds the functions that ran) and only ever describes this
 * main.js: a build directory's files never change (its name is their sources' hash). V8 rejects a cache of another
 * node version or flags (`cachedDataRejected`), and then it is written anew.
 */
function runWithCodeCache(file) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = new Module(file, null);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  if (cachedData && !script.cachedDataRejected) return;
  try {
    // Written beside and renamed: a synth starting at the same moment reads all of it or none.
    const staging = `${cacheFile}.tmp-${process.pid}`;
    writeFileSync(staging, script.createCachedData());
    renameSync(staging, cacheFile);
  } catch {
    // A cache that cannot be written only costs the next synth its compile time.
  }
}
