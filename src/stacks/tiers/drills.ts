import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ProfileConfig } from '../../config/types';
import { Alerts } from '../../constructs/operations/alerts';
import { Service } from '../../constructs/compute/ec2/service';
import { FailureDrills } from '../../constructs/operations/failure-drills';
import type { NetworkLike } from '../../constructs/network/existing-network';
import { DataTier } from './data-tier';

/** Alarms that stop a drill: what users feel (5xx, latency), never the unhealthy-host alarms a drill causes on purpose. */
const STOP_ALARMS = [/^alarm-alb-5xx$/, /^alarm-alb-latency-p95$/, /^alarm-.*-target-5xx$/];

/** Whether a profile gets failure drills: `failureDrills`, else on for every environment but production. */
export function drillsEnabled(p: ProfileConfig): boolean {
  if (p.failureDrills !== undefined && typeof p.failureDrills !== 'boolean') {
    throw new Error(`Invalid Stormproof profile "${p.name}": failureDrills (${JSON.stringify(p.failureDrills)}) must be true or false (default: on unless environment is production)`);
  }
  return p.failureDrills ?? p.environment !== 'production';
}

/** Maps the stack's tiers onto the FIS drills: every group, AZ 0's subnets, the RDS primary, the cache. */
export function addFailureDrills(
  scope: Construct,
  props: { profile: ProfileConfig; name: string; network: NetworkLike; services: Record<string, Service>; dataTier: DataTier; alerts: Alerts; tags: Record<string, string> },
): FailureDrills {
  const { network, dataTier } = props;
  const stopAlarms = props.alerts.alarms.filter((a) => STOP_ALARMS.some((re) => re.test(a.node.id))).slice(0, 5);
  const drills = new FailureDrills(scope, 'failure-drills', {
    name: props.name,
    autoScalingGroupNames: Object.values(props.services).map((s) => s.asgName),
    stopAlarmArns: stopAlarms.map((a) => a.arn),
    azOutage: {
      vpcArn: network.vpc.arn,
      subnetArns: [network.publicSubnets[0], network.privateAppSubnets[0], network.privateDataSubnets[0]].map((s) => s.arn),
    },
    databaseArn: dataTier.database?.primary.arn,
    // The first node is created in the first AZ and starts as the primary.
    cache: dataTier.cache
      ? { replicationGroupArn: dataTier.cache.replicationGroup.arn, replicationGroupId: dataTier.cache.replicationGroup.replicationGroupId, primaryAz: network.availabilityZones[0] }
      : undefined,
    tags: props.tags,
  });
  new TerraformOutput(TerraformStack.of(scope), 'fis_experiment_templates', {
    value: Object.fromEntries(Object.entries(drills.templates).map(([drill, t]) => [drill, t!.id])),
    description: 'AWS FIS experiment template id per drill (npm run drill -- <stack> <drill>)',
  });
  return drills;
}
