/**
 * Every built-in profile synthesized once per source tree, exactly as `npm run synth` does (the esbuild
 * bundle of main.ts, all profiles, STORMPROOF_CONFIG=none), into .scratch/profiles/<bundle hash>/: the hash
 * scripts/build.mjs already takes of main.ts, src/, .gen/, the lock file and itself. The unit project's
 * globalSetup (profiles-setup.ts) fills it before any test file runs; test files only read it, instead of
 * each spawning or building their own synth. A changed source gives a new hash, so a stale cache is never read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const root = join(__dirname, '..', '..');
const cacheRoot = join(root, '.scratch', 'profiles');
const KEEP = 3;

export interface SynthesizedProfiles {
  /** The outdir: stacks/<stack>/cdk.tf.json and k8s/<stack>/*.yaml. Shared: read it, never write into it. */
  readonly dir: string;
  /** A stack's cdk.tf.json, parsed (a fresh object each call, so a test may change it). */
  read(stack: string): any;
}

let cached: SynthesizedProfiles | undefined;

/** The synthesized built-in profiles of the current sources, synthesizing them first when no cache holds them. */
export function synthesizedProfiles(): SynthesizedProfiles {
  if (cached) return cached;
  // Builds the bundle only when the sources changed (a hash check otherwise); dist -> .build/<hash>.
  execFileSync('node', ['scripts/build.mjs'], { cwd: root });
  const id = basename(readlinkSync(join(root, 'dist')));
  const dir = join(cacheRoot, id);
  if (!existsSync(join(dir, 'complete'))) {
    const staging = `${dir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(cacheRoot, { recursive: true });
    const r = spawnSync('node', [join(root, '.build', id, 'main.js')], {
      cwd: root,
      env: { ...process.env, STORMPROOF_CONFIG: 'none', STORMPROOF_PROFILES: '', STORMPROOF_BOOTSTRAP: '', CDKTF_OUTDIR: staging },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`synth of the built-in profiles failed:\n${r.stderr}`);
    writeFileSync(join(staging, 'complete'), '');
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
  cached = { dir, read: (stack) => JSON.parse(readFileSync(join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) };
  return cached;
}
