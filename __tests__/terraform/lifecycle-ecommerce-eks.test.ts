/**
 * apply -> second plan with no changes -> destroy of `ecommerce-eks`'s EKS side against moto: the EKS
 * construct's resources (roles, policies, security groups and rules, KMS key, log group) and the public
 * subnets carrying the load balancer controller's tag, with what they reference. Not the database again:
 * ecommerce's tiers (and the same grants to EC2 roles) are proven by lifecycle-ecommerce, and moto's RDS
 * waiters would triple this run. Add-ons, access entries, Pod Identity associations and the cluster itself
 * are moto gaps (moto-gaps.json).
 */
import { loadStack, resourceAddresses } from './support/harness';
import { lifecycleSuite, withDependencies } from './support/lifecycle';

let reachesDatabase: Set<string> | undefined;
const eksSide = (address: string) => {
  if (!/\.eks_/.test(address) && !/^aws_subnet\.network_public-/.test(address)) return false;
  if (!reachesDatabase) {
    const json = loadStack('ecommerce-eks');
    reachesDatabase = new Set(resourceAddresses(json).filter((a) => withDependencies(json, [a]).some((d) => d.startsWith('aws_db_instance.'))));
  }
  return !reachesDatabase.has(address);
};

lifecycleSuite('ecommerce-eks', { scope: eksSide });
