/**
 * Which stacks to synthesize: the stacks of the user's `stormproof.config.json` (or the file named by
 * STORMPROOF_CONFIG or the `config` key of cdktf.json's context), each a built-in profile with overrides merged in; without a
 * file, the built-in profiles themselves. Everything is validated before any construct exists, and every
 * problem is reported at once in one ConfigError.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROFILES } from './profiles';
import { ProfileConfig } from './types';
import { StackConfig, StormproofConfig } from './file';
import { ConfigError, profileProblems, validateProfile } from './validate';
import { fileShapeErrorPaths, fileShapeProblems } from './schema';
import { type ParseError, type ParseErrorCode, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import { NAME } from './rules/shared';
import { mergeStack } from './merge';
import { nearest } from './suggest';

/** The config file users own, at the project root. */
export const CONFIG_FILE = 'stormproof.config.json';
/** STORMPROOF_CONFIG=none: no config file, whatever the project root holds. */
export const NO_CONFIG = 'none';

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
  const config = configFileOf(sources);
  if (!config) return selectProfiles(sources.selection);
  return stacksFromFile(readFileSync(config.file, 'utf8'), config.source, sources.selection);
}

/**
 * The config file `sources` name, or undefined for the built-in profiles: `none` ignores any stormproof.config.json
 * (what the test suites use, so a user's own file at the root never changes what they check), and without a path
 * the file at the root is read when it exists. A path that does not exist is refused.
 */
export function configFileOf(sources: StackSources): { file: string; source: string } | undefined {
  if (sources.configPath === NO_CONFIG) return undefined;
  const file = resolve(sources.cwd ?? process.cwd(), sources.configPath || CONFIG_FILE);
  if (!existsSync(file)) {
    if (sources.configPath) throw refusal(sources.configPath, [`${sources.configPath} does not exist: give the path of your config file (npm run config:init -- --extends cafe writes one)`]);
    return undefined;
  }
  return { file, source: sources.configPath || CONFIG_FILE };
}

/** `line L, column C` of `offset` in `text` (1-based, as editors show them). */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/**
 * Parses a config file as JSON with comments and trailing commas (JSONC, as tsconfig.json and VS Code settings
 * are). Returns the value and its syntax problems, each at line:column; the value is the parser's best effort
 * when there are problems (used only to know which stacks the file names).
 */
export function parseConfigText(text: string, source: string): { value: unknown; problems: string[] } {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const problems = errors.map((e) => `${source} ${lineColumn(text, e.offset)}: ${describeParseError(e.error)}`);
  return { value, problems };
}

const PARSE_FIXES: Readonly<Record<string, string>> = {
  CommaExpected: 'a comma is missing between two entries',
  ColonExpected: 'a colon is missing after a key',
  PropertyNameExpected: 'a key (in double quotes) was expected',
  ValueExpected: 'a value was expected',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'text after the end of the object',
  InvalidSymbol: 'unexpected character (keys and strings need double quotes)',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfComment: 'a /* comment is not closed',
  InvalidCharacter: 'a control character inside a string',
};
const describeParseError = (code: ParseErrorCode) => `${PARSE_FIXES[printParseErrorCode(code)] ?? printParseErrorCode(code)} (${printParseErrorCode(code)})`;

/** The stack names a (possibly broken) file names that are valid stack names: the only output a refusal may remove. */
function namedStacks(parsed: unknown): string[] {
  const stacks = parsed && typeof parsed === 'object' ? (parsed as { stacks?: unknown }).stacks : undefined;
  return stacks && typeof stacks === 'object' && !Array.isArray(stacks) ? Object.keys(stacks).filter((n) => NAME.test(n)) : [];
}

