/**
 * Where a Service's instances run: its launch template (AL2023, IMDSv2 only, encrypted gp3, no SSH, user data
 * rendered at synth) and its Auto Scaling group (rolling instance refresh, or left to CodeDeploy for blue/green).
 */
import { Construct } from 'constructs';
import { Lazy, Token } from 'cdktf';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { GROUP_METRICS } from './auto-scaling';
import { AlbTarget } from '../../network/load-balancer';
import { CODEDEPLOY_OWNED_ASG_ATTRIBUTES, SERVICE_DEFAULTS, ServiceProps } from './service-props';

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

export function createGroup(scope: Construct, props: ServiceProps, launchTemplate: LaunchTemplate, target: AlbTarget | undefined, tags: Record<string, string>): AutoscalingGroup {
  const warmup = props.warmupSeconds ?? SERVICE_DEFAULTS.warmupSeconds;
  const minHealthy = props.minHealthyPercentage ?? SERVICE_DEFAULTS.minHealthyPercentage;
  // Blue/green: CodeDeploy replaces the fleet per release; a refresh would replace what it just released.
  const rolling = (props.deploy ?? 'rolling') === 'rolling';
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
    // latest_version (not "$Latest") so every new template version changes the group and rolls the fleet.
    launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
    instanceRefresh: rolling
      ? {
          strategy: 'Rolling',
          preferences: {
            minHealthyPercentage: minHealthy,
            maxHealthyPercentage: props.maxHealthyPercentage ?? (minHealthy >= 100 ? 200 : 100),
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
    // blue/green the group is CodeDeploy's copy after a release: its name and target groups are not reset either.
    lifecycle: { ignoreChanges: rolling ? ['desired_capacity'] : [...CODEDEPLOY_OWNED_ASG_ATTRIBUTES] },
  });
}
