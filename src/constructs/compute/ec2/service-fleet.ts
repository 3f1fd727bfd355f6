/**
 * Where a Service's instances run: its launch template (AL2023, IMDSv2 only, encrypted gp3, no SSH, user data
 * rendered at synth) and its Auto Scaling group (instance refresh started by Terraform, or by the release for blue/green).
 */
import { Construct } from 'constructs';
import { Lazy, Token } from 'cdktf';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { GROUP_METRICS } from './auto-scaling';
import { AlbTarget } from '../../network/load-balancer';
import { RELEASE_OWNED_ASG_ATTRIBUTES, SERVICE_DEFAULTS, ServiceProps } from './service-props';

import type { ImageSourceTag } from './app-source-props';

export { AL2023_AMI_PARAMETER } from './machine-image';

/** What the launch template takes from the Service built around it. */
export interface FleetParts {
  readonly instanceProfileArn: string;
  readonly securityGroupId: string;
  /** The boot script, rendered at synth time so parameters added after construction still land in it. */
  userData(): string;
  /** AMI id (or `resolve:ssm:<parameter>`) from the service's MachineImage. */
  readonly imageId: string;
  /** Where image and app come from: the `stormproof:image-source` tag the simulator reads for boot time. */
  readonly imageSource: ImageSourceTag;
}

export function createLaunchTemplate(scope: Construct, props: ServiceProps, fleet: FleetParts, tags: Record<string, string>): LaunchTemplate {
  return new LaunchTemplate(scope, 'launch-template', {
    name: props.name,
    description: `${props.name}: IMDSv2, encrypted gp3, ${fleet.imageSource === 'demo' ? 'demo app' : `image source ${fleet.imageSource}`} on port ${props.appPort}`,
    updateDefaultVersion: true,
    imageId: fleet.imageId,
    instanceType: props.instanceType,
    iamInstanceProfile: { arn: fleet.instanceProfileArn },
    vpcSecurityGroupIds: [fleet.securityGroupId],
    metadataOptions: {
      httpEndpoint: 'enabled',
      httpTokens: 'required',
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: 'disabled',
    },
    monitoring: { enabled: true },
    blockDeviceMappings: [
      {
        deviceName: '/dev/xvda',
        ebs: {
          volumeSize: props.rootVolumeGb ?? SERVICE_DEFAULTS.rootVolumeGb,
          volumeType: 'gp3',
          encrypted: 'true',
          kmsKeyId: props.rootVolumeKmsKeyArn,
          deleteOnTermination: 'true',
        },
      },
    ],
    // Rendered at synth time so parameters added after construction still land in user data.
    userData: Lazy.stringValue({ produce: () => Buffer.from(fleet.userData(), 'utf8').toString('base64') }),
    tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags })),
    tags: { Name: props.name, 'stormproof:image-source': fleet.imageSource },
  });
}

/** How an instance refresh of the service's group replaces instances (Terraform's for rolling, the release's for blue/green). */
export interface RefreshPreferences {
  readonly minHealthyPercentage: number;
  readonly maxHealthyPercentage: number;
  readonly instanceWarmupSeconds: number;
}

export function refreshPreferences(props: ServiceProps): RefreshPreferences {
  const rolling = (props.deploy ?? 'rolling') === 'rolling';
  const minHealthy = props.minHealthyPercentage ?? (rolling ? SERVICE_DEFAULTS.minHealthyPercentage : 100);
  return {
    minHealthyPercentage: minHealthy,
    maxHealthyPercentage: props.maxHealthyPercentage ?? (minHealthy >= 100 ? 200 : 100),
    instanceWarmupSeconds: props.warmupSeconds ?? SERVICE_DEFAULTS.warmupSeconds,
  };
}

export function createGroup(scope: Construct, props: ServiceProps, launchTemplate: LaunchTemplate, target: AlbTarget | undefined, tags: Record<string, string>): AutoscalingGroup {
  const warmup = props.warmupSeconds ?? SERVICE_DEFAULTS.warmupSeconds;
  // Blue/green: the release starts the refresh with the new version as its desired configuration, so a
  // rollback restores the old one. Terraform's own refresh would first point the group at the new version
  // (terraform-provider-aws #34189), and auto_rollback would then "restore" the bad release.
  const rolling = (props.deploy ?? 'rolling') === 'rolling';
  const refresh = refreshPreferences(props);
  return new AutoscalingGroup(scope, 'asg', {
    name: props.name,
    minSize: props.capacity.min,
    maxSize: props.capacity.max,
    desiredCapacity: props.capacity.desired,
    vpcZoneIdentifier: props.subnetIds,
    healthCheckType: target ? 'ELB' : 'EC2',
    healthCheckGracePeriod: props.healthCheckGraceSeconds ?? SERVICE_DEFAULTS.healthCheckGraceSeconds,
    targetGroupArns: target ? [target.targetGroupArn] : undefined,
    defaultInstanceWarmup: warmup,
    // latest_version (not "$Latest") so every new template version changes the group and rolls the fleet
    // (blue/green: the group's first version; later ones arrive through the release's instance refresh).
    launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
    instanceRefresh: rolling
      ? {
          strategy: 'Rolling',
          preferences: {
            minHealthyPercentage: refresh.minHealthyPercentage,
            maxHealthyPercentage: refresh.maxHealthyPercentage,
            instanceWarmup: String(warmup),
            skipMatching: true,
          },
        }
      : undefined,
    enabledMetrics: GROUP_METRICS,
    metricsGranularity: '1Minute',
    warmPool: props.warmPool
      ? {
          minSize: props.warmPool.minSize,
          poolState: props.warmPool.state ?? 'Stopped',
          instanceReusePolicy: { reuseOnScaleIn: true },
        }
      : undefined,
    tag: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
    // Scaling policies own the desired capacity after creation; applying config must not reset it. Under
    // blue/green the release moves the launch template version (RELEASE_OWNED_ASG_ATTRIBUTES).
    lifecycle: { ignoreChanges: rolling ? ['desired_capacity'] : [...RELEASE_OWNED_ASG_ATTRIBUTES] },
  });
}
