/**
 * The diagram's view of EKS and Elastic Beanstalk, from the JSON's references: a Beanstalk environment
 * sits in the subnets its instances launch into (not its ALB's), with its own ALB drawn across the ELB
 * subnets and holding the ALB security group; an EKS cluster's Ingress ALB (made by the AWS Load
 * Balancer Controller, so not in the JSON) is drawn from the security group the node group admits it
 * through; pod identity roles become edges from the cluster to what their policies reach.
 */
import { beanstalkEnv, setting } from './compute-beanstalk';
import type { GraphEdge, GraphNode, Subnet } from './model-types';
import { AUTO_MODE_POOL_TYPE, Resource, displayName, referencesIn } from './tfjson';

/** Where a compute resource sits and how it is labelled, when it is EKS or Beanstalk. */
export interface ComputePlacement {
  readonly subnets: readonly string[];
  readonly title: string;
  readonly details: readonly string[];
  /** Security groups that belong to another drawn part (the environment's ALB), not to this node. */
  readonly foreignGroups: readonly string[];
}

export function computePlacement(r: Resource, known: ReadonlySet<string>): ComputePlacement | undefined {
  const env = beanstalkEnv(r, known);
  if (!env) return undefined;
  return {
    subnets: env.instanceSubnets,
    title: `Elastic Beanstalk environment${env.colour === 'single' ? '' : ` (${env.colour})`}`,
    details: [env.instanceTypes, `min ${env.min} · max ${env.max}`, env.deploymentPolicy.split(';')[0]],
    foreignGroups: referencesIn(setting(r, 'aws:elbv2:loadbalancer', 'SecurityGroups'), known).filter((a) => a.startsWith('aws_security_group.')),
  };
}

export interface ExtraParts {
  readonly nodes: GraphNode[];
  /** Security group -> node ids that use it. */
  readonly groups: [string, string][];
  readonly edges: GraphEdge[];
}

const nid = (address: string) => `n_${address.replace(/[^A-Za-z0-9]/g, '_')}`;

/** Virtual nodes (Beanstalk ALBs, EKS Ingress ALBs) and pod identity edges. */
export function extraComputeParts(all: readonly Resource[], subnets: readonly Subnet[], usedGroups: ReadonlySet<string>): ExtraParts {
  const known = new Set(all.map((r) => r.address));
  const refs = (v: unknown) => referencesIn(v, known);
  const out: ExtraParts = { nodes: [], groups: [], edges: [] };
  const span = (ss: readonly string[]) => {
    const s = subnets.filter((x) => ss.includes(x.address));
    const tiers = [...new Set(s.map((x) => x.tier))];
    return { vpc: s[0]?.vpc, spans: [...new Set(s.map((x) => x.az))].sort(), spanTier: tiers.length === 1 ? tiers[0] : undefined };
  };
  for (const r of all) {
    const env = beanstalkEnv(r, known);
    if (!env || !env.elbSubnets.length) continue;
    const id = `${nid(r.address)}_alb`;
    const s = span(env.elbSubnets);
    out.nodes.push({
      id,
      address: `${r.address}#alb`,
      resource: r.address,
      kind: 'load balancer',
      title: `${env.loadBalancer.startsWith('application') ? 'ALB' : 'Load balancer'} (Beanstalk-managed)`,
      name: `${env.name} ALB`,
      details: [env.listeners],
      region: r.region,
      ...s,
    });
    for (const g of computePlacement(r, known)!.foreignGroups) out.groups.push([g, id]);
  }
  // The Ingress ALB: a group no resource uses, admitted by the nodes' group (the controller attaches it).
  for (const cluster of all.filter((r) => r.type === 'aws_eks_cluster')) {
    const groups = all
      .filter((r) => r.type === 'aws_eks_node_group' || r.type === AUTO_MODE_POOL_TYPE)
      .flatMap((g) => [...refs(g.config.vpc_security_group_ids), ...refs(g.config.launch_template).flatMap((lt) => refs(all.find((x) => x.address === lt)?.config.vpc_security_group_ids))])
      .filter((a) => a.startsWith('aws_security_group.'));
    const peers = all.filter((r) => r.type === 'aws_vpc_security_group_ingress_rule' && refs(r.config.security_group_id).some((g) => groups.includes(g)))
      .flatMap((r) => refs(r.config.referenced_security_group_id)).filter((g) => !usedGroups.has(g) && !groups.includes(g));
    const vpc = refs(cluster.config.vpc_config).map((a) => subnets.find((x) => x.address === a)?.vpc).find(Boolean);
    const publics = subnets.filter((x) => x.vpc === vpc && x.tier === 'public').map((x) => x.address);
    for (const g of [...new Set(peers)]) {
      const id = `${nid(g)}_ingress_alb`;
      out.nodes.push({
        id,
        address: `${g}#ingress-alb`,
        resource: g,
        kind: 'load balancer',
        title: 'Ingress ALB (EKS Auto Mode)',
        name: displayName(all.find((x) => x.address === g)!),
        details: ['created from the Kubernetes Ingress'],
        region: cluster.region,
        ...span(publics),
      });
      out.groups.push([g, id]);
    }
    // Pod identities: the cluster's service accounts reach what their roles' policies name.
    const reach = new Map<string, string[]>();
    const via = new Map<string, string[]>();
    for (const p of all.filter((r) => r.type === 'aws_eks_pod_identity_association' && refs(r.config.cluster_name).includes(cluster.address))) {
      const role = refs(p.config.role_arn)[0];
      const policies = all.filter((r) => /^aws_iam_(role_)?policy$/.test(r.type) && refs(r.config.role).includes(role ?? '-'));
      for (const target of new Set(policies.flatMap((x) => refs(x.config.policy)))) {
        reach.set(target, [...(reach.get(target) ?? []), String(p.config.service_account)]);
        via.set(target, [...(via.get(target) ?? []), p.address]);
      }
    }
    for (const [target, accounts] of reach) {
      const t = all.find((x) => x.address === target)!;
      if (!/^aws_(db_instance|elasticache_replication_group|sqs_queue|s3_bucket|dynamodb_table|rds_cluster)$/.test(t.type)) continue;
      out.edges.push({ from: nid(cluster.address), to: nid(target), label: `pod identity: ${[...new Set(accounts)].sort().join(', ')}`, kind: 'reference', sources: via.get(target)! });
    }
  }
  return out;
}

/** False for an environment's ALB and another environment: they share groups but not traffic. */
export function pairAllowed(a: GraphNode | undefined, b: GraphNode | undefined): boolean {
  const crosses = (x?: GraphNode, y?: GraphNode) => !!x?.address.endsWith('#alb') && !!y?.resource?.startsWith('aws_elastic_beanstalk_environment.') && y.resource !== x.resource;
  return !crosses(a, b) && !crosses(b, a);
}
