/** The graph's edges: traffic allowed by security-group rules (ports), references between nodes, replication and
 * membership of virtual parts, and resources that connect two nodes (IAM policies, associations, scaling policies). */
import type { SecurityRule } from './model-types';
import { familyOf } from './families';
import { computePlacement, extraComputeParts, pairAllowed } from './compute-nodes';
import { namesEnvironmentAlb } from './compute-beanstalk';
import { Graph, STRUCTURAL, addEdge, linked } from './graph';
import { Resource, asArray, referencesByArgument, referencesIn } from './tfjson';

// Arguments whose reference means data flows from the referenced node to this one.
const REVERSED = new Set(['replicate_source_db', 'replication_source_identifier', 'web_acl_id', 'source_db_instance_identifier']);

/** Traffic edges from security-group rules between the nodes that use the groups (and the internet, CIDRs); returns
 * the rules with no drawn resource on one side. */
export function trafficEdges(g: Graph, rules: readonly SecurityRule[]): string[] {
  const sgUsers = new Map<string, string[]>();
  for (const r of g.drawn) {
    const direct = g.refs.get(r.address) ?? [];
    const viaHelpers = direct.filter((a) => !g.drawnSet.has(a) && !a.startsWith('aws_security_group.') && !/security_group_(ingress|egress)?_?rule/.test(a)).flatMap((a) => g.refs.get(a) ?? []);
    const foreign = computePlacement(r, g.known)?.foreignGroups ?? [];
    for (const sg of new Set([...direct, ...viaHelpers].filter((a) => a.startsWith('aws_security_group.') && !foreign.includes(a))))
      sgUsers.set(sg, [...(sgUsers.get(sg) ?? []), g.nodeOf.get(r.address)!]);
  }
  // EKS Ingress and Beanstalk ALBs, which no resource of the JSON is, and pod identity edges.
  const extra = extraComputeParts(g.all, g.subnets, new Set(sgUsers.keys()));
  g.nodes.push(...extra.nodes);
  for (const [sg, node] of extra.groups) sgUsers.set(sg, [...(sgUsers.get(sg) ?? []), node]);
  const unmappedRules: string[] = [];
  for (const rule of rules) {
    const mine = sgUsers.get(rule.group) ?? [];
    const peers = rule.peerGroup ? sgUsers.get(rule.peerGroup) ?? [] : rule.prefixList ? prefixPeers(g, rule.prefixList) : rule.cidr ? [cidrNode(g, rule.cidr)] : [];
    if (!mine.length || !peers.length) {
      unmappedRules.push(rule.address);
      continue;
    }
    for (const m of mine) for (const p of peers) {
      if (m === p || !pairAllowed(g.nodes.find((n) => n.id === m), g.nodes.find((n) => n.id === p))) continue;
      addEdge(g, { from: rule.direction === 'ingress' ? p : m, to: rule.direction === 'ingress' ? m : p, label: rule.ports, kind: 'traffic', sources: [rule.address] });
    }
  }
  extra.edges.forEach((e) => addEdge(g, e));
  // A distribution is the internet's way in: viewers reach it over its viewer protocol policy.
  for (const r of g.drawn.filter((x) => familyOf(x.type).kind === 'cdn')) {
    const policy = String(r.config.default_cache_behavior?.viewer_protocol_policy ?? 'allow-all');
    addEdge(g, { from: cidrNode(g, '0.0.0.0/0'), to: g.nodeOf.get(r.address)!, label: policy === 'allow-all' ? 'HTTP/HTTPS' : 'HTTPS', kind: 'traffic', sources: [r.address] });
  }
  return unmappedRules;
}

/** The nodes a managed prefix list stands for: CloudFront's origin-facing list is the stack's distributions (the
 * only CloudFront it fronts for); any other list gets its own node, added on first use. */
