/**
 * The architecture graph of one synthesized stack, built only from the JSON: VPCs, subnets by AZ and
 * tier (public = routes to an internet gateway, private = routes through NAT, isolated = neither), one
 * node per load-bearing resource (families.ts), placed by the subnets it references, and edges from
 * security-group rules (ports), from references between nodes, and from resources that connect two
 * nodes (IAM policies, associations, scaling policies, backup selections).
 */
import { Family, Kind, familyOf } from './families';
import { Resource, TfJson, asArray, azOf, displayName, literal, providerRegions, referencesByArgument, referencesIn, resources } from './tfjson';

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

const id = (address: string) => `n_${address.replace(/[^A-Za-z0-9]/g, '_')}`;
const STRUCTURAL = /^aws_(vpc|subnet|security_group|vpc_security_group_|kms_|route|internet_gateway|nat_gateway|eip|default_)/;
// Arguments whose reference means data flows from the referenced node to this one.
const REVERSED = new Set(['replicate_source_db', 'replication_source_identifier', 'web_acl_id', 'source_db_instance_identifier']);

export function ports(protocol: unknown, from: unknown, to: unknown): string {
  const p = String(protocol ?? 'tcp').toLowerCase();
  if (p === '-1' || p === 'all') return 'all traffic';
  const a = Number(from);
  const b = Number(to ?? from);
  if (!Number.isFinite(a)) return p;
  return a === b ? `${p} ${a}` : `${p} ${a}-${b}`;
}

