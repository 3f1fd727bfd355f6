/**
 * How many AZs a stack's compute spreads over, for the "fewer AZs" saving: the subnets of its load
 * balancers and of every fleet (Auto Scaling groups, EKS node groups, Beanstalk environments'
 * instances), counted by the Availability Zone each subnet names.
 */
import { AUTO_MODE_POOL_TYPE, Block, Resource, Stack, asList, refsIn } from './stack';

/** Subnet addresses a fleet's instances launch into (or a load balancer spans). */
export function fleetSubnets(r: Resource): string[] {
  const b = r.body;
  const value =
    r.type === 'aws_elastic_beanstalk_environment'
      ? asList(b.setting).find((s: Block) => s.namespace === 'aws:ec2:vpc' && s.name === 'Subnets')?.value
      : b.vpc_zone_identifier ?? b.subnet_ids ?? b.subnets ?? b.subnet_mapping;
  // Beanstalk joins its subnets inside one expression (`${join(",", [aws_subnet.a.id, …])}`): not only `${aws_subnet.…`.
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return [...new Set([...refsIn(value), ...[...text.matchAll(/(?<![\w.])aws_subnet\.([A-Za-z0-9_-]+)\./g)].map((m) => `aws_subnet.${m[1]}`)])].filter((a) => a.startsWith('aws_subnet.'));
}

const FLEET_TYPES = ['aws_lb', 'aws_autoscaling_group', 'aws_eks_node_group', AUTO_MODE_POOL_TYPE, 'aws_elastic_beanstalk_environment'];

/** The most AZs any load balancer or fleet of the stack's own region spans (0 without either). */
export function computeAzCount(stack: Stack): number {
  let most = 0;
  for (const r of FLEET_TYPES.flatMap((t) => stack.ofType(t)).filter((x) => x.region === stack.region)) {
    const subnets = fleetSubnets(r);
    const azs = new Set(subnets.map((a) => String(stack.byAddress(a)?.body.availability_zone ?? a)));
    // A load balancer given subnet ids that are not references still counts one AZ per subnet.
    most = Math.max(most, azs.size, r.type === 'aws_lb' ? asList(r.body.subnets).length : 0);
  }
  return most;
}
