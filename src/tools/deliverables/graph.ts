/** The state every step of the architecture graph shares: resources and their references, the network, the graph so far. */
import type { GraphEdge, GraphNode, Subnet, SubnetTier, Vpc } from './model-types';
import { familyOf } from './families';
import { Resource, TfJson, azOf, displayName, literal, referencesIn, resources } from './tfjson';

export interface Graph {
  readonly json: TfJson;
  readonly all: readonly Resource[];
  readonly byAddr: ReadonlyMap<string, Resource>;
  readonly known: ReadonlySet<string>;
  /** Each resource's references to other resources of the stack. */
  readonly refs: ReadonlyMap<string, string[]>;
  readonly vpcs: Vpc[];
  readonly subnets: Subnet[];
  readonly subnetBy: ReadonlyMap<string, Subnet>;
  /** Resources a family draws (families.ts). */
  readonly drawn: readonly Resource[];
  readonly drawnSet: ReadonlySet<string>;
  readonly nodes: GraphNode[];
  /** Resource address -> its main node id. */
  readonly nodeOf: Map<string, string>;
  readonly edges: GraphEdge[];
  ofType(t: string | RegExp): Resource[];
  refsOfType(address: string, type: string): string[];
}

export const nodeId = (address: string) => `n_${address.replace(/[^A-Za-z0-9]/g, '_')}`;
/** Plumbing that never becomes a node nor connects two (network, security groups, keys). */
export const STRUCTURAL = /^aws_(vpc|subnet|security_group|vpc_security_group_|kms_|route|internet_gateway|nat_gateway|eip|default_)/;

/** The stack's resources and references, and its VPCs and subnets with their tier from the routes. */
export function newGraph(json: TfJson): Graph {
  const all = resources(json);
  const byAddr = new Map(all.map((r) => [r.address, r]));
  const known = new Set(byAddr.keys());
  const refs = new Map(all.map((r) => [r.address, referencesIn(r.config, known, r.address)]));
  const ofType = (t: string | RegExp) => all.filter((r) => (typeof t === 'string' ? r.type === t : t.test(r.type)));
  const refsOfType = (addr: string, type: string) => (refs.get(addr) ?? []).filter((a) => a.startsWith(`${type}.`));
  const vpcs: Vpc[] = ofType('aws_vpc').map((r) => ({ address: r.address, cidr: String(literal(r.config.cidr_block) ?? 'IPAM'), region: r.region, name: displayName(r) }));
  const routesOf = (table: string) => [
    ...ofType('aws_route').filter((r) => refsOfType(r.address, 'aws_route_table').includes(table)).flatMap((r) => refs.get(r.address) ?? []),
    ...referencesIn(byAddr.get(table)?.config.route, known),
  ];
  const subnets: Subnet[] = ofType('aws_subnet').map((r) => {
    const tables = ofType('aws_route_table_association').filter((a) => refsOfType(a.address, 'aws_subnet').includes(r.address)).flatMap((a) => refsOfType(a.address, 'aws_route_table'));
    const targets = tables.flatMap(routesOf);
    const tier: SubnetTier = targets.some((t) => t.startsWith('aws_internet_gateway.'))
      ? 'public'
      : targets.some((t) => t.startsWith('aws_nat_gateway.') || t.startsWith('aws_ec2_transit_gateway'))
        ? 'private'
        : 'isolated';
    return {
      address: r.address,
      vpc: refsOfType(r.address, 'aws_vpc')[0] ?? '',
      az: azOf(r.config.availability_zone) ?? azOf(r.config.availability_zone_id) ?? 'any AZ',
      tier,
      cidr: String(literal(r.config.cidr_block) ?? ''),
      name: typeof r.config.tags?.Name === 'string' ? r.config.tags.Name : r.name,
    };
  });
  const drawn = all.filter((r) => familyOf(r.type).kind);
  return {
    json, all, byAddr, known, refs, vpcs, subnets,
    subnetBy: new Map(subnets.map((s) => [s.address, s])),
    drawn,
    drawnSet: new Set(drawn.map((r) => r.address)),
    nodes: [],
    nodeOf: new Map(),
    edges: [],
    ofType,
    refsOfType,
  };
}

/** Adds an edge, or the edge's sources to the same edge already there. */
export function addEdge(g: Graph, e: GraphEdge): void {
  const same = g.edges.find((x) => x.from === e.from && x.to === e.to && x.label === e.label);
  if (same) (same.sources as string[]).push(...e.sources.filter((s) => !same.sources.includes(s)));
  else g.edges.push({ ...e, sources: [...e.sources] });
}

/** Two nodes already joined by an edge, either way. */
export const linked = (g: Graph, a: string, b: string) => g.edges.some((e) => (e.from === a && e.to === b) || (e.from === b && e.to === a));
