import { planSubnets } from '../util/cidr';
import { ProfileConfig } from '../config/types';

/** The subnets a profile's network gets: explicit ones when given, else carved from the VPC CIDR. */
export function subnetsFor(p: ProfileConfig) {
  const n = p.network;
  return n.subnetCidrs
    ? { public: [...n.subnetCidrs.public], app: [...n.subnetCidrs.app], data: [...n.subnetCidrs.data] }
    : planSubnets(n.cidr, n.azCount);
}
