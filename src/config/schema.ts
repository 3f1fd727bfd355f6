/**
 * Run-time checks of a config file's shape against stormproof.schema.json (generated from types.ts), with
 * problems users can act on: the path as they wrote it, "did you mean" for unknown keys and enumerations,
 * and the expected type for wrong ones. The validators are Ajv's standalone code for that schema
 * (schema-validators.js, generated with it by `npm run config:schema`), loaded only when a config file is read.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { nearest } from './suggest';

let compiled: { file: ValidateFunction; profile: ValidateFunction } | undefined;
function validators() {
  // A require here, not an import: esbuild then loads the generated validators only when a config file is read.
  compiled ??= require('./schema-validators') as { file: ValidateFunction; profile: ValidateFunction };
  return compiled;
}

/** Where a problem is, as the segments of a JSON path (keys and array indices). */
export type Path = readonly (string | number)[];

/** `stacks.shop-prod.services[1].capacity.min`: how users read and write paths. */
export function formatPath(path: Path): string {
  return path
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z0-9_$-]+$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `[${JSON.stringify(s)}]`))
    .join('');
}

/** Problems of a whole config file as written (unknown keys, types, enumerations); empty when its shape is right. */
export function fileShapeProblems(file: unknown): string[] {
  const validate = validators().file;
  return validate(file) ? [] : describe(validate.errors ?? [], (path) => formatPath(path));
}

/** Where the shape problems of a config file are (JSON paths of values to drop so the rest can still be checked). */
export function fileShapeErrorPaths(file: unknown): Path[] {
  const validate = validators().file;
  if (validate(file)) return [];
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'required' && e.keyword !== 'additionalProperties' && e.keyword !== 'propertyNames' && e.keyword !== 'minProperties')
    .map((e) => toPath(e.instancePath));
}

const toPath = (instancePath: string): (string | number)[] =>
  instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** Problems of a merged profile's shape (e.g. a new service missing a field), located by `locate`. */
export function profileShapeProblems(profile: unknown, locate: (path: Path) => string): string[] {
  const validate = validators().profile;
  return validate(profile) ? [] : describe(validate.errors ?? [], locate);
}

function describe(errors: readonly ErrorObject[], locate: (path: Path) => string): string[] {
  const out = new Set<string>();
  // Missing fields are listed together per object: a new service lacking nine fields is one problem.
  const missing = new Map<string, { path: Path; fields: string[] }>();
  for (const e of errors) {
    const path = toPath(e.instancePath);
    if (e.keyword === 'required') {
      const entry = missing.get(e.instancePath) ?? { path, fields: [] };
      entry.fields.push((e.params as { missingProperty: string }).missingProperty);
      missing.set(e.instancePath, entry);
      out.add(`\0${e.instancePath}`);
      continue;
    }
    const message = explain(e, path, locate);
    if (message) out.add(message);
  }
  return [...out].map((m) => {
    if (!m.startsWith('\0')) return m;
    const { path, fields } = missing.get(m.slice(1))!;
    if (path.length === 2 && fields.includes('extends')) return `${locate([...path, 'extends'])} is required: name the built-in profile this stack starts from`;
    const what = path.length === 0 ? 'stacks is required: add { "stacks": { "my-site": { "extends": "cafe" } } }' : `misses ${fields.join(', ')}`;
    return path.length === 0 ? what : `${locate(path)} ${what}: a new ${path[path.length - 2] === 'services' ? 'service' : typeof path[path.length - 1] === 'number' ? 'entry' : 'section'} needs every required field (see stormproof.schema.json)`;
  });
}

function explain(e: ErrorObject, path: (string | number)[], locate: (path: Path) => string): string | undefined {
  const at = locate(path);
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const guess = nearest(p.additionalProperty, known);
      const fix = guess ? `did you mean "${guess}"?` : `use one of ${known.join(', ')}`;
      return `${locate([...path, p.additionalProperty])} is not a known setting: ${fix}`;
    }
    case 'type':
      return `${at} must be ${article(p.type)}, not ${kindOf(e.data)}${quotedFix(p.type, e.data)}`;
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const guess = typeof e.data === 'string' ? nearest(e.data, p.allowedValues as string[]) : undefined;
      // A long list (the AWS regions) is not worth printing whole: the nearest name, else an example.
      if (allowed.length > 8) {
        const what = path[path.length - 1] === 'region' ? 'an AWS region' : 'a known value';
        return `${at} ${JSON.stringify(e.data)} is not ${what}: ${guess ? `did you mean "${guess}"?` : `use e.g. ${allowed[0]}`}`;
      }
      return `${at} ${JSON.stringify(e.data)} is not one of ${allowed.join(', ')}${guess ? `: did you mean "${guess}"?` : ''}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' }[e.keyword];
      return `${at} (${JSON.stringify(e.data)}) must be ${bound} ${p.limit}`;
    }
    case 'propertyNames':
      return `${at}: stack name "${p.propertyName}" must be 1-20 lowercase letters, digits or dashes, starting with a letter`;
    case 'pattern':
      // The stack-name pattern is reported once, by its propertyNames error.
      return e.schemaPath.includes('/propertyNames/') ? undefined : `${at} "${e.data}" must match ${p.pattern}${e.parentSchema && (e.parentSchema as { description?: string }).description ? ` (${(e.parentSchema as { description: string }).description.split('\n')[0]})` : ''}`;
    case 'minProperties':
      return `${at} is empty: add a stack, e.g. "my-site": { "extends": "cafe" }`;
    default:
      return `${at} ${e.message}`;
  }
}

const article = (type: string) =>
  ({ boolean: 'a boolean (true or false)', number: 'a number', integer: 'a whole number', string: 'a string', object: 'an object ({ ... })', array: 'an array ([ ... ])' })[type] ?? type;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

/** `"false"` for a boolean, `"5"` for a number: the value is right, the quotes are not. */
function quotedFix(type: string, value: unknown): string {
  if (typeof value !== 'string') return '';
  if (type === 'boolean' && /^(true|false)$/.test(value)) return `: write ${value} without quotes`;
  if ((type === 'number' || type === 'integer') && value.trim() !== '' && !Number.isNaN(Number(value))) return `: write ${Number(value)} without quotes`;
  return '';
}
