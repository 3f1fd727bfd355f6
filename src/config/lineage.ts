/**
 * Which built-in profile each stack starts from: a config file's stack by its `extends`, a built-in profile by its
 * own name. What was written for a profile (checkov suppressions scoped to `cafe`) then follows the user's stacks
 * that extend it. CI's checkov step (scripts/ci/checkov.sh) writes it next to the stacks it scans:
 *   node scripts/tool.mjs src/config/lineage.ts   (prints {"<stack>": "<profile>", ...}; same config as synth)
 */
import { readFileSync } from 'node:fs';
import { ProfileName } from './file';
import { configFileOf, parseConfigText, StackSources } from './load';
import { PROFILES } from './profiles';
import { NAME } from './rules/shared';

const isProfile = (name: unknown): name is ProfileName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(PROFILES, name);

/**
 * Stack name -> the built-in profile it extends, for every stack `sources` can synthesize: the file's stacks (by
 * `extends`) and the built-in profiles the file does not redefine (a selection may name them). Names that are not
 * valid stacks, or extend no built-in profile, are left out: they get no profile's exceptions.
 */
export function stackProfiles(sources: StackSources = {}): Record<string, ProfileName> {
  const builtIns = Object.fromEntries(Object.keys(PROFILES).map((p) => [p, p as ProfileName]));
  const config = configFileOf(sources);
  if (!config) return builtIns;
  const { value } = parseConfigText(readFileSync(config.file, 'utf8'), config.source);
  const stacks = (value as { stacks?: unknown } | undefined)?.stacks;
  const own: Record<string, ProfileName> = {};
  if (stacks && typeof stacks === 'object' && !Array.isArray(stacks)) {
    for (const [name, stack] of Object.entries(stacks as Record<string, unknown>)) {
      const base = stack && typeof stack === 'object' ? (stack as { extends?: unknown }).extends : undefined;
      if (NAME.test(name) && isProfile(base)) own[name] = base;
    }
  }
  return { ...builtIns, ...own };
}

/** `node scripts/tool.mjs src/config/lineage.ts`: the map as JSON, for the config synth reads (STORMPROOF_CONFIG, cdktf context `config`). */
export function main(): void {
  const context = JSON.parse(process.env.CDKTF_CONTEXT_JSON || '{}') as { config?: string };
  process.stdout.write(`${JSON.stringify(stackProfiles({ configPath: process.env.STORMPROOF_CONFIG || context.config }))}\n`);
}
