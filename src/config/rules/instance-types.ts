/**
 * The EC2 instance types, RDS instance classes and ElastiCache node types config accepts: a dated list (a
 * plain data module, no provider imports) that validation and the cost price tables (src/tools/cost/prices/*.json,
 * whose every priced type a unit test requires to be in here) both rely on. Families and sizes as AWS lists
 * them for current generations, read from the EC2 / RDS / ElastiCache instance-type pages on
 * INSTANCE_TYPES_READ; add a family here when AWS launches one.
 */
import { nearest } from '../suggest';

export const INSTANCE_TYPES_READ = '2026-12-06';

const BURST = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const up = (last: string, from = 'large') => {
  const all = ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge', '48xlarge'];
  return all.slice(all.indexOf(from), all.indexOf(last) + 1);
};
const G6 = [...up('16xlarge', 'medium'), 'metal'];
const G8 = [...up('48xlarge', 'medium'), 'metal-24xl', 'metal-48xl'];
const X5 = [...up('4xlarge'), '8xlarge', '12xlarge', '16xlarge', '24xlarge', 'metal'].filter((s, i, a) => a.indexOf(s) === i);
const X6I = [...up('32xlarge'), 'metal'];
const X6A = [...up('48xlarge'), 'metal'];
const X7I = [...up('48xlarge'), 'metal-24xl', 'metal-48xl'];
const X7A = [...up('48xlarge', 'medium'), 'metal-48xl'];

/** EC2: family → sizes. */
export const EC2_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  t2: BURST, t3: BURST, t3a: BURST, t4g: BURST,
  m5: X5, m5a: X5, m5d: X5, m5n: X5, m6i: X6I, m6id: X6I, m6in: X6I, m6a: X6A, m7i: X7I, 'm7i-flex': up('16xlarge'), m7a: X7A,
  m6g: G6, m6gd: G6, m7g: G6, m7gd: G6, m8g: G8,
  c5: ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '12xlarge', '18xlarge', '24xlarge', 'metal'],
  c5a: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  c5n: ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '18xlarge', 'metal'],
  c6i: X6I, c6id: X6I, c6in: X6I, c6a: X6A, c7i: X7I, 'c7i-flex': up('16xlarge'), c7a: X7A,
  c6g: G6, c6gd: G6, c6gn: up('16xlarge', 'medium'), c7g: G6, c7gd: G6, c7gn: G6, c8g: G8,
  r5: X5, r5a: X5, r5d: X5, r5n: X5, r6i: X6I, r6id: X6I, r6in: X6I, r6a: X6A, r7i: X7I, r7a: X7A,
  r6g: G6, r6gd: G6, r7g: G6, r7gd: G6, r8g: G8,
  x2gd: G6, i4i: [...up('32xlarge'), 'metal'], i4g: up('16xlarge'), g4dn: ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', 'metal'],
  g5: ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
};

/** RDS (PostgreSQL and MySQL): `db.<family>` → sizes. */
export const RDS_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  't3': ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  't4g': ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  m5: up('24xlarge'), m5d: up('24xlarge'), m6i: up('32xlarge'), m6id: up('32xlarge'), m7i: up('48xlarge'),
  m6g: up('16xlarge'), m6gd: up('16xlarge'), m7g: up('16xlarge'), m8g: up('48xlarge'),
  r5: up('24xlarge'), r5b: up('24xlarge'), r5d: up('24xlarge'), r6i: up('32xlarge'), r6id: up('32xlarge'), r7i: up('48xlarge'),
  r6g: up('16xlarge'), r6gd: up('16xlarge'), r7g: up('16xlarge'), r8g: up('48xlarge'),
  x2g: up('16xlarge'),
};

/** ElastiCache (Valkey and Redis OSS): `cache.<family>` → sizes. */
export const CACHE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  t3: ['micro', 'small', 'medium'], t4g: ['micro', 'small', 'medium'],
  m5: ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'],
  m6g: up('16xlarge'), m7g: up('16xlarge'),
  r5: ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'],
  r6g: up('16xlarge'), r7g: up('16xlarge'), r6gd: up('16xlarge', 'xlarge'),
  c7gn: up('16xlarge'),
};

/** Families AWS retired for new RDS / ElastiCache resources, with what to use instead. */
const RETIRED: Readonly<Record<string, string>> = {
  'db.t2': 'db.t2 is a previous generation that current RDS PostgreSQL and MySQL versions no longer offer (and it never had a nano size): use db.t4g or db.t3',
  'db.m4': 'db.m4 is a previous generation current RDS engine versions no longer offer: use db.m7g or db.m6i',
  'db.r4': 'db.r4 is a previous generation current RDS engine versions no longer offer: use db.r7g or db.r6i',
  'cache.t2': 'cache.t2 is a previous generation: use cache.t4g or cache.t3',
  'cache.m4': 'cache.m4 is a previous generation: use cache.m7g',
  'cache.r4': 'cache.r4 is a previous generation: use cache.r7g',
};

export type InstanceKind = 'ec2' | 'rds' | 'elasticache';

const KINDS: Readonly<Record<InstanceKind, { prefix: string; families: Readonly<Record<string, readonly string[]>>; what: string; example: string }>> = {
  ec2: { prefix: '', families: EC2_FAMILIES, what: 'an EC2 instance type', example: 't3.small' },
  rds: { prefix: 'db.', families: RDS_FAMILIES, what: 'an RDS instance class', example: 'db.t4g.medium' },
  elasticache: { prefix: 'cache.', families: CACHE_FAMILIES, what: 'an ElastiCache node type', example: 'cache.t4g.small' },
};

/** Every known type of a kind, e.g. `db.t4g.micro`. */
export function knownTypes(kind: InstanceKind): string[] {
  const { prefix, families } = KINDS[kind];
  return Object.entries(families).flatMap(([family, sizes]) => sizes.map((size) => `${prefix}${family}.${size}`));
}

/** True when `type` is a known type of `kind`. */
export function isKnownType(kind: InstanceKind, type: string): boolean {
  const { prefix, families } = KINDS[kind];
  if (!type.startsWith(prefix)) return false;
  const [family, size, ...rest] = type.slice(prefix.length).split('.');
  return rest.length === 0 && Object.prototype.hasOwnProperty.call(families, family) && families[family].includes(size);
}

/** Undefined when `type` is known, else the problem for `field` with the nearest known type or the family's sizes. */
export function instanceTypeProblem(kind: InstanceKind, field: string, type: string): string | undefined {
  if (isKnownType(kind, type)) return undefined;
  const { prefix, families, what, example } = KINDS[kind];
  const head = `${field} "${type}" is not ${what}`;
  const parts = type.startsWith(prefix) ? type.slice(prefix.length).split('.') : [];
  const retired = RETIRED[`${prefix}${parts[0]}`];
  if (retired) return `${head}: ${retired}`;
  if (parts.length === 2 && Object.prototype.hasOwnProperty.call(families, parts[0])) {
    const sizes = families[parts[0]];
    const guess = nearest(parts[1], sizes);
    return `${head}: ${prefix}${parts[0]} comes in ${sizes.join(', ')}${guess ? `: did you mean "${prefix}${parts[0]}.${guess}"?` : ''}`;
  }
  if (prefix && !type.startsWith(prefix) && isKnownType(kind, `${prefix}${type}`)) return `${head}: did you mean "${prefix}${type}"?`;
  const guess = nearest(type, knownTypes(kind));
  return `${head} (list of ${INSTANCE_TYPES_READ} in src/config/rules/instance-types.ts): ${guess ? `did you mean "${guess}"?` : `use family.size, e.g. "${example}"`}`;
}