function prefixPeers(g: Graph, expr: string): string[] {
  const id = /^\$\{data\.aws_ec2_managed_prefix_list\.([^.]+)\.id\}$/.exec(expr)?.[1] ?? '';
  const name = String(g.json.data?.aws_ec2_managed_prefix_list?.[id]?.name ?? 'prefix list');
  const cdnNodes = g.drawn.filter((x) => familyOf(x.type).kind === 'cdn').map((x) => g.nodeOf.get(x.address)!);
  if (name === 'com.amazonaws.global.cloudfront.origin-facing' && cdnNodes.length) return cdnNodes;
  const nid = `prefix_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
  if (!g.nodes.some((n) => n.id === nid)) g.nodes.push({ id: nid, address: `prefix list ${name}`, kind: 'cidr', title: 'Prefix list', name, details: [] });
  return [nid];
}

/** The node of a CIDR peer (the internet for 0.0.0.0/0), added on first use. */
function cidrNode(g: Graph, cidr: string): string {
  const nid = cidr === '0.0.0.0/0' || cidr === '::/0' ? 'internet' : `cidr_${cidr.replace(/[^0-9]/g, '_')}`;
  if (!g.nodes.some((n) => n.id === nid)) {
    const vpc = g.vpcs.find((v) => v.cidr === cidr);
    g.nodes.push(nid === 'internet'
      ? { id: nid, address: 'internet', kind: 'internet', title: 'Internet', name: 'users and the internet', details: [] }
      : { id: nid, address: `cidr ${cidr}`, kind: 'cidr', title: vpc ? `VPC ${cidr}` : `CIDR ${cidr}`, name: cidr, details: [] });
  }
  return nid;
}

/** References between drawn resources (origins, replication, redrive, access logs...). */
export function referenceEdges(g: Graph): void {
  for (const r of g.drawn) {
    for (const [target, args] of referencesByArgument(r, g.drawnSet)) {
      // depends_on orders creation; it is not a path traffic or data takes.
      const arg = args.find((a) => a !== 'depends_on');
      if (!arg) continue;
      const reversed = REVERSED.has(arg);
      const label =
        arg === 'replicate_source_db'
          ? g.byAddr.get(target)?.region !== r.region
            ? 'cross-region async replication'
            : 'async replication'
          : arg.replace(/_(arn|id|ids|name|arns)$/, '').replace(/_/g, ' ');
      const from = g.nodeOf.get(reversed ? target : r.address)!;
      const to = g.nodeOf.get(reversed ? r.address : target)!;
      if (from !== to && !linked(g, from, to)) addEdge(g, { from, to, label, kind: arg === 'replicate_source_db' ? 'replication' : 'reference', sources: [r.address] });
    }
  }
}

/** Virtual parts: standby and cache replicas replicate from their primary; spread groups launch their instances. */
export function membershipEdges(g: Graph): void {
  for (const n of g.nodes) {
    for (const group of n.members ?? []) addEdge(g, { from: group, to: n.id, label: '', kind: 'membership', sources: [g.nodes.find((x) => x.id === group)!.address] });
    if (!n.resource || n.address === n.resource) continue;
    const main = g.nodeOf.get(n.resource)!;
    if (n.kind === 'standby') addEdge(g, { from: main, to: n.id, label: 'synchronous replication', kind: 'replication', sources: [n.resource] });
    else if (n.kind === 'replica member') addEdge(g, { from: main, to: n.id, label: 'async replication', kind: 'replication', sources: [n.resource] });
  }
}

/** Resources that connect nodes (IAM policies, associations, scaling policies, backup selections). */
export function connectorEdges(g: Graph): void {
  const owners = new Map<string, Set<string>>();
  for (const r of g.drawn) {
    let frontier = [r.address];
    for (let depth = 0; depth < 3; depth++) {
      frontier = frontier.flatMap((a) => g.refs.get(a) ?? []).filter((a) => !g.drawnSet.has(a) && !STRUCTURAL.test(a));
      for (const a of frontier) owners.set(a, new Set([...(owners.get(a) ?? []), r.address]));
    }
  }
  // Two passes: what a node's own helpers grant it (IAM policies) first, then associations and policies.
  const connectors = g.all.filter((r) => !g.drawnSet.has(r.address) && !STRUCTURAL.test(r.type) && !/^(observability|network)$/.test(familyOf(r.type).tier));
  const inheritedOf = (r: Resource) =>
    owners.has(r.address) ? [] : [...new Set((g.refs.get(r.address) ?? []).filter((a) => !g.drawnSet.has(a) && !STRUCTURAL.test(a)).flatMap((h) => [...(owners.get(h) ?? [])]))];
  for (const r of [...connectors.filter((c) => inheritedOf(c).length), ...connectors.filter((c) => !inheritedOf(c).length)]) {
    const direct = (g.refs.get(r.address) ?? []).filter((a) => g.drawnSet.has(a));
    const helpers = (g.refs.get(r.address) ?? []).filter((a) => !g.drawnSet.has(a) && !STRUCTURAL.test(a));
    const inherited = inheritedOf(r);
    const label = connectorLabel(r);
    if (inherited.length) {
      for (const o of inherited) for (const d of direct) {
        const [from, to] = [g.nodeOf.get(o)!, g.nodeOf.get(d)!];
        if (o !== d && !linked(g, from, to)) addEdge(g, { from, to, label, kind: 'reference', sources: [r.address] });
      }
      continue;
    }
    const through = [...new Set(helpers.flatMap((h) => (g.refs.get(h) ?? []).filter((a) => g.drawnSet.has(a))))].filter((a) => !direct.includes(a));
    if (direct.length && through.length && r.type !== 'aws_autoscaling_policy') {
      for (const d of direct) for (const t of through) {
        const [from, to] = [g.nodeOf.get(d)!, g.nodeOf.get(t)!];
        if (!linked(g, from, to)) addEdge(g, { from, to, label, kind: 'reference', sources: [r.address] });
      }
      continue;
    }
    if (direct.length >= 2 && /_association$|_attachment$|^aws_autoscaling_policy$/.test(r.type)) {
      const subject = referencesIn(r.config.autoscaling_group_name ?? r.config.resource_arn ?? r.config.target_group_arn, g.known)[0];
      const to = subject && direct.includes(subject) ? subject : direct[direct.length - 1];
      // A Beanstalk environment's ALB is a part of its own (`<env>#alb`): an association naming the environment's
      // `load_balancers` protects that ALB, not the instances.
      const albPart = namesEnvironmentAlb(r.config.resource_arn, to) ? g.nodes.find((n) => n.address === `${to}#alb`)?.id : undefined;
      for (const d of direct.filter((x) => x !== to)) {
        const [a, b] = [g.nodeOf.get(d)!, albPart ?? g.nodeOf.get(to)!];
        if (!linked(g, a, b)) addEdge(g, { from: a, to: b, label, kind: 'reference', sources: [r.address] });
      }
    }
  }
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
