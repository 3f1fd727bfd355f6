/**
 * The architecture graph of one synthesized stack, built only from the JSON: VPCs, subnets by AZ and
 * tier (public = routes to an internet gateway, private = routes through NAT, isolated = neither), one
 * node per load-bearing resource (families.ts), placed by the subnets it references, and edges from
 * security-group rules (ports), from references between nodes, and from resources that connect two
 * nodes (IAM policies, associations, scaling policies, backup selections).
 */
import { TfJson, providerRegions } from './tfjson';
import type { Resource } from './tfjson';
import { newGraph } from './graph';
import { placeNodes } from './graph-nodes';
import { connectorEdges, membershipEdges, referenceEdges, trafficEdges } from './graph-edges';
import { securityRules } from './security-rules';
import type { GraphEdge, GraphNode, SecurityRule, Subnet, Vpc } from './model-types';

export { ports, securityRules } from './security-rules';
export type { GraphEdge, GraphNode, NodeKind, SecurityRule, Subnet, SubnetTier, Vpc } from './model-types';

export interface ArchitectureModel {
  readonly stack: string;
  readonly regions: readonly string[];
  readonly vpcs: readonly Vpc[];
  readonly subnets: readonly Subnet[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly rules: readonly SecurityRule[];
  /** Rules with no drawn resource on one side (e.g. a group nothing uses yet). */
  readonly unmappedRules: readonly string[];
  readonly resources: readonly Resource[];
  /** The synthesized JSON the model was built from (what needs more than the graph reads it: the DR objectives). */
  readonly json?: TfJson;
}

/** The graph of a stack: network first, then the nodes placed in it, then every kind of edge. */
export function buildModel(stack: string, json: TfJson): ArchitectureModel {
  const g = newGraph(json);
  placeNodes(g);
  const rules = securityRules(g.all, g.known);
  const unmappedRules = trafficEdges(g, rules);
  referenceEdges(g);
  membershipEdges(g);
  connectorEdges(g);
  const order = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    stack,
    // Regions: the default provider's first, then the others in the order the JSON lists them.
    regions: [...new Set(providerRegions(json).values())],
    vpcs: g.vpcs,
    subnets: g.subnets,
    nodes: g.nodes.sort(order),
    edges: g.edges.sort((a, b) => `${a.from} ${a.to} ${a.label}`.localeCompare(`${b.from} ${b.to} ${b.label}`)),
    rules,
    unmappedRules,
    resources: g.all,
    json,
  };
}
