import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { FLEET_RELEASE_DEFAULTS, FleetReleaseProps } from './fleet-release-props';

export { FLEET_RELEASE_DEFAULTS, TARGET_5XX_RATE, target5xxRateExpression } from './fleet-release-props';
export type { FleetReleaseProps } from './fleet-release-props';

/**
 * How a `deploy: 'blue-green'` EC2 service's release reaches its instances without Terraform and the release
 * ever fighting: Terraform writes each release as a new launch template version (new AMI or app bundle) and
 * keeps the Auto Scaling group, ignoring the group's `launch_template`; the release then starts an instance
 * refresh whose desired configuration is that version (`request`, the exact StartInstanceRefresh input,
 * published as the stack output `fleet_releases` and sent by scripts/ci/release-fleets.sh). Launch before
 * terminate (min 100 % / max 200 % healthy), checkpoints, a bake time, and `AutoRollback` with the service's
 * alarms: a failed refresh or a firing alarm puts the previous version back. Only on success does the group
 * move to the new version. Terraform's own refresh cannot do this: it points the group at the new version
 * first, so its rollback would restore the bad release (terraform-provider-aws #34189).
 */
export class FleetRelease extends Construct {
  /** The StartInstanceRefresh input (`aws autoscaling start-instance-refresh --cli-input-json`), tokens resolved by Terraform. */
  readonly request: Record<string, unknown>;
  /** Names of the alarms that roll the release back. */
  readonly alarmNames: string[];

  constructor(scope: Construct, id: string, props: FleetReleaseProps) {
    super(scope, id);
    const { service } = props;
    const checkpoints = props.checkpointPercentages ?? FLEET_RELEASE_DEFAULTS.checkpointPercentages;
    const checkpointDelay = props.checkpointDelaySeconds ?? FLEET_RELEASE_DEFAULTS.checkpointDelaySeconds;
    const bake = props.bakeTimeSeconds ?? FLEET_RELEASE_DEFAULTS.bakeTimeSeconds;
    const problems: string[] = [];
    if (!service.targetGroup) problems.push('service has no target group: its rollback alarms watch the target group, so only web services release this way');
    if (service.deploy !== 'blue-green') {
      problems.push("service is built for Terraform's rolling refresh: give the Service deploy: 'blue-green' so Terraform leaves the group's launch template to the release");
    }
    if (props.alarms.length === 0) problems.push('alarms is empty: give the service\'s 5xx-rate and unhealthy-hosts alarms so a bad release rolls back');
    const ascending = checkpoints.every((p, i) => Number.isInteger(p) && p >= 1 && p <= 100 && (i === 0 || p > checkpoints[i - 1]));
    if (checkpoints.length > 0 && (!ascending || checkpoints[checkpoints.length - 1] !== 100)) {
      problems.push(`checkpointPercentages (${checkpoints.join(', ')}) must ascend from 1 to 100 and end at 100`);
    }
    if (!Number.isInteger(checkpointDelay) || checkpointDelay < 0 || checkpointDelay > 172800) problems.push(`checkpointDelaySeconds (${checkpointDelay}) must be 0-172800`);
    if (!Number.isInteger(bake) || bake < 0 || bake > 172800) problems.push(`bakeTimeSeconds (${bake}) must be 0-172800`);
    if (problems.length > 0) throw new Error(`FleetRelease ${id}: ${problems.join('; ')}`);

    this.alarmNames = props.alarms.map((a) => a.alarmName);
    const p = service.refreshPreferences;
    this.request = {
      AutoScalingGroupName: service.asgName,
      Strategy: 'Rolling',
      DesiredConfiguration: {
        LaunchTemplate: { LaunchTemplateId: service.launchTemplate.id, Version: Fn.tostring(Token.asString(service.launchTemplate.latestVersion)) },
      },
      Preferences: {
        MinHealthyPercentage: p.minHealthyPercentage,
        MaxHealthyPercentage: p.maxHealthyPercentage,
        InstanceWarmup: p.instanceWarmupSeconds,
        SkipMatching: true,
        AutoRollback: true,
        AlarmSpecification: { Alarms: this.alarmNames },
        ...(checkpoints.length > 0 ? { CheckpointPercentages: [...checkpoints], CheckpointDelay: checkpointDelay } : {}),
        BakeTime: bake,
      },
    };
  }
}
