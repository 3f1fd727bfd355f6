import { lstatSync, realpathSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from './validate';
import { NAME } from './rules/shared';

/**
 * What a refused synth prints: bad config shows only its problems (no stack trace, no bundled-source
 * excerpt); any other error its message. STORMPROOF_DEBUG=1 adds the stack trace.
 */
export function refusalText(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const debug = env.STORMPROOF_DEBUG === '1';
  if (!(error instanceof Error)) return `Synth failed: ${String(error)}`;
  if (debug) return error.stack ?? error.message;
  if (error instanceof ConfigError) return error.message;
  return `${error.name}: ${error.message}\n(STORMPROOF_DEBUG=1 shows where it was thrown)`;
}

/**
 * The output directory of `stack` under `<outdir>/stacks/`, or undefined when removing it could touch anything
 * else: the name must be a valid stack name (so no `..`, `/`, or empty name), the path must resolve inside the
 * stacks folder, and neither the stacks folder nor the stack's directory may be a symbolic link (never followed out).
 */
export function stackOutputDir(outdir: string, stack: string): string | undefined {
  if (typeof stack !== 'string' || !NAME.test(stack)) return undefined;
  const stacks = resolve(outdir, 'stacks');
  const dir = resolve(stacks, stack);
  const rel = relative(stacks, dir);
  if (rel !== stack || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  try {
    // A stacks folder that is a link (or sits under one that leaves outdir) is not ours to clean.
    if (lstatSync(stacks).isSymbolicLink()) return undefined;
    const real = realpathSync(stacks);
    const realOut = realpathSync(resolve(outdir));
    const inside = relative(realOut, real);
    if (inside !== 'stacks') return undefined;
  } catch {
    return undefined; // no stacks folder: nothing to remove
  }
  return dir;
}

/** Removes `<outdir>/stacks/<stack>` for each valid name; a link there is removed as a link, never followed. */
export function removeStackOutputs(outdir: string, stacks: readonly string[]): void {
  for (const stack of stacks) {
    const dir = stackOutputDir(outdir, stack);
    if (dir === undefined) continue;
    let isLink = false;
    try {
      isLink = lstatSync(dir).isSymbolicLink();
    } catch {
      continue; // nothing there
    }
    // rmSync on a link removes the link itself; recursive only for a real directory.
    rmSync(join(dir), isLink ? { force: true } : { recursive: true, force: true });
  }
}

/**
 * Refuses the synth: prints the problems, removes the refused stacks' output directories (so plain
 * `terraform plan` there cannot plan an old config) and sets a failing exit code. Only
 * `<outdir>/stacks/<name>` for valid stack names is ever removed.
 */
export function refuse(error: unknown, outdir: string, stacks: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  removeStackOutputs(outdir, error instanceof ConfigError ? error.stacks : stacks);
  process.stderr.write(`${refusalText(error, env)}\n`);
  process.exitCode = 1;
}
