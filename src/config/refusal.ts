import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './validate';

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
 * Refuses the synth: prints the problems, removes the refused stacks' output directories (so plain
 * `terraform plan` there cannot plan an old config) and sets a failing exit code.
 */
export function refuse(error: unknown, outdir: string, stacks: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  for (const stack of error instanceof ConfigError ? error.stacks : stacks) {
    rmSync(join(outdir, 'stacks', stack), { recursive: true, force: true });
  }
  process.stderr.write(`${refusalText(error, env)}\n`);
  process.exitCode = 1;
}
