/** Security-group rules in every form the provider accepts (rule resources, inline blocks), normalised. */
import type { SecurityRule } from './model-types';
import { Resource, asArray, referencesIn } from './tfjson';

/** `tcp 5432`, `tcp 1024-65535`, `all traffic`. */
export function ports(protocol: unknown, from: unknown, to: unknown): string {
  const p = String(protocol ?? 'tcp').toLowerCase();
  if (p === '-1' || p === 'all') return 'all traffic';
  const a = Number(from);
  const b = Number(to ?? from);
  if (!Number.isFinite(a)) return p;
  return a === b ? `${p} ${a}` : `${p} ${a}-${b}`;
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
        out.push({
          address: r.address,
          direction: c.type === 'egress' ? 'egress' : 'ingress',
          group,
          peerGroup: peer,
          cidr,
          ports: ports(c.protocol, c.from_port, c.to_port),
          description: c.description,
        });
      }
    } else if (r.type === 'aws_security_group') {
      for (const direction of ['ingress', 'egress'] as const) {
        asArray<any>(c[direction]).forEach((b, i) => {
          const peers = referencesIn(b.security_groups, known).filter((a) => a.startsWith('aws_security_group.'));
          for (const peer of peers.length ? peers : [undefined]) {
            for (const cidr of peer ? [undefined] : asArray<string>(b.cidr_blocks)) {
              out.push({
                address: `${r.address}.${direction}[${i}]`,
                direction,
                group: r.address,
                peerGroup: peer,
                cidr,
                ports: ports(b.protocol, b.from_port, b.to_port),
                description: b.description,
              });
            }
          }
        });
      }
    }
  }
  return out;
}
