/**
 * Reading a synthesized stack (`cdk.tf.json`): resources in a stable order, the references between them
 * (`${aws_lb.x.arn}` tokens anywhere in a resource's arguments), providers and their regions, and the
 * Availability Zone an argument names. Everything the deliverables draw or tabulate starts here.
 */

export type TfJson = Record<string, any>;

export interface Resource {
  /** `type.name`, as Terraform addresses it. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** The resource's arguments (cdktf's `//` metadata dropped). */
  readonly config: Record<string, any>;
  /** Region of the provider the resource uses. */
  readonly region: string;
  /** Provider alias (`aws.dr`), or `aws` for the default provider. */
  readonly provider: string;
}

const REF = /(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
const AZ_ELEMENT = /element\(data\.aws_availability_zones\.[A-Za-z0-9_-]+\.names,\s*(\d+)\)/;

/** Provider (`aws`, `aws.dr`) -> region, from the JSON's provider blocks. */
export function providerRegions(json: TfJson): Map<string, string> {
  const out = new Map<string, string>();
  const aws = json.provider?.aws;
  for (const p of aws ? (Array.isArray(aws) ? aws : [aws]) : []) {
    out.set(p.alias ? `aws.${p.alias}` : 'aws', typeof p.region === 'string' ? p.region : 'unknown region');
  }
  if (!out.has('aws')) out.set('aws', 'unknown region');
  return out;
}

/** Every managed resource, sorted by address (so every output built from it is deterministic). */
export function resources(json: TfJson): Resource[] {
  const regions = providerRegions(json);
  const out: Resource[] = [];
  for (const [type, byName] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    for (const [name, raw] of Object.entries<any>(byName ?? {})) {
      const { ['//']: _meta, ...config } = raw ?? {};
      const provider = typeof config.provider === 'string' ? config.provider : 'aws';
      out.push({ address: `${type}.${name}`, type, name, config, provider, region: regions.get(provider) ?? 'unknown region' });
    }
  }
  out.push(...autoModePools(json, out));
  return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** An EKS Auto Mode NodePool: EKS launches its nodes (no Terraform resource), drawn and tabled like a node group. */
export const AUTO_MODE_POOL_TYPE = 'eks_auto_mode_node_pool';
/** Tag of the nodes' security group that the NodeClass selects (src/constructs/compute/eks/eks-cluster.ts). */
const NODE_SECURITY_GROUP_TAG = 'stormproof.io/eks-nodes';

/** Pseudo-resources for the `eks_node_pools` output of an Auto Mode cluster: the cluster's subnets, the nodes' tagged group. */
function autoModePools(json: TfJson, all: readonly Resource[]): Resource[] {
  const pools = asArray<any>(json.output?.eks_node_pools?.value);
  return all
    .filter((c) => c.type === 'aws_eks_cluster' && asArray<any>(c.config.compute_config)[0]?.enabled === true)
    .flatMap((c) => {
      const groups = all.filter((g) => g.type === 'aws_security_group' && g.config.tags?.[NODE_SECURITY_GROUP_TAG] === c.config.name).map((g) => `\${${g.address}.id}`);
      return pools.map((p) => ({
        ...c,
        address: `${AUTO_MODE_POOL_TYPE}.${c.name}_${p.pool}`,
        type: AUTO_MODE_POOL_TYPE,
        name: `${c.name}_${p.pool}`,
        config: {
          node_group_name: `${p.pool} (Auto Mode NodePool)`,
          capacity_type: p.capacity_type,
          instance_types: p.instance_types,
          scaling_config: { min_size: p.min_size, desired_size: p.desired_size, max_size: p.max_size },
          subnet_ids: asArray<any>(c.config.vpc_config)[0]?.subnet_ids,
          vpc_security_group_ids: groups,
        },
      }));
    });
}

/** Addresses of managed resources a value references (strings anywhere inside it), excluding `self`. */
export function referencesIn(value: unknown, known: ReadonlySet<string>, self?: string): string[] {
  const found = new Set<string>();
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(REF)) {
        const addr = `${m[1]}.${m[2]}`;
        if (known.has(addr) && addr !== self) found.add(addr);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}

/** References per top-level argument: address -> the argument names that reference it. */
export function referencesByArgument(r: Resource, known: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of Object.keys(r.config).sort()) {
    if (key === 'provider' || key === 'lifecycle') continue;
    for (const addr of referencesIn(r.config[key], known, r.address)) out.set(addr, [...(out.get(addr) ?? []), key]);
  }
  return out;
}

/** The AZ an argument names: a literal (`eu-west-1a`) or cdktf's `element(data.aws_availability_zones.x.names, N)`. */
export function azOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = AZ_ELEMENT.exec(value);
  if (m) return azName(Number(m[1]));
  return /^\$\{/.test(value) ? undefined : value;
}

/** `AZ 1`, `AZ 2`, … for the Nth zone the region offers (the plan knows no zone names before apply). */
export function azName(index: number): string {
  return `AZ ${index + 1}`;
}

/** Literal value or undefined when it is a Terraform expression. */
export function literal<T>(value: T): T | undefined {
  return typeof value === 'string' && value.includes('${') ? undefined : value;
}

export const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Name a reviewer recognises: the resource's `name`/`identifier`/… argument, else its Name tag, else its address. */
export function displayName(r: Resource): string {
  const c = r.config;
  for (const key of ['name', 'identifier', 'replication_group_id', 'cluster_id', 'bucket', 'alarm_name', 'comment']) {
    if (typeof c[key] === 'string' && !c[key].includes('${')) return c[key];
  }
  if (typeof c.bucket_prefix === 'string') return `${c.bucket_prefix}…`;
  // The Name tag before name_prefix: security groups carry their readable name there (the prefix gets a suffix).
  if (typeof c.tags?.Name === 'string' && !c.tags.Name.includes('${')) return c.tags.Name;
  if (typeof c.name_prefix === 'string') return `${c.name_prefix}…`;
  return r.name;
}

/** Reads a stack's `cdk.tf.json`. */
export function parseStack(text: string, file: string): TfJson {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}): synthesize again with \`npm run synth\``);
  }
}

/** The default (unaliased) AWS provider's default_tags (cdktf writes them as a one-element list). */
export function defaultTags(json: TfJson): Record<string, string> {
  const main = asArray(json.provider?.aws).find((p: any) => !p?.alias);
  const dt = main?.default_tags;
  return (Array.isArray(dt) ? dt[0]?.tags : dt?.tags) ?? {};
}