/** Stacks from the text of a config file (`source` names it in messages). */
export function stacksFromFile(text: string, source: string, selection?: string): ProfileConfig[] {
  const { value: parsed, problems: syntax } = parseConfigText(text, source);
  const stackNames = namedStacks(parsed);
  if (syntax.length > 0) throw refusal(source, syntax, stackNames, `${source} is not valid JSON (comments and trailing commas are fine)`);
  const shape = fileShapeProblems(parsed);
  const config = parsed as StormproofConfig;
  const problems: string[] = [...shape];
  const profiles: ProfileConfig[] = [];
  // Every problem at once: a value of the wrong type is dropped (the profile's own value stands in) so the
  // merge and the domain rules still check everything else in that stack.
  const stacks = config && typeof config === 'object' && config.stacks && typeof config.stacks === 'object' && !Array.isArray(config.stacks) ? config.stacks : {};
  const badPaths = fileShapeErrorPaths(parsed);
  for (const [name, raw] of Object.entries(stacks)) {
    if (!NAME.test(name) || !raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const stack = withoutPaths(raw, badPaths.filter((p) => p[0] === 'stacks' && p[1] === name).map((p) => p.slice(2)));
    if (typeof stack.extends !== 'string' || !Object.prototype.hasOwnProperty.call(PROFILES, stack.extends)) continue;
    const merged = mergeStack(name, stack as StackConfig, PROFILES[stack.extends as keyof typeof PROFILES]);
    problems.push(...merged.problems.filter((p) => shape.length === 0 || !p.includes(' misses ')));
    if (merged.problems.length === 0) problems.push(...profileProblems(merged.profile).map(merged.locate));
    profiles.push(merged.profile);
  }
  problems.push(...sharedNameProblems(profiles));
  const unique = [...new Set(problems)];
  if (unique.length > 0) throw refusal(source, unique, stackNames);
  return select(profiles, selection, `stacks of ${source}`, true);
}

/** A deep copy of `value` without the values at `paths` (a path of [] drops nothing: the whole stack stays). */
function withoutPaths(value: object, paths: readonly (readonly (string | number)[])[]): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (const path of paths) {
    if (path.length === 0) continue;
    let at: any = copy;
    for (const seg of path.slice(0, -1)) {
      at = at?.[seg];
      if (at === null || typeof at !== 'object') break;
    }
    if (at !== null && typeof at === 'object') {
      const last = path[path.length - 1];
      if (Array.isArray(at) && typeof last === 'number') at[last] = undefined;
      else delete at[last];
    }
  }
  // Drop holes left in arrays (a bad service entry goes; the others stay).
  const clean = (v: unknown): unknown => (Array.isArray(v) ? v.filter((x) => x !== undefined).map(clean) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)])) : v);
  return clean(copy) as Record<string, unknown>;
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

/**
 * With a config file, all = the file's stacks (what synth, CI and the tools build by default); a selection may
 * also name a built-in profile the file does not define (`STORMPROOF_PROFILES=cafe`), which is then
 * synthesized as shipped. A file stack of the same name wins.
 */
function select(all: readonly ProfileConfig[], selection: string | undefined, what: string, builtInsToo = false): ProfileConfig[] {
  const names = (selection ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0 || names.includes('all')) return [...all];
  const builtIns = builtInsToo ? Object.values(PROFILES).filter((p) => !all.some((a) => a.name === p.name)) : [];
  const candidates = [...all, ...builtIns];
  const known = candidates.map((p) => p.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    const guesses = unknown.map((u) => nearest(u, known)).filter(Boolean);
    const hint = guesses.length > 0 ? ` (did you mean ${guesses.map((g) => `"${g}"`).join(', ')}?)` : '';
    const also = builtIns.length > 0 ? `, or a built-in profile: ${builtIns.map((b) => b.name).join(', ')}` : '';
    const problem = `Unknown profile(s) ${unknown.map((u) => `"${u}"`).join(', ')}${hint} in STORMPROOF_PROFILES/context "profiles": use one or more of ${all.map((p) => p.name).join(', ')} (the ${what})${also}`;
    throw new ConfigError('selection', [problem], [], 'Invalid Stormproof stack selection');
  }
  return names.map((n) => {
    const p = candidates.find((c) => c.name === n)!;
    return all.includes(p) ? p : validateProfile(p);
  });
}

const refusal = (source: string, problems: readonly string[], stacks: readonly string[] = [], title = `Invalid Stormproof configuration ${source}`) =>
  new ConfigError(source, problems, stacks, title);
