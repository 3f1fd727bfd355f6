/**
 * Which stacks to synthesize: the stacks of the user's `stormproof.config.json` (or the file named by
 * STORMPROOF_CONFIG or `-c config=<path>`), each a built-in profile with overrides merged in; without a
 * file, the built-in profiles themselves. Everything is validated before any construct exists, and every
 * problem is reported at once in one ConfigError.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROFILES } from './profiles';
import { ProfileConfig } from './types';
import { StormproofConfig } from './file';
import { ConfigError, profileProblems, validateProfile } from './validate';
import { fileShapeProblems } from './schema';
import { mergeStack } from './merge';
import { nearest } from './suggest';

/** The config file users own, at the project root. */
export const CONFIG_FILE = 'stormproof.config.json';

export interface StackSources {
  /** STORMPROOF_CONFIG, else the cdktf context `config`: a config file path. */
  readonly configPath?: string;
  /** STORMPROOF_PROFILES, else the cdktf context `profiles`: comma-separated stack names. */
  readonly selection?: string;
  /** Where `stormproof.config.json` is looked for and relative paths resolve (default: the working directory). */
  readonly cwd?: string;
}

/** The validated profiles to synthesize, one per stack; throws ConfigError listing every problem. */
export function loadStacks(sources: StackSources = {}): ProfileConfig[] {
  const cwd = sources.cwd ?? process.cwd();
  const file = sources.configPath ? resolve(cwd, sources.configPath) : resolve(cwd, CONFIG_FILE);
  if (!existsSync(file)) {
    if (sources.configPath) throw refusal(sources.configPath, [`${sources.configPath} does not exist: give the path of your config file (npm run config:init -- --extends cafe writes one)`]);
    return selectProfiles(sources.selection);
  }
  return stacksFromFile(readFileSync(file, 'utf8'), sources.configPath ?? CONFIG_FILE, sources.selection);
}

/** Stacks from the text of a config file (`source` names it in messages). */
export function stacksFromFile(text: string, source: string, selection?: string): ProfileConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const position = /position (\d+)/.exec((e as Error).message);
    const before = position ? text.slice(0, Number(position[1])).split('\n') : [];
    const where = position ? ` (line ${before.length}, column ${before[before.length - 1].length + 1})` : '';
    throw refusal(source, [`${source} is not valid JSON${where}: ${(e as Error).message}`]);
  }
  const shape = fileShapeProblems(parsed);
  const stackNames = parsed && typeof parsed === 'object' && (parsed as StormproofConfig).stacks ? Object.keys((parsed as StormproofConfig).stacks) : [];
  // Merging and the domain rules assume the right types: they run once the shape is right.
  if (shape.length > 0) throw refusal(source, shape, stackNames);
  const config = parsed as StormproofConfig;
  const problems: string[] = [];
  const profiles: ProfileConfig[] = [];
  for (const [name, stack] of Object.entries(config.stacks)) {
    const merged = mergeStack(name, stack, PROFILES[stack.extends]);
    problems.push(...merged.problems);
    if (merged.problems.length === 0) problems.push(...profileProblems(merged.profile).map(merged.locate));
    profiles.push(merged.profile);
  }
  problems.push(...sharedNameProblems(profiles));
  if (problems.length > 0) throw refusal(source, problems, stackNames);
  return select(profiles, selection, `stacks of ${source}`);
}

/** Stacks in one file share an account: `<project>-<environment>` names their IAM roles, buckets and alarms. */
function sharedNameProblems(profiles: readonly ProfileConfig[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const p of profiles) {
    const key = `${p.project}-${p.environment}`;
    const other = seen.get(key);
    if (other) problems.push(`stacks.${p.name} and stacks.${other} both name their resources "${key}" (project-environment): set a different project or environment on one of them`);
    else seen.set(key, p.name);
  }
  return problems;
}

/**
 * Picks built-in profiles by name: `STORMPROOF_PROFILES` (comma-separated) or the cdktf context
 * `profiles`, all when neither is set. Unknown names are refused with the nearest known one.
 */
export function selectProfiles(selection: string | undefined): ProfileConfig[] {
  return select(Object.values(PROFILES), selection, 'built-in profiles').map(validateProfile);
}

function select(all: readonly ProfileConfig[], selection: string | undefined, what: string): ProfileConfig[] {
  const names = (selection ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0 || names.includes('all')) return [...all];
  const known = all.map((p) => p.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    const guesses = unknown.map((u) => nearest(u, known)).filter(Boolean);
    const hint = guesses.length > 0 ? ` (did you mean ${guesses.map((g) => `"${g}"`).join(', ')}?)` : '';
    const problem = `Unknown profile(s) ${unknown.map((u) => `"${u}"`).join(', ')}${hint} in STORMPROOF_PROFILES/context "profiles": use one or more of ${known.join(', ')} (the ${what})`;
    throw new ConfigError('selection', [problem], [], 'Invalid Stormproof stack selection');
  }
  return names.map((n) => all.find((p) => p.name === n)!);
}

const refusal = (source: string, problems: readonly string[], stacks: readonly string[] = []) =>
  new ConfigError(source, problems, stacks, `Invalid Stormproof configuration ${source}`);
