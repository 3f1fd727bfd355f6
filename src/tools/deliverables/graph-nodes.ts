/** The graph's nodes: one per drawn resource, placed in its subnet (one AZ) or spanning its AZs, with virtual parts
 * (RDS standby, cache replicas, the instances a spread group launches into each subnet). */
import type { Subnet } from './model-types';
import { Family, familyOf } from './families';
import { computePlacement } from './compute-nodes';
import { Graph, nodeId } from './graph';
import { Resource, asArray, azOf, displayName, referencesIn } from './tfjson';

export function placeNodes(g: Graph): void {
  const subnetsOf = (r: Resource) => {
    const direct = (g.refs.get(r.address) ?? []).filter((a) => g.subnetBy.has(a));
    const viaGroups = (g.refs.get(r.address) ?? []).filter((a) => /subnet_group$/.test(a.split('.')[0])).flatMap((group) => (g.refs.get(group) ?? []).filter((a) => g.subnetBy.has(a)));
    return [...new Set([...direct, ...viaGroups])].map((a) => g.subnetBy.get(a)!);
  };
  const vpcOf = (r: Resource, ss: Subnet[]) =>
    ss[0]?.vpc ?? g.refsOfType(r.address, 'aws_vpc')[0] ?? (g.refs.get(r.address) ?? []).filter((a) => a.startsWith('aws_security_group.')).flatMap((sg) => g.refsOfType(sg, 'aws_vpc'))[0];
  const subnetIn = (ss: Subnet[], az: string, vpc?: string) =>
    ss.find((s) => s.az === az) ?? g.subnets.find((s) => s.vpc === vpc && s.az === az && s.tier === 'isolated') ?? g.subnets.find((s) => s.vpc === vpc && s.az === az);

  for (const r of g.drawn) {
    const f = familyOf(r.type);
    // Beanstalk environments sit where their instances run (compute-nodes.ts).
    const place = computePlacement(r, g.known);
    const ss = place ? place.subnets.map((a) => g.subnetBy.get(a)).filter((x): x is Subnet => !!x) : subnetsOf(r);
    const vpc = vpcOf(r, ss);
    const azs = [...new Set(ss.map((s) => s.az))].sort();
    const explicitAz = azOf(r.config.availability_zone);
    const { title, details } = place ? { title: place.title, details: [...place.details] } : describe(g, r, f);
    const base = { address: r.address, resource: r.address, kind: f.kind!, title, name: displayName(r), details, region: r.region };
    const main = nodeId(r.address);
    g.nodeOf.set(r.address, main);
    // Operations resources (FIS templates, vaults, trails, pipelines) are regional even when they target subnets.
    if (!vpc || f.kind === 'operations') {
      const global = f.kind === 'cdn' || f.kind === 'dns' || (f.kind === 'firewall' && r.config.scope === 'CLOUDFRONT');
      g.nodes.push({ ...base, id: main, scope: global ? 'global' : 'regional' });
      continue;
    }
    const multiAzDb = f.kind === 'database' && r.config.multi_az === true && !explicitAz && azs.length > 1;
    const members = f.kind === 'cache' ? cacheMembers(r.config, ss) : [];
    if (explicitAz || azs.length === 1 || multiAzDb || members.length) {
      const az = explicitAz ?? members[0] ?? azs[0];
      g.nodes.push({ ...base, id: main, vpc, subnet: subnetIn(ss, az, vpc)?.address });
      if (multiAzDb) {
        g.nodes.push({
          id: `${main}_standby`,
          address: `${r.address}#standby`,
          resource: r.address,
          kind: 'standby',
          title: 'RDS standby (synchronous)',
          name: displayName(r),
          details: ['AZ chosen by RDS'],
          region: r.region,
          vpc,
          subnet: subnetIn(ss, azs[1], vpc)?.address,
        });
      }
      members.slice(1).forEach((maz, i) => {
        g.nodes.push({
          id: `${main}_m${i + 1}`,
          address: `${r.address}#replica-${i + 1}`,
          resource: r.address,
          kind: 'replica member',
          title: 'Cache replica',
          name: `${displayName(r)} #${i + 2}`,
          details: [],
          region: r.region,
          vpc,
          subnet: subnetIn(ss, maz, vpc)?.address,
        });
      });
    } else {
      const tiers = [...new Set(ss.map((s) => s.tier))];
      g.nodes.push({ ...base, id: main, vpc, spans: azs, spanTier: tiers.length === 1 ? tiers[0] : undefined });
      // Where spread groups' instances run: one box per subnet, naming every group that launches into it.
      if (f.kind === 'autoscaling group' || place) {
        for (const s of ss) {
          const nid = `instances_${nodeId(s.address)}`;
          const existing = g.nodes.find((n) => n.id === nid);
          if (existing) (existing.details as string[]).push(displayName(r));
          else
            g.nodes.push({
              id: nid,
              address: `${s.address}#instances`,
              kind: 'instances',
              title: 'instances',
              name: 'instances',
              details: [displayName(r)],
              region: r.region,
              vpc,
              subnet: s.address,
              members: [],
            });
          (g.nodes.find((n) => n.id === nid)!.members as string[]).push(main);
        }
      }
    }
  }
}

