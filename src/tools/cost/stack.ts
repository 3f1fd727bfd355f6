/**
 * Reading a synthesized stack (`cdk.tf.json`) for pricing: its resources with their Terraform addresses
 * and regions (through provider aliases), references between them, and the stack's environment. Built on
 * src/tools/tfjson, the reader every tool shares; `body` is the resource's arguments (`config` there).
 */

import { StackIndex, defaultTags, mainRegion, providerRegions } from '../tfjson';

export type Block = Record<string, any>;

/** The parts of a `cdk.tf.json` cost reads (a narrower view of the shared reader's TfJson). */
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
  /** The same resources through the tools' shared reader (references, referrers, typed views). */
  readonly index: StackIndex;
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

/** Builds the pricing view of a stack from its synthesized JSON, through the tools' one reader (src/tools/tfjson). */
export function readStack(name: string, json: TfJson): Stack {
  const regions = providerRegions(json);
  const region = mainRegion(regions);
  if (!region) {
    throw new Error(`stack ${name}: the default aws provider has no literal region (found "${regions.get('aws')}"); cost needs one to pick the price table`);
  }
  const index = StackIndex.fromJson(name, json);
  const resources: Resource[] = index.all.map((r) => {
    if (r.provider !== 'aws' && !mainRegion(new Map([['aws', r.region]]))) throw new Error(`stack ${name}: provider "${r.provider}" has no literal region`);
    return { type: r.type, name: r.name, address: r.address, region: r.region, body: r.config };
  });
  const environment = String(defaultTags(json).Environment ?? 'production');
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  return {
    name,
    region,
    environment,
    resources,
    index,
    ofType: (type) => resources.filter((r) => r.type === type),
    byAddress: (address) => byAddress.get(address),
  };
}
