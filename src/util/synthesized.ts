/**
 * The synthesized stacks the tools read (`<outdir>/stacks/<stack>/cdk.tf.json`), and the one way they synthesize
 * what is missing: `scripts/build.mjs --synth` in a child process, as `npm run synth` does. For the tools only
 * (simulate, drill, cost, deliverables): nothing on main.ts's path imports this.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where `npm run synth` writes, relative to the repository root. */
export const DEFAULT_SYNTH_DIR = 'cdktf.out';

/** The JSON of `stack` under `outdir` (relative to `root` unless absolute). */
export function stackJsonPath(root: string, stack: string, outdir = DEFAULT_SYNTH_DIR): string {
  return join(resolve(root, outdir), 'stacks', stack, 'cdk.tf.json');
}

/** The stacks synthesized under `outdir`, sorted. */
export function synthesizedStacks(root: string, outdir = DEFAULT_SYNTH_DIR): string[] {
  const dir = join(resolve(root, outdir), 'stacks');
  return existsSync(dir) ? readdirSync(dir).filter((s) => existsSync(join(dir, s, 'cdk.tf.json'))).sort() : [];
}

export interface SynthOptions {
  /** Profiles (or stacks of the user's config file) to synthesize. @default - all, or STORMPROOF_PROFILES as set */
  readonly profiles?: readonly string[];
  /** Output directory, relative to the root unless absolute. @default cdktf.out */
  readonly outdir?: string;
}

/**
 * Synthesizes into `outdir`; the app's problems (a refused config lists them) go to stderr, and its one line per
 * stack written is dropped, so a tool's stdout (JSON) stays clean and its stderr says only what went wrong.
 * Throws when synth fails.
 */
export function synthesize(root: string, options: SynthOptions = {}): void {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: resolve(root, options.outdir ?? DEFAULT_SYNTH_DIR) };
  if (options.profiles) env.STORMPROOF_PROFILES = options.profiles.join(',');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--synth'], { cwd: root, stdio: ['ignore', 'ignore', 2], env });
  if (r.status !== 0) {
    const which = options.profiles ? ` of ${options.profiles.join(', ')}` : '';
    throw new Error(`synth${which} failed (exit ${r.status}): run npm run synth to see why`);
  }
}

/** The JSON of `stack`, synthesizing that stack first when it is missing (saying so on stderr). */
export function synthesizedStack(root: string, stack: string, outdir = DEFAULT_SYNTH_DIR): string {
  const path = stackJsonPath(root, stack, outdir);
  if (existsSync(path)) return path;
  process.stderr.write(`${path} is missing: synthesizing ${stack}\n`);
  try {
    synthesize(root, { profiles: [stack], outdir });
  } catch {
    // The app's refusal (unknown name, bad config) is already on stderr.
  }
  if (!existsSync(path)) throw new Error(`no synthesized stack "${stack}": run npm run synth (or pass --file <cdk.tf.json>)`);
  return path;
}