/** A node's title and details, from its family and its settings. */
function describe(g: Graph, r: Resource, f: Family): { title: string; details: string[] } {
  const dlqs = () => new Set(g.ofType('aws_sqs_queue').flatMap((q) => referencesIn(q.config.redrive_policy, g.known)));

  const listenersOf = (lb: string) =>
    g.ofType(/^aws_(lb|alb)_listener$/).filter((l) => (g.refs.get(l.address) ?? []).includes(lb)).map((l) => `${l.config.protocol ?? 'HTTP'} :${l.config.port}`);
  const templateOf = (r: Resource) => {
    const lt = g.refsOfType(r.address, 'aws_launch_template')[0] ?? g.refsOfType(r.address, 'aws_launch_configuration')[0];
    return lt ? g.byAddr.get(lt) : undefined;
  };

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
      const source = lt?.config.tags?.['stormproof:image-source'];
      const key = typeof lt?.config.user_data === 'string' ? /^KEY='[^']*\/([0-9a-f]{6})[0-9a-f]*\.zip'$/m.exec(Buffer.from(lt.config.user_data, 'base64').toString('utf8'))?.[1] : undefined;
      const app = source ? `image: ${source}${key ? ` · bundle ${key}…` : ''}` : '';
      return { title: f.label!, details: [`${type}`.trim(), `min ${sizes[0]} · desired ${sizes[1]} · max ${sizes[2]}`, app].filter(Boolean) };
    }
    case 'database': {
      const replica = c.replicate_source_db !== undefined;
      const src = replica ? referencesIn(c.replicate_source_db, g.known)[0] : undefined;
      const cross = src && g.byAddr.get(src)?.region !== r.region;
      const role = replica ? (cross ? 'cross-region replica' : 'read replica') : c.multi_az === true ? 'primary (Multi-AZ)' : 'primary (single-AZ)';
      return { title: `RDS ${c.engine ?? g.byAddr.get(src ?? '')?.config.engine ?? ''} ${role}`.replace(/\s+/g, ' '), details: [String(c.instance_class ?? '')] };
    }
    case 'cache':
      return { title: `ElastiCache ${c.engine ?? ''} primary`.replace(/\s+/g, ' '), details: [String(c.node_type ?? '')] };
    case 'queue':
      return { title: dlqs().has(r.address) ? 'SQS dead-letter queue' : f.label!, details: [] };
    case 'firewall':
      return { title: `WAF (${c.scope === 'CLOUDFRONT' ? 'CloudFront' : 'regional'})`, details: [`${asArray(c.rule).length} rules`] };
    case 'gateway':
      return { title: r.type === 'aws_nat_gateway' ? 'NAT gateway' : 'Internet gateway', details: [] };
    case 'cdn':
      return { title: f.label!, details: [String(c.price_class ?? '')].filter(Boolean) };
    default:
      return { title: f.label ?? r.type, details: [] };
  }
}

/** AZs of a replication group's members (the first holds the primary). */
function cacheMembers(c: Record<string, any>, ss: Subnet[]): string[] {
  const count = typeof c.num_cache_clusters === 'number' ? c.num_cache_clusters : typeof c.num_node_groups === 'number' ? c.num_node_groups * ((c.replicas_per_node_group ?? 0) + 1) : 1;
  const preferred = asArray(c.preferred_cache_cluster_azs).map(azOf).filter((x): x is string => !!x);
  const azs = [...new Set(ss.map((s) => s.az))].sort();
  if (!azs.length && !preferred.length) return [];
  return Array.from({ length: count }, (_, i) => preferred[i] ?? azs[i % azs.length]);
}
