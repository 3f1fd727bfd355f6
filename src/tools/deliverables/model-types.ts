/** The shapes of the architecture graph (model.ts builds it); a leaf, so the builders import it without a cycle. */
import type { Kind } from './families';

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
