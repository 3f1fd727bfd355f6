/**
 * Fills `value`'s missing (or undefined) fields from `defaults`: the effective settings a construct will
 * use, for checks that run before the construct exists (config validation). The defaults themselves live
 * next to each construct (`DATABASE_DEFAULTS`...), so each is written once.
 */
export function withDefaults<D extends object, V extends object>(defaults: D, value: V): D & V {
  const defined = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return { ...defaults, ...defined } as D & V;
}
