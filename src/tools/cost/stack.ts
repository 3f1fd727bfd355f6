/**
 * Reading a synthesized stack (`cdk.tf.json`) for pricing: its resources with their Terraform addresses
 * and regions (through provider aliases), references between them, and the stack's environment.
 */

export type Block = Record<string, any>;

export interface TfJson {
  readonly provider?: { readonly aws?: readonly Block[] };
  readonly resource?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, Block>;
}

/**
 * An EKS Auto Mode NodePool, priced like a node group: EKS launches its nodes, so it is no Terraform resource;
 * read from the `eks_node_pools` output, spanning the cluster's subnets.
 */
export const AUTO_MODE_POOL_TYPE = 'eks_auto_mode_node_pool';

export interface Resource {
  readonly type: string;
  readonly name: string;
  /** Terraform resource address, `type.name`. */
  readonly address: string;
  /** AWS region the resource lives in (its provider's region). */
  readonly region: string;
  readonly body: Block;
}

export interface Stack {
  readonly name: string;
  /** Region of the default (unaliased) AWS provider. */
  readonly region: string;
  /** `Environment` from the provider's default tags (`production` when absent: savings stay conservative). */
  readonly environment: string;
  readonly resources: readonly Resource[];
  ofType(type: string): Resource[];
  byAddress(address: string): Resource | undefined;
}

const asList = (v: unknown): any[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
export { asList };

/** Addresses (`type.name`) a value refers to through `${type.name.attr}` interpolations, in order. */
export function refsIn(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return [...text.matchAll(/\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g)].map((m) => `${m[1]}.${m[2]}`);
}

/** Builds the pricing view of a stack from its synthesized JSON. */
export function readStack(name: string, json: TfJson): Stack {
  const providers = asList(json.provider?.aws);
  const main = providers.find((p) => !p.alias);
  const region = String(main?.region ?? '');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new Error(`stack ${name}: the default aws provider has no literal region (found "${region}"); cost needs one to pick the price table`);
  }
  const regionOf = (provider: unknown): string => {
    if (provider === undefined) return region;
    const alias = String(provider).replace(/^aws\./, '');
    const p = providers.find((x) => x.alias === alias);
    if (!p?.region) throw new Error(`stack ${name}: provider "${provider}" has no literal region`);
    return String(p.region);
  };
  const resources: Resource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [rname, body] of Object.entries(byName)) {
      resources.push({ type, name: rname, address: `${type}.${rname}`, region: regionOf(body.provider), body });
    }
  }
  // Auto Mode clusters: their NodePools (from the eks_node_pools output) as pseudo-resources over the cluster's subnets.
  const pools = asList(json.output?.eks_node_pools?.value);
  for (const cluster of resources.filter((r) => r.type === 'aws_eks_cluster' && asList(r.body.compute_config)[0]?.enabled === true)) {
    for (const pool of pools) {
      const subnet_ids = asList(cluster.body.vpc_config)[0]?.subnet_ids;
      const name = `${cluster.name}_${pool.pool}`;
      resources.push({ type: AUTO_MODE_POOL_TYPE, name, address: `${AUTO_MODE_POOL_TYPE}.${name}`, region: cluster.region, body: { ...pool, subnet_ids } });
    }
  }
  const environment = String(main?.default_tags?.[0]?.tags?.Environment ?? main?.default_tags?.tags?.Environment ?? 'production');
  const index = new Map(resources.map((r) => [r.address, r]));
  return {
    name,
    region,
    environment,
    resources,
    ofType: (type) => resources.filter((r) => r.type === type),
    byAddress: (address) => index.get(address),
  };
}
