import { cidrContains, cidrsOverlap, parseCidr, SUBNET_NEW_BITS } from '../../util/cidr';
import { NetworkConfig, ProfileConfig } from '../types';
import { AWS_REGIONS } from './regions';
import { Problems } from './shared';
import { existingVpcProblems } from '../../constructs/network/existing-network-props';

/** VPC range and AZ count (within what the region has), and explicit subnets when given. */
export function checkNetwork(p: ProfileConfig, out: Problems): void {
  const n = p.network;
  const vpc = parseCidr(n.cidr);
  out.need(!!vpc, `network.cidr "${n.cidr}" is not a valid IPv4 CIDR: use an aligned range such as "10.0.0.0/16"`);
  if (vpc) {
    out.need(vpc.prefix >= 16 && vpc.prefix <= 28, `network.cidr "${n.cidr}" has prefix /${vpc.prefix}: AWS VPCs must be between /16 and /28`);
  }
  const azOk = Number.isInteger(n.azCount) && n.azCount >= 2 && n.azCount <= 6;
  out.need(azOk, `network.azCount (${n.azCount}) must be a whole number from 2 to 6: high availability needs at least 2 AZs`);
  const regionAzs = Object.prototype.hasOwnProperty.call(AWS_REGIONS, p.region) ? AWS_REGIONS[p.region] : undefined;
  if (azOk && regionAzs !== undefined) {
    out.need(n.azCount <= regionAzs, `network.azCount (${n.azCount}) is more than the ${regionAzs} AZs ${p.region} has: use at most ${regionAzs}, or a region with more AZs`);
  }
  out.retention('network.flowLogRetentionDays', n.flowLogRetentionDays);
  if (n.existingVpc && azOk) {
    out.report(...existingVpcProblems(n.existingVpc.vpcId, n.existingVpc.subnetIds, n.azCount, 'network.existingVpc'));
    out.need(n.subnetCidrs === undefined, 'network.subnetCidrs and network.existingVpc exclude each other: an existing VPC brings its subnets');
    out.need(p.compute !== 'eks', 'network.existingVpc is not supported with compute "eks" yet: the load balancer controller needs subnet tags the platform sets on subnets it creates');
    return;
  }
  if (!vpc || !azOk) return;
  if (n.subnetCidrs) checkExplicitSubnets(n, out);
  else {
    out.need(
      vpc.prefix + SUBNET_NEW_BITS <= 28,
      `network.cidr "${n.cidr}" is too small to carve 3 tiers x ${n.azCount} AZs of at least /28: use /23 or larger, or set network.subnetCidrs`,
    );
  }
}

function checkExplicitSubnets(n: NetworkConfig, out: Problems): void {
  const all: { field: string; cidr: string }[] = [];
  for (const [tier, list] of Object.entries(n.subnetCidrs!) as [string, readonly string[]][]) {
    out.need(list.length === n.azCount, `network.subnetCidrs.${tier} has ${list.length} CIDRs: give exactly one per AZ (${n.azCount})`);
    list.forEach((c, i) => {
      const field = `network.subnetCidrs.${tier}[${i}]`;
      const parsed = parseCidr(c);
      if (!parsed) return out.add(`${field} "${c}" is not a valid IPv4 CIDR`);
      out.need(parsed.prefix <= 28, `${field} "${c}" is smaller than /28, the smallest AWS subnet: widen it`);
      out.need(cidrContains(n.cidr, c), `${field} "${c}" does not fit in network.cidr "${n.cidr}": pick a range inside it`);
      all.push({ field, cidr: c });
    });
  }
  all.forEach((a, i) =>
    all.slice(i + 1).forEach((b) =>
      out.need(!cidrsOverlap(a.cidr, b.cidr), `${a.field} "${a.cidr}" overlaps ${b.field} "${b.cidr}": give each subnet its own range`),
    ),
  );
}
