/**
 * `npm run config:show -- <stack>`: the effective configuration of one stack, every value with where it
 * came from: `your file` (stormproof.config.json or STORMPROOF_CONFIG), `profile <name>` (the built-in
 * profile it extends) or `default` (the construct's documented default, used when neither sets it).
 * Runs the same loader as synth, so a refused config prints the same problems.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_FILE, loadStacks, NO_CONFIG, parseConfigText } from './load';
import { PROFILES } from './profiles';
import { ProfileConfig } from './types';
import { cacheDefaults } from '../constructs/data/cache-props';
import { databaseDefaults } from '../constructs/data/database-props';
import { QUEUE_DEFAULTS } from '../constructs/data/queue-props';
import { LOAD_BALANCER_DEFAULTS } from '../constructs/network/load-balancer-props';
import { SERVICE_DEFAULTS } from '../constructs/compute/ec2/service-props';

export type Origin = 'your file' | `profile ${string}` | 'default';

export interface ShownValue {
  readonly path: string;
  readonly value: unknown;
  readonly origin: Origin;
}

export interface ShownStack {
  readonly stack: string;
  /** The built-in profile the stack extends (itself for a built-in profile). */
  readonly profile: string;
  /** The config file the stack comes from, when it does. */
  readonly file?: string;
  readonly values: readonly ShownValue[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The effective config of `stack`, as synth builds it from `configPath` (STORMPROOF_CONFIG) or cwd's stormproof.config.json. */
export function showStack(stack: string, cwd: string, configPath: string | undefined): ShownStack {
  const [profile] = loadStacks({ configPath, selection: stack, cwd });
  const file = configPath === NO_CONFIG ? undefined : configPath ? resolve(cwd, configPath) : resolve(cwd, CONFIG_FILE);
  const text = file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const stacks = text ? ((parseConfigText(text, file!).value as Json)?.stacks as Json | undefined) : undefined;
  const own = isObject(stacks?.[stack]) ? (stacks![stack] as Json) : undefined;
  const base = own ? PROFILES[own.extends as keyof typeof PROFILES] : PROFILES[stack];
  const values: ShownValue[] = [];
  walk(withDefaults(profile), [], (path, value, fromDefault) => {
    if (path[0] === 'name') return;
    const origin: Origin = has(own, path, profile) ? 'your file' : fromDefault ? 'default' : `profile ${base.name}`;
    values.push({ path: format(path, profile), value, origin });
  });
  return { stack, profile: base.name, file: own ? configPath ?? CONFIG_FILE : undefined, values };
}

/** The profile with each construct's defaults filled in where it says nothing; leaves from defaults are marked. */
const DEFAULTED = Symbol('default');
function withDefaults(p: ProfileConfig): Json {
  const mark = (defaults: Json, given: Json | undefined): Json => {
    const out: Json = { ...(given ?? {}) };
    for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined && v !== undefined) out[k] = { [DEFAULTED]: true, v };
    return out;
  };
  const out: Json = { ...p, loadBalancer: mark(LOAD_BALANCER_DEFAULTS, p.loadBalancer as Json | undefined) };
  out.services = p.services.map((s) => mark(SERVICE_DEFAULTS as Json, s as unknown as Json));
  if (p.database) out.database = mark(databaseDefaults(p.database.engine) as Json, p.database as unknown as Json);
  if (p.cache) out.cache = mark(cacheDefaults(p.cache.engine) as Json, p.cache as unknown as Json);
  if (p.queue) out.queue = mark(QUEUE_DEFAULTS as Json, p.queue as unknown as Json);
  return out;
}

function walk(value: unknown, path: (string | number)[], visit: (path: (string | number)[], value: unknown, fromDefault: boolean) => void): void {
  if (isObject(value) && (value as Record<symbol, unknown>)[DEFAULTED]) return visit(path, value.v, true);
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) walk(v, [...path, k], visit);
    return;
  }
  // Arrays of objects are listed item by item (services merge by name; other arrays replace whole: see has()).
  if (Array.isArray(value) && value.some(isObject)) return value.forEach((s, i) => walk(s, [...path, i], visit));
  visit(path, value, false);
}

/** Whether `tree` (a user's stack or a profile) sets `path`; services are matched by name, other arrays count whole. */
function has(tree: Json | undefined, path: readonly (string | number)[], profile: ProfileConfig): boolean {
  let at: unknown = tree;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (i === 1 && path[0] === 'services' && typeof seg === 'number') {
      const name = profile.services[seg].name;
      at = Array.isArray(at) ? at.find((s) => isObject(s) && s.name === name) : undefined;
      if (at === undefined) return false;
      continue;
    }
    if (Array.isArray(at)) return true;
    if (!isObject(at) || !(seg in at)) return false;
    at = at[seg as string];
  }
  return at !== undefined;
}

const format = (path: readonly (string | number)[], p: ProfileConfig) =>
  path.map((s, i) => (i === 1 && path[0] === 'services' && typeof s === 'number' ? `[${p.services[s].name}]` : typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${s}`)).join('');

/** The table `config:show` prints. */
export function showText(shown: ShownStack): string {
  const head = `${shown.stack}: extends profile ${shown.profile}${shown.file ? `, from ${shown.file}` : ' (built-in profile)'}`;
  const rows = shown.values.map((v) => [v.path, JSON.stringify(v.value), v.origin]);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.min(48, Math.max(...rows.map((r) => r[1].length)));
  return [head, ...rows.map(([p, v, o]) => `  ${p.padEnd(w0)}  ${(v.length > 48 ? `${v.slice(0, 45)}...` : v).padEnd(w1)}  ${o}`)].join('\n');
}

export function main(argv: readonly string[]): void {
  const stack = argv.find((a) => !a.startsWith('--'));
  if (!stack) throw new Error('usage: npm run config:show -- <stack> [--json]');
  const shown = showStack(stack, process.cwd(), process.env.STORMPROOF_CONFIG || undefined);
  process.stdout.write(`${argv.includes('--json') ? JSON.stringify(shown, null, 2) : showText(shown)}\n`);
}
