/**
 * A stack = its profile with the overrides merged in: objects deep-merge, `services` merge by name (a new
 * name adds a service, `"remove": true` drops one), other arrays and values replace. Each problem found in
 * the merged profile is then located where the user wrote it (`stacks.shop-prod.services[1]...`).
 */
import { ProfileConfig, ServiceConfig } from './types';
import { ServiceOverride, StackConfig } from './file';
import { profileShapeProblems, formatPath, Path } from './schema';
import { nearest } from './suggest';

export interface MergedStack {
  readonly profile: ProfileConfig;
  /** Problems of the merge itself and of the merged shape, already located. */
  readonly problems: readonly string[];
  /** Rewrites a problem of the merged profile (`services[2] (api).appPort ...`) to the user's path. */
  readonly locate: (problem: string) => string;
}

export function mergeStack(name: string, stack: StackConfig, base: ProfileConfig): MergedStack {
  const { extends: _profile, services: serviceOverrides, ...rest } = stack;
  const problems: string[] = [];
  const merged = deepMerge(base, rest) as ProfileConfig;
  // services[i] of the merged profile came from the user's services[userIndex[i]], when they named it.
  const userIndex = new Map<number, number>();
  const services: (ServiceConfig | undefined)[] = [...base.services];
  const origin: (number | undefined)[] = base.services.map(() => undefined);
  (serviceOverrides ?? []).forEach((o: ServiceOverride, j) => {
    const { remove, ...fields } = o;
    const i = services.findIndex((s) => s?.name === o.name);
    if (remove) {
      if (i >= 0) services[i] = undefined;
      else {
        const guess = nearest(o.name, base.services.map((s) => s.name));
        problems.push(`stacks.${name}.services[${j}] removes "${o.name}", which profile "${stack.extends}" does not have: ${guess ? `did you mean "${guess}"?` : `its services are ${base.services.map((s) => s.name).join(', ')}`}`);
      }
    } else if (i >= 0) {
      services[i] = deepMerge(services[i], fields) as ServiceConfig;
      origin[i] = j;
    } else {
      services.push(fields as ServiceConfig);
      origin.push(j);
    }
  });
  const kept = services.map((s, i) => ({ s, j: origin[i] })).filter((x) => x.s !== undefined);
  kept.forEach((x, i) => x.j !== undefined && userIndex.set(i, x.j));
  const profile: ProfileConfig = { ...merged, name, services: kept.map((x) => x.s!) };

  const at = (path: Path): string => {
    if (path[0] === 'services' && typeof path[1] === 'number') {
      const j = userIndex.get(path[1]);
      return j !== undefined ? formatPath(['stacks', name, 'services', j, ...path.slice(2)]) : `stacks.${name} (from profile "${stack.extends}"): ${formatPath(path)}`;
    }
    return formatPath(['stacks', name, ...path]);
  };
  problems.push(...profileShapeProblems(profile, at));

  const topLevel = new Set(Object.keys(profile));
  const locate = (problem: string): string => {
    const service = /^services\[(\d+)\] \([^)]*\)/.exec(problem);
    if (service) {
      const i = Number(service[1]);
      const j = userIndex.get(i);
      const rest = problem.slice(service[0].length);
      return j !== undefined ? formatPath(['stacks', name, 'services', j]) + rest : `stacks.${name} (from profile "${stack.extends}"): ${service[0]}${rest}`;
    }
    const field = /^([A-Za-z]+)[.[ ]/.exec(problem);
    return field && topLevel.has(field[1]) ? `stacks.${name}.${problem}` : `stacks.${name}: ${problem}`;
  };
  return { profile, problems, locate };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; anything else in `over` (arrays included) replaces what `base` has. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}
