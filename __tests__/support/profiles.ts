/**
 * Every built-in profile synthesized once per source tree, exactly as `npm run synth` does (the esbuild
 * bundle of main.ts, all profiles, STORMPROOF_CONFIG=none), into .scratch/profiles/<bundle hash>/: the hash
 * scripts/build.mjs already takes of main.ts, src/, .gen/, the lock file and itself. The unit project's
 * globalSetup (profiles-setup.ts) fills it before any test file runs; test files only read it, instead of
 * each spawning or building their own synth. A changed source gives a new hash, so a stale cache is never read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const root = join(__dirname, '..', '..');
const cacheRoot = join(root, '.scratch', 'profiles');
const KEEP = 3;

export interface SynthesizedProfiles {
  /**
   * The outdir: stacks/<stack>/cdk.tf.json and k8s/<stack>/*.yaml. Shared: read it, never write into it (the one
   * exception is design/<stack>.md, each profile's design.md, stored by the first file that asks: deliverables/built-in-design.ts).
   */
  readonly dir: string;
  /** A stack's cdk.tf.json, parsed (a fresh object each call, so a test may change it). */
  read(stack: string): any;
  /**
   * A built-in profile's stack exactly as `Testing.synth(new PlatformStack(Testing.app(), name, { profile }))` gives it
   * (the same text: metadata dropped, keys sorted, no backend block), without building the stack again.
   */
  testing(stack: string): string;
}

let cached: SynthesizedProfiles | undefined;

/** The synthesized built-in profiles of the current sources, synthesizing them first when no cache holds them. */
export function synthesizedProfiles(): SynthesizedProfiles {
  if (cached) return cached;
  // The unit project's globalSetup found or filled the tree of this run's sources and named it here for the
  // workers, so each test file skips the build's hash check (a node start and a read of every source).
  const given = process.env[TREE_VARIABLE];
  if (given && existsSync(join(given, READY))) return (cached = readerOf(given));
  // Builds the bundle only when the sources changed (a hash check otherwise); dist -> .build/<hash>.
  execFileSync('node', ['scripts/build.mjs'], { cwd: root });
  const id = basename(readlinkSync(join(root, 'dist')));
  const dir = join(cacheRoot, id);
  if (!existsSync(join(dir, READY))) {
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(cacheRoot, { recursive: true });
    const r = spawnSync('node', [join(root, '.build', id, 'main.js')], {
      cwd: root,
      env: { ...process.env, STORMPROOF_CONFIG: 'none', STORMPROOF_PROFILES: '', STORMPROOF_BOOTSTRAP: '', STORMPROOF_BACKEND: '', CDKTF_OUTDIR: staging },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`synth of the built-in profiles failed:\n${r.stderr}`);
    mkdirSync(join(staging, 'testing'));
    for (const stack of readdirSync(join(staging, 'stacks'))) {
      writeFileSync(join(staging, 'testing', `${stack}.json`), testingText(JSON.parse(readFileSync(join(staging, 'stacks', stack, 'cdk.tf.json'), 'utf8'))));
    }
    writeFileSync(join(staging, READY), '');
    // A tree of an older layout of this cache, for the same sources: replaced.
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch {
      // Another worker synthesized the same sources first: theirs is identical.
      rmSync(staging, { recursive: true, force: true });
    }
    // Keep the newest few; older trees belong to sources that no longer exist.
    readdirSync(cacheRoot)
      .filter((d) => !d.includes('.tmp-') && d !== id)
      .map((d) => ({ d, t: statSync(join(cacheRoot, d)).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .slice(KEEP - 1)
      .forEach(({ d }) => rmSync(join(cacheRoot, d), { recursive: true, force: true }));
  }
  return (cached = readerOf(dir));
}

/** The environment variable that hands the tree from the globalSetup to the test files (profiles-setup.ts). */
export const TREE_VARIABLE = 'STORMPROOF_TEST_PROFILES_DIR';

const readerOf = (dir: string): SynthesizedProfiles => ({
  dir,
  read: (stack) => JSON.parse(readFileSync(join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8')),
  testing: (stack) => readFileSync(join(dir, 'testing', `${stack}.json`), 'utf8'),
});

/**
 * A built-in profile's stack JSON exactly as `Testing.synth(new PlatformStack(Testing.app(), name, { profile: PROFILES[name] }))`
 * gives it, parsed afresh (a test may change it), without building the stack in the test file.
 */
export function profileJson(name: string): any {
  return JSON.parse(synthesizedProfiles().testing(name));
}

/** Marks a complete tree (the stacks and their Testing text). */
const READY = 'ready-2';

/**
 * What Testing.synth returns for a stack the app synthesized: cdktf drops every "//" metadata key and prints the rest
 * with its own copy of json-stable-stringify (keys sorted, two spaces); a Testing app adds no default local backend.
 */
function testingText(json: any): string {
  const strip = (x: any): any =>
    Array.isArray(x) ? x.map(strip) : x !== null && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== '//').map(([k, v]) => [k, strip(v)])) : x;
  const out = strip(json);
  delete out.terraform?.backend;
  // The stringifier Testing.synth itself uses: cdktf 0.21 json-stable-stringify, CDK Terrain (cdktn) safe-stable-stringify.
  const from = { paths: [dirname(require.resolve('cdktf/package.json'))] };
  try {
    const stringify = require(require.resolve('json-stable-stringify', from));
    return stringify(out, { space: 2 });
  } catch (e) {
    if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
    const safe = require(require.resolve('safe-stable-stringify', from));
    return (safe.default ?? safe)(out, null, 2);
  }
}