export function buildModel(stack: string, json: TfJson): ArchitectureModel {
  const all = resources(json);
  const byAddr = new Map(all.map((r) => [r.address, r]));
  const known = new Set(byAddr.keys());
  const refs = new Map(all.map((r) => [r.address, referencesIn(r.config, known, r.address)]));
  const ofType = (t: string | RegExp) => all.filter((r) => (typeof t === 'string' ? r.type === t : t.test(r.type)));
  const refsOfType = (addr: string, type: string) => (refs.get(addr) ?? []).filter((a) => a.startsWith(`${type}.`));

  // Regions: the default provider's first, then the others in the order the JSON lists them.
  const regions = [...new Set(providerRegions(json).values())];

  // --- network: VPCs and subnets with their tier from the routes ---
  const vpcs: Vpc[] = ofType('aws_vpc').map((r) => ({ address: r.address, cidr: String(literal(r.config.cidr_block) ?? 'IPAM'), region: r.region, name: displayName(r) }));
  const routesOf = (table: string) => [
    ...ofType('aws_route').filter((r) => refsOfType(r.address, 'aws_route_table').includes(table)).flatMap((r) => refs.get(r.address) ?? []),
    ...referencesIn(byAddr.get(table)?.config.route, known),
  ];
  const subnets: Subnet[] = ofType('aws_subnet').map((r) => {
    const tables = ofType('aws_route_table_association').filter((a) => refsOfType(a.address, 'aws_subnet').includes(r.address)).flatMap((a) => refsOfType(a.address, 'aws_route_table'));
    const targets = tables.flatMap(routesOf);
    const tier: SubnetTier = targets.some((t) => t.startsWith('aws_internet_gateway.')) ? 'public' : targets.some((t) => t.startsWith('aws_nat_gateway.') || t.startsWith('aws_ec2_transit_gateway')) ? 'private' : 'isolated';
    return {
      address: r.address,
      vpc: refsOfType(r.address, 'aws_vpc')[0] ?? '',
      az: azOf(r.config.availability_zone) ?? azOf(r.config.availability_zone_id) ?? 'any AZ',
      tier,
      cidr: String(literal(r.config.cidr_block) ?? ''),
      name: typeof r.config.tags?.Name === 'string' ? r.config.tags.Name : r.name,
    };
  });
  const subnetBy = new Map(subnets.map((s) => [s.address, s]));

  // --- nodes ---
  const drawn = all.filter((r) => familyOf(r.type).kind);
  const drawnSet = new Set(drawn.map((r) => r.address));
  const nodes: GraphNode[] = [];
  const nodeOf = new Map<string, string>(); // resource address -> main node id

  const subnetsOf = (r: Resource) => {
    const direct = (refs.get(r.address) ?? []).filter((a) => subnetBy.has(a));
    const viaGroups = (refs.get(r.address) ?? []).filter((a) => /subnet_group$/.test(a.split('.')[0])).flatMap((g) => (refs.get(g) ?? []).filter((a) => subnetBy.has(a)));
    return [...new Set([...direct, ...viaGroups])].map((a) => subnetBy.get(a)!);
  };
  const vpcOf = (r: Resource, ss: Subnet[]) =>
    ss[0]?.vpc ?? refsOfType(r.address, 'aws_vpc')[0] ?? (refs.get(r.address) ?? []).filter((a) => a.startsWith('aws_security_group.')).flatMap((g) => refsOfType(g, 'aws_vpc'))[0];
  const dlqs = new Set(ofType('aws_sqs_queue').flatMap((q) => referencesIn(q.config.redrive_policy, known)));

  const listenersOf = (lb: string) =>
    ofType(/^aws_(lb|alb)_listener$/).filter((l) => (refs.get(l.address) ?? []).includes(lb)).map((l) => `${l.config.protocol ?? 'HTTP'} :${l.config.port}`);
  const templateOf = (r: Resource) => {
    const lt = refsOfType(r.address, 'aws_launch_template')[0] ?? refsOfType(r.address, 'aws_launch_configuration')[0];
    return lt ? byAddr.get(lt) : undefined;
  };

  const describe = (r: Resource, f: Family): { title: string; details: string[] } => {
    const c = r.config;
    switch (f.kind) {
      case 'load balancer':
        return {
          title: `${c.internal === true ? 'Internal' : 'Internet-facing'} ${c.load_balancer_type === 'network' ? 'NLB' : c.load_balancer_type === 'gateway' ? 'GWLB' : 'ALB'}`,
          details: [listenersOf(r.address).join(', ')].filter(Boolean),
        };
      case 'autoscaling group': {
        const lt = templateOf(r);
        const type = lt?.config.instance_type ?? asArray(c.instance_types).join(', ');
        const sizes = c.scaling_config ? [c.scaling_config.min_size, c.scaling_config.desired_size, c.scaling_config.max_size] : [c.min_size, c.desired_capacity ?? c.min_size, c.max_size];
        return { title: f.label!, details: [`${type}`.trim(), `min ${sizes[0]} · desired ${sizes[1]} · max ${sizes[2]}`].filter(Boolean) };
      }
      case 'database': {
        const replica = c.replicate_source_db !== undefined;
        const src = replica ? referencesIn(c.replicate_source_db, known)[0] : undefined;
        const cross = src && byAddr.get(src)?.region !== r.region;
        const role = replica ? (cross ? 'cross-region replica' : 'read replica') : c.multi_az === true ? 'primary (Multi-AZ)' : 'primary (single-AZ)';
        return { title: `RDS ${c.engine ?? byAddr.get(src ?? '')?.config.engine ?? ''} ${role}`.replace(/\s+/g, ' '), details: [String(c.instance_class ?? '')] };
      }
      case 'cache':
        return { title: `ElastiCache ${c.engine ?? ''} primary`.replace(/\s+/g, ' '), details: [String(c.node_type ?? '')] };
      case 'queue':
        return { title: dlqs.has(r.address) ? 'SQS dead-letter queue' : f.label!, details: [] };
      case 'firewall':
        return { title: `WAF (${c.scope === 'CLOUDFRONT' ? 'CloudFront' : 'regional'})`, details: [`${asArray(c.rule).length} rules`] };
      case 'gateway':
        return { title: r.type === 'aws_nat_gateway' ? 'NAT gateway' : 'Internet gateway', details: [] };
      case 'cdn':
        return { title: f.label!, details: [String(c.price_class ?? '')].filter(Boolean) };
      default:
        return { title: f.label ?? r.type, details: [] };
    }
  };

  const subnetIn = (ss: Subnet[], az: string, vpc?: string) => ss.find((s) => s.az === az) ?? subnets.find((s) => s.vpc === vpc && s.az === az && s.tier === 'isolated') ?? subnets.find((s) => s.vpc === vpc && s.az === az);

  for (const r of drawn) {
    const f = familyOf(r.type);
    const ss = subnetsOf(r);
    const vpc = vpcOf(r, ss);
    const azs = [...new Set(ss.map((s) => s.az))].sort();
    const explicitAz = azOf(r.config.availability_zone);
    const { title, details } = describe(r, f);
    const base = { address: r.address, resource: r.address, kind: f.kind!, title, name: displayName(r), details, region: r.region };
    const main = id(r.address);
    nodeOf.set(r.address, main);
    if (!vpc) {
      const global = f.kind === 'cdn' || f.kind === 'dns' || (f.kind === 'firewall' && r.config.scope === 'CLOUDFRONT');
      nodes.push({ ...base, id: main, scope: global ? 'global' : 'regional' });
      continue;
    }
    const multiAzDb = f.kind === 'database' && r.config.multi_az === true && !explicitAz && azs.length > 1;
    const members = f.kind === 'cache' ? cacheMembers(r.config, ss) : [];
    if (explicitAz || azs.length === 1 || multiAzDb || members.length) {
      const az = explicitAz ?? members[0] ?? azs[0];
      nodes.push({ ...base, id: main, vpc, subnet: subnetIn(ss, az, vpc)?.address });
      if (multiAzDb) {
        nodes.push({ id: `${main}_standby`, address: `${r.address}#standby`, resource: r.address, kind: 'standby', title: 'RDS standby (synchronous)', name: displayName(r), details: ['AZ chosen by RDS'], region: r.region, vpc, subnet: subnetIn(ss, azs[1], vpc)?.address });
      }
      members.slice(1).forEach((maz, i) => {
        nodes.push({ id: `${main}_m${i + 1}`, address: `${r.address}#replica-${i + 1}`, resource: r.address, kind: 'replica member', title: 'Cache replica', name: `${displayName(r)} #${i + 2}`, details: [], region: r.region, vpc, subnet: subnetIn(ss, maz, vpc)?.address });
      });
    } else {
      const tiers = [...new Set(ss.map((s) => s.tier))];
      nodes.push({ ...base, id: main, vpc, spans: azs, spanTier: tiers.length === 1 ? tiers[0] : undefined });
      // Where spread groups' instances run: one box per subnet, naming every group that launches into it.
      if (f.kind === 'autoscaling group') {
        for (const s of ss) {
          const nid = `instances_${id(s.address)}`;
          const existing = nodes.find((n) => n.id === nid);
          if (existing) (existing.details as string[]).push(displayName(r));
          else nodes.push({ id: nid, address: `${s.address}#instances`, kind: 'instances', title: 'instances', name: 'instances', details: [displayName(r)], region: r.region, vpc, subnet: s.address, members: [] });
          (nodes.find((n) => n.id === nid)!.members as string[]).push(main);
        }
      }
    }
  }

  // --- security-group rules -> traffic edges ---
  const rules = securityRules(all, known);
  const sgUsers = new Map<string, string[]>();
  for (const r of drawn) {
    const direct = refs.get(r.address) ?? [];
    const viaHelpers = direct.filter((a) => !drawnSet.has(a) && !a.startsWith('aws_security_group.') && !/security_group_(ingress|egress)?_?rule/.test(a)).flatMap((a) => refs.get(a) ?? []);
    for (const sg of new Set([...direct, ...viaHelpers].filter((a) => a.startsWith('aws_security_group.')))) sgUsers.set(sg, [...(sgUsers.get(sg) ?? []), nodeOf.get(r.address)!]);
  }
  const edges: GraphEdge[] = [];
  const addEdge = (e: GraphEdge) => {
    const same = edges.find((x) => x.from === e.from && x.to === e.to && x.label === e.label);
    if (same) (same.sources as string[]).push(...e.sources.filter((s) => !same.sources.includes(s)));
    else edges.push({ ...e, sources: [...e.sources] });
  };
  const unmappedRules: string[] = [];
  const cidrNode = (cidr: string) => {
    const nid = cidr === '0.0.0.0/0' || cidr === '::/0' ? 'internet' : `cidr_${cidr.replace(/[^0-9]/g, '_')}`;
    if (!nodes.some((n) => n.id === nid)) {
      const vpc = vpcs.find((v) => v.cidr === cidr);
      nodes.push(nid === 'internet'
        ? { id: nid, address: 'internet', kind: 'internet', title: 'Internet', name: 'users and the internet', details: [] }
        : { id: nid, address: `cidr ${cidr}`, kind: 'cidr', title: vpc ? `VPC ${cidr}` : `CIDR ${cidr}`, name: cidr, details: [] });
    }
    return nid;
  };
  // CloudFront's origin-facing prefix list stands for the stack's distributions (the only CloudFront it fronts for).
  const prefixListName = (expr: string) => json.data?.aws_ec2_managed_prefix_list?.[/^\$\{data\.aws_ec2_managed_prefix_list\.([^.]+)\.id\}$/.exec(expr)?.[1] ?? '']?.name;
  const cdnNodes = drawn.filter((x) => familyOf(x.type).kind === 'cdn').map((x) => nodeOf.get(x.address)!);
  const prefixPeers = (expr: string) => {
    const name = String(prefixListName(expr) ?? 'prefix list');
    if (name === 'com.amazonaws.global.cloudfront.origin-facing' && cdnNodes.length) return cdnNodes;
    const nid = `prefix_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
    if (!nodes.some((n) => n.id === nid)) nodes.push({ id: nid, address: `prefix list ${name}`, kind: 'cidr', title: 'Prefix list', name, details: [] });
    return [nid];
  };
  for (const rule of rules) {
    const mine = sgUsers.get(rule.group) ?? [];
    const peers = rule.peerGroup ? sgUsers.get(rule.peerGroup) ?? [] : rule.prefixList ? prefixPeers(rule.prefixList) : rule.cidr ? [cidrNode(rule.cidr)] : [];
    if (!mine.length || !peers.length) {
      unmappedRules.push(rule.address);
      continue;
    }
    for (const m of mine) for (const p of peers) {
      if (m === p) continue;
      addEdge({ from: rule.direction === 'ingress' ? p : m, to: rule.direction === 'ingress' ? m : p, label: rule.ports, kind: 'traffic', sources: [rule.address] });
    }
  }
  // A distribution is the internet's way in: viewers reach it over its viewer protocol policy.
  for (const r of drawn.filter((x) => familyOf(x.type).kind === 'cdn')) {
    const policy = String(r.config.default_cache_behavior?.viewer_protocol_policy ?? 'allow-all');
    addEdge({ from: cidrNode('0.0.0.0/0'), to: nodeOf.get(r.address)!, label: policy === 'allow-all' ? 'HTTP/HTTPS' : 'HTTPS', kind: 'traffic', sources: [r.address] });
  }
  const linked = (a: string, b: string) => edges.some((e) => (e.from === a && e.to === b) || (e.from === b && e.to === a));

  // --- references between drawn resources ---
  for (const r of drawn) {
    for (const [target, args] of referencesByArgument(r, drawnSet)) {
      // depends_on orders creation; it is not a path traffic or data takes.
      const arg = args.find((a) => a !== 'depends_on');
      if (!arg) continue;
      const reversed = REVERSED.has(arg);
      const label = arg === 'replicate_source_db' ? (byAddr.get(target)?.region !== r.region ? 'cross-region async replication' : 'async replication') : arg.replace(/_(arn|id|ids|name|arns)$/, '').replace(/_/g, ' ');
      const from = nodeOf.get(reversed ? target : r.address)!;
      const to = nodeOf.get(reversed ? r.address : target)!;
      if (from !== to && !linked(from, to)) addEdge({ from, to, label, kind: arg === 'replicate_source_db' ? 'replication' : 'reference', sources: [r.address] });
    }
  }
  // Virtual parts: standby and cache replicas replicate from their primary; spread groups launch their instances.
  for (const n of nodes) {
    for (const g of n.members ?? []) addEdge({ from: g, to: n.id, label: '', kind: 'membership', sources: [nodes.find((x) => x.id === g)!.address] });
    if (!n.resource || n.address === n.resource) continue;
    const main = nodeOf.get(n.resource)!;
    if (n.kind === 'standby') addEdge({ from: main, to: n.id, label: 'synchronous replication', kind: 'replication', sources: [n.resource] });
    else if (n.kind === 'replica member') addEdge({ from: main, to: n.id, label: 'async replication', kind: 'replication', sources: [n.resource] });
  }

  // --- resources that connect nodes (IAM policies, associations, scaling policies, backup selections) ---
  const owners = new Map<string, Set<string>>();
  for (const r of drawn) {
    let frontier = [r.address];
    for (let depth = 0; depth < 3; depth++) {
      frontier = frontier.flatMap((a) => refs.get(a) ?? []).filter((a) => !drawnSet.has(a) && !STRUCTURAL.test(a));
      for (const a of frontier) owners.set(a, new Set([...(owners.get(a) ?? []), r.address]));
    }
  }
  // Two passes: what a node's own helpers grant it (IAM policies) first, then associations and policies.
  const connectors = all.filter((r) => !drawnSet.has(r.address) && !STRUCTURAL.test(r.type) && !/^(observability|network)$/.test(familyOf(r.type).tier));
  const inheritedOf = (r: Resource) => (owners.has(r.address) ? [] : [...new Set((refs.get(r.address) ?? []).filter((a) => !drawnSet.has(a) && !STRUCTURAL.test(a)).flatMap((h) => [...(owners.get(h) ?? [])]))]);
  for (const r of [...connectors.filter((c) => inheritedOf(c).length), ...connectors.filter((c) => !inheritedOf(c).length)]) {
    const direct = (refs.get(r.address) ?? []).filter((a) => drawnSet.has(a));
    const helpers = (refs.get(r.address) ?? []).filter((a) => !drawnSet.has(a) && !STRUCTURAL.test(a));
    const inherited = inheritedOf(r);
    const label = connectorLabel(r);
    if (inherited.length) {
      for (const o of inherited) for (const d of direct) {
        const [from, to] = [nodeOf.get(o)!, nodeOf.get(d)!];
        if (o !== d && !linked(from, to)) addEdge({ from, to, label, kind: 'reference', sources: [r.address] });
      }
      continue;
    }
    const through = [...new Set(helpers.flatMap((h) => (refs.get(h) ?? []).filter((a) => drawnSet.has(a))))].filter((a) => !direct.includes(a));
    if (direct.length && through.length && r.type !== 'aws_autoscaling_policy') {
      for (const d of direct) for (const t of through) {
        const [from, to] = [nodeOf.get(d)!, nodeOf.get(t)!];
        if (!linked(from, to)) addEdge({ from, to, label, kind: 'reference', sources: [r.address] });
      }
      continue;
    }
    if (direct.length >= 2 && /_association$|_attachment$|^aws_autoscaling_policy$/.test(r.type)) {
      const subject = referencesIn(r.config.autoscaling_group_name ?? r.config.resource_arn ?? r.config.target_group_arn, known)[0];
      const to = subject && direct.includes(subject) ? subject : direct[direct.length - 1];
      for (const d of direct.filter((x) => x !== to)) {
        const [a, b] = [nodeOf.get(d)!, nodeOf.get(to)!];
        if (!linked(a, b)) addEdge({ from: a, to: b, label, kind: 'reference', sources: [r.address] });
      }
    }
  }

  const order = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    stack,
    regions,
    vpcs,
    subnets,
    nodes: nodes.sort(order),
    edges: edges.sort((a, b) => `${a.from} ${a.to} ${a.label}`.localeCompare(`${b.from} ${b.to} ${b.label}`)),
    rules,
    unmappedRules,
    resources: all,
  };
}

/** AZs of a replication group's members (the first holds the primary). */
function cacheMembers(c: Record<string, any>, ss: Subnet[]): string[] {
  const count = typeof c.num_cache_clusters === 'number' ? c.num_cache_clusters : typeof c.num_node_groups === 'number' ? c.num_node_groups * ((c.replicas_per_node_group ?? 0) + 1) : 1;
  const preferred = asArray(c.preferred_cache_cluster_azs).map(azOf).filter((x): x is string => !!x);
  const azs = [...new Set(ss.map((s) => s.az))].sort();
  if (!azs.length && !preferred.length) return [];
  return Array.from({ length: count }, (_, i) => preferred[i] ?? azs[i % azs.length]);
}

/** Security-group rules in every form the provider accepts, normalised. */
export function securityRules(all: readonly Resource[], known: ReadonlySet<string>): SecurityRule[] {
  const out: SecurityRule[] = [];
  const sgRef = (v: unknown) => referencesIn(v, known).find((a) => a.startsWith('aws_security_group.'));
  for (const r of all) {
    const c = r.config;
    if (r.type === 'aws_vpc_security_group_ingress_rule' || r.type === 'aws_vpc_security_group_egress_rule') {
      const group = sgRef(c.security_group_id);
      if (!group) continue;
      out.push({
        address: r.address, direction: r.type.endsWith('ingress_rule') ? 'ingress' : 'egress', group,
        peerGroup: sgRef(c.referenced_security_group_id), cidr: c.cidr_ipv4 ?? c.cidr_ipv6 ?? (c.prefix_list_id ? `prefix list` : undefined),
        prefixList: c.prefix_list_id,
        ports: ports(c.ip_protocol, c.from_port, c.to_port), description: c.description,
      });
    } else if (r.type === 'aws_security_group_rule') {
      const group = sgRef(c.security_group_id);
      if (!group) continue;
      const peer = c.self === true ? group : sgRef(c.source_security_group_id);
      for (const cidr of peer ? [undefined] : asArray<string>(c.cidr_blocks).concat(asArray<string>(c.ipv6_cidr_blocks))) {
        out.push({ address: r.address, direction: c.type === 'egress' ? 'egress' : 'ingress', group, peerGroup: peer, cidr, ports: ports(c.protocol, c.from_port, c.to_port), description: c.description });
      }
    } else if (r.type === 'aws_security_group') {
      for (const direction of ['ingress', 'egress'] as const) {
        asArray<any>(c[direction]).forEach((b, i) => {
          const peers = referencesIn(b.security_groups, known).filter((a) => a.startsWith('aws_security_group.'));
          for (const peer of peers.length ? peers : [undefined]) {
            for (const cidr of peer ? [undefined] : asArray<string>(b.cidr_blocks)) {
              out.push({ address: `${r.address}.${direction}[${i}]`, direction, group: r.address, peerGroup: peer, cidr, ports: ports(b.protocol, b.from_port, b.to_port), description: b.description });
            }
          }
        });
      }
    }
  }
  return out;
}

/** Edge label for a resource that connects two nodes. */
function connectorLabel(r: Resource): string {
  if (typeof r.config.policy === 'string' && r.config.policy.includes('Action')) {
    try {
      const doc = JSON.parse(r.config.policy);
      const actions = asArray<any>(doc.Statement).flatMap((s) => asArray<string>(s.Action));
      if (actions.length) return actions.length > 1 ? `${actions[0]} +${actions.length - 1}` : actions[0];
    } catch {
      // A policy built from expressions at apply time: fall back to the type.
    }
  }
  if (r.type === 'aws_autoscaling_policy') return 'scales on';
  return r.type.replace(/^aws_/, '').replace(/_/g, ' ');
}

