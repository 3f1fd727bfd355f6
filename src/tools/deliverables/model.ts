/**
 * The architecture graph of one synthesized stack, built only from the JSON: VPCs, subnets by AZ and
 * tier (public = routes to an internet gateway, private = routes through NAT, isolated = neither), one
 * node per load-bearing resource (families.ts), placed by the subnets it references, and edges from
 * security-group rules (ports), from references between nodes, and from resources that connect two
 * nodes (IAM policies, associations, scaling policies, backup selections).
 */
import { Kind } from './families';
import { TfJson, providerRegions } from './tfjson';
import type { Resource } from './tfjson';
import { newGraph } from './graph';
import { placeNodes } from './graph-nodes';
import { connectorEdges, membershipEdges, referenceEdges, trafficEdges } from './graph-edges';
import { securityRules } from './security-rules';

export { ports, securityRules } from './security-rules';

export type SubnetTier = 'public' | 'private' | 'isolated';

export interface Subnet {
  readonly address: string;
  readonly vpc: string;
  readonly az: string;
  readonly tier: SubnetTier;
  readonly cidr: string;
  readonly name: string;
}

export interface Vpc {
  readonly address: string;
  readonly cidr: string;
  readonly region: string;
  readonly name: string;
}

export type NodeKind = Kind | 'internet' | 'instances' | 'standby' | 'replica member' | 'cidr';

export interface GraphNode {
  /** Graphviz id. */
  readonly id: string;
  /** The resource this node draws (virtual parts like a standby use `address#part`). */
  readonly address: string;
  readonly resource?: string;
  readonly kind: NodeKind;
  readonly title: string;
  readonly name: string;
  readonly details: readonly string[];
  readonly region?: string;
  readonly vpc?: string;
  /** Subnet the node sits in (one AZ). */
  readonly subnet?: string;
  /** AZs a VPC-level node spans (ALB, ASG) and the subnet tier it spans. */
  readonly spans?: readonly string[];
  readonly spanTier?: SubnetTier;
  /** Instance boxes: the node ids of the groups that launch into this subnet. */
  readonly members?: readonly string[];
  /** Outside any VPC: `global` (CloudFront, CloudFront WAF, DNS) or the region. */
  readonly scope?: 'global' | 'regional';
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: 'traffic' | 'reference' | 'replication' | 'membership';
  /** The resources this edge stands for (security-group rules, policies, references). */
  readonly sources: readonly string[];
}

export interface SecurityRule {
  readonly address: string;
  readonly direction: 'ingress' | 'egress';
  readonly group: string;
  readonly peerGroup?: string;
  readonly cidr?: string;
  /** Managed prefix list the rule admits (its `prefix_list_id` expression), e.g. CloudFront's origin-facing one. */
  readonly prefixList?: string;
  readonly ports: string;
  readonly description?: string;
}

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
  };
}
