/**
 * The hooks design.md and its failure modes use for compute beyond Auto Scaling groups: the EKS and
 * Beanstalk sections (compute-eks.ts, compute-beanstalk.ts), their summary lines and failure rows.
 */
import { policyDescription } from './auto-scaling';
import { BeanstalkEnv, ComputeSectionHelpers, FailureRow, beanstalkEnvs, beanstalkFailures, beanstalkSection, namesEnvironmentAlb } from './compute-beanstalk';
import { eksFailures, eksSection, nodeGroups } from './compute-eks';
import { table } from './markdown';
import { StackIndex } from './stack-index';
import { azOf, displayName } from './tfjson';

/** Subnet addresses -> their distinct AZs, sorted. */
const azList = (ix: StackIndex, subnets: readonly string[]) => [...new Set(subnets.map((a) => azOf(ix.get(a)?.config.availability_zone) ?? '?'))].sort();

export function computeHelpers(ix: StackIndex): ComputeSectionHelpers {
  return {
    table,
    azsOf: (subnets) => azList(ix, subnets).join(', ') || '–',
    extraTriggers: (env: BeanstalkEnv) => ix.referrers('aws_autoscaling_policy', env.address).map((p) => `${displayName(p)}: ${policyDescription(ix, p)}`),
    wafOf: (env: BeanstalkEnv) =>
      ix.referrers('aws_wafv2_web_acl_association', env.address)
        .filter((a) => namesEnvironmentAlb(a.config.resource_arn, env.address))
        .map((a) => ix.name(ix.refs(a.config.web_acl_arn)[0])),
  };
}

/** design.md sections for EKS clusters and Beanstalk environments (empty when the stack has neither). */
export function computeSections(ix: StackIndex, manifestsDir: string | undefined): string[] {
  return [
    ...eksSection(ix.all, manifestsDir, `cdktf.out/k8s/${ix.model.stack}/`, computeHelpers(ix)),
    ...beanstalkSection(beanstalkEnvs(ix.all), computeHelpers(ix)),
  ];
}

/** Summary bullets for node groups and environments. */
export function computeSummary(ix: StackIndex): string[] {
  const h = computeHelpers(ix);
  return [
    ...nodeGroups(ix.all).map((g) => `- **EKS node group ${g.name}**: ${g.capacityType} ${g.instanceTypes}, ${g.min}–${g.max} nodes (desired ${g.desired}) across ${h.azsOf(g.subnets)}.`),
    ...beanstalkEnvs(ix.all).map((e) => `- **Beanstalk ${e.name}** (${e.colour}): ${e.instanceTypes}, ${e.min}–${e.max} instances across ${h.azsOf(e.instanceSubnets)}.`),
  ];
}

/** Failure-mode rows for node groups and environments. */
export function computeFailures(ix: StackIndex): FailureRow[] {
  const count = (subnets: readonly string[]) => azList(ix, subnets).length;
  return [...eksFailures(ix.all, count), ...beanstalkFailures(beanstalkEnvs(ix.all), count)];
}

/** Whether node groups or environments spread over two AZs or more (the AZ-loss row takes them as spread compute). */
export function computeSpreads(ix: StackIndex): boolean {
  return [...nodeGroups(ix.all).map((g) => g.subnets), ...beanstalkEnvs(ix.all).map((e) => e.instanceSubnets)].some((ss) => azList(ix, ss).length >= 2);
}
