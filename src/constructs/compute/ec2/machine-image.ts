/**
 * A service's machine image from its `image` source: an AMI made from a running instance, an AMI id, an SSM
 * parameter, or an EC2 Image Builder pipeline whose output the launch template resolves at launch.
 */
import { Construct } from 'constructs';
import { AmiCopy } from '@cdktf/provider-aws/lib/ami-copy';
import { AmiFromInstance } from '@cdktf/provider-aws/lib/ami-from-instance';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { ImagebuilderDistributionConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-distribution-configuration';
import { ImagebuilderImagePipeline } from '@cdktf/provider-aws/lib/imagebuilder-image-pipeline';
import { ImagebuilderImageRecipe } from '@cdktf/provider-aws/lib/imagebuilder-image-recipe';
import { ImagebuilderInfrastructureConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-infrastructure-configuration';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { assumeRolePolicy, policyDocument } from '../../shared/iam';
import { fitName } from '../../../util/names';
import { awsAccount } from '../../../util/aws-account';
import { BakeOptions, ImageSource, imageSourceProblems } from './app-source-props';
import type { RegionalImageCopy } from './service-props';
import { refuse } from '../../../util/rules';

/** Public SSM parameter that always names the latest Amazon Linux 2023 AMI. */
export const AL2023_AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

export interface MachineImageProps {
  /** Resource name prefix, e.g. `cafe-production-web`. */
  readonly name: string;
  /** @default - latest Amazon Linux 2023 (public SSM parameter, looked up at plan) */
  readonly image?: ImageSource;
  /** What a bake installs: the bundle's bucket ARN and key, and its install command. Required for `bake`. */
  readonly bake?: { readonly bucketName: string; readonly bucketArn: string; readonly key: string; readonly install?: string; readonly subnetId: string; readonly securityGroupId: string };
  /**
   * Make another region's image usable here (a DR fleet) instead of building one: an AMI copy (`aws_ami_copy`) of an
   * `ami`/`fromInstance` image, the baked image distributed here by the primary's pipeline, or the same public SSM
   * parameter (resolvable in every region).
   * @default - the image is built or looked up in this region
   */
  readonly copyOf?: RegionalImageCopy;
}

/** The image id a launch template uses, and the resources behind it. */
export class MachineImage extends Construct {
  /** AMI id, or `resolve:ssm:<parameter>` for baked images (resolved when an instance launches). */
  readonly imageId: string;
  readonly amiFromInstance?: AmiFromInstance;
  readonly pipeline?: ImagebuilderImagePipeline;
  /** The SSM parameter Image Builder writes each new AMI id to (baked images). */
  readonly bakedImageParameter?: SsmParameter;
  /** Name of the SSM parameter the pipeline writes (baked images). */
  readonly bakedImageParameterName?: string;
  /** The copy of another region's AMI (`copyOf` an `ami` or `fromInstance` image). */
  readonly amiCopy?: AmiCopy;
  /** Where the image comes from, for a copy in another region. */
  readonly kind: 'ami' | 'from-instance' | 'ssm' | 'baked' | 'copy';
  /** The SSM parameter looked up at plan (`ssmParameter` images and the default Amazon Linux one). */
  readonly lookupParameter?: string;
  /** Regions, besides this one, the pipeline distributes each baked image to (with the same SSM parameter). */
  private readonly distributionRegions: string[] = [];
  private distribution?: ImagebuilderDistributionConfiguration;
  private region?: string;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: MachineImageProps) {
    super(scope, id);
    refuse(`MachineImage ${props.name}`, ...imageSourceProblems(props.image, 'image'));
    const image = props.image;
    this.name = props.name;
    if (props.copyOf) {
      this.kind = 'copy';
      this.imageId = this.copyImage(props.name, props.copyOf);
    } else if (image && 'ami' in image) {
      this.kind = 'ami';
      this.imageId = image.ami;
    } else if (image && 'fromInstance' in image) {
      // Reboots the source instance (consistent file system) unless snapshotWithoutReboot; a re-bake is `-replace`.
      this.kind = 'from-instance';
      this.amiFromInstance = new AmiFromInstance(this, 'ami', {
        name: fitName(`${props.name}-from-${image.fromInstance}`, 128),
        description: `${props.name}: captured from ${image.fromInstance}${image.snapshotWithoutReboot ? ' without reboot' : ' (instance rebooted)'}`,
        sourceInstanceId: image.fromInstance,
        snapshotWithoutReboot: image.snapshotWithoutReboot ?? false,
        tags: { Name: `${props.name}-from-${image.fromInstance}` },
      });
      this.imageId = this.amiFromInstance.id;
    } else if (image && 'bake' in image) {
      if (!props.bake) throw new Error(`MachineImage ${props.name}: image.bake needs the bundle location (bake props)`);
      this.kind = 'baked';
      const out = this.createPipeline(props.name, image.bake, props.bake);
      this.pipeline = out.pipeline;
      this.bakedImageParameter = out.parameter;
      this.bakedImageParameterName = out.parameterName;
      // Resolved at each launch, so plan never waits for a build; instance refresh rolls the fleet onto a new image.
      this.imageId = `resolve:ssm:${out.parameterName}`;
    } else {
      this.kind = 'ssm';
      this.lookupParameter = image && 'ssmParameter' in image ? image.ssmParameter : AL2023_AMI_PARAMETER;
      this.imageId = new DataAwsSsmParameter(scope, 'ami', { name: this.lookupParameter }).insecureValue;
    }
  }

  /** The pipeline also copies each baked AMI to `region` and writes its id to the same parameter name there. */
  distributeTo(region: string): void {
    if (!this.distribution || !this.bakedImageParameterName) throw new Error('MachineImage.distributeTo: only a baked image (image.bake) is distributed by its pipeline');
    if (this.distributionRegions.includes(region)) return;
    this.distributionRegions.push(region);
    const { accountId } = awsAccount(this);
    const toRegion = (r: string) => ({
      region: r,
      amiDistributionConfiguration: { name: `${this.name}-{{ imagebuilder:buildDate }}` },
      ssmParameterConfiguration: [{ parameterName: this.bakedImageParameterName!, dataType: 'aws:ec2:image', amiAccountId: accountId }],
    });
    // The whole list again: the construct's own region first, then every copy region.
    this.distribution.putDistribution([toRegion(this.region!), ...this.distributionRegions.map(toRegion)]);
  }

  /** The image id in this region for `copy.image` from `copy.sourceRegion`. */
  private copyImage(name: string, copy: RegionalImageCopy): string {
    const source = copy.image;
    if (source.bakedImageParameterName) {
      source.distributeTo(copy.region);
      const parameterName = source.bakedImageParameterName;
      const parent = new DataAwsSsmParameter(this, 'parent', { name: AL2023_AMI_PARAMETER });
      // The primary's pipeline writes each new AMI id here too; until the first build, the parent image (user data installs the bundle).
      (this as { bakedImageParameter?: SsmParameter }).bakedImageParameter = new SsmParameter(this, 'baked-ami', {
        name: parameterName,
        type: 'String',
        dataType: 'aws:ec2:image',
        value: parent.insecureValue,
        description: `${name}: AMI id the primary region's Image Builder pipeline distributes here; the launch template resolves it at launch`,
        lifecycle: { ignoreChanges: ['value'] },
      });
      (this as { bakedImageParameterName?: string }).bakedImageParameterName = parameterName;
      return `resolve:ssm:${parameterName}`;
    }
    if (source.kind === 'ami' || source.kind === 'from-instance') {
      // AMIs are regional: the copy (and its snapshots, encrypted with the region's default EBS key) lives here.
      (this as { amiCopy?: AmiCopy }).amiCopy = new AmiCopy(this, 'ami-copy', {
        name: fitName(`${name}-copy`, 128),
        description: `${name}: copy of ${copy.sourceRegion}'s image for the DR fleet`,
        sourceAmiId: source.imageId,
        sourceAmiRegion: copy.sourceRegion,
        encrypted: true,
        tags: { Name: `${name}-copy` },
      });
      return this.amiCopy!.id;
    }
    // Public parameters (Amazon Linux) exist in every region; a parameter of your own must be created here too.
    (this as { lookupParameter?: string }).lookupParameter = source.lookupParameter ?? AL2023_AMI_PARAMETER;
    return new DataAwsSsmParameter(this, 'ami', { name: this.lookupParameter! }).insecureValue;
  }

  /** Component (bundle + agents), recipe on AL2023, infrastructure, distribution to an SSM parameter, pipeline. */
  private createPipeline(name: string, bake: BakeOptions, from: NonNullable<MachineImageProps['bake']>) {
    const { accountId, partition } = awsAccount(this);
    const parameterName = `/${name}/baked-ami`;
    const parent = new DataAwsSsmParameter(this, 'parent', { name: AL2023_AMI_PARAMETER });
    // Exists before the first build (the parent image: user data still installs the bundle), then Image Builder owns it.
    const parameter = new SsmParameter(this, 'baked-ami', {
      name: parameterName,
      type: 'String',
      dataType: 'aws:ec2:image',
      value: parent.insecureValue,
      description: `${name}: AMI id written by the Image Builder pipeline; the launch template resolves it at launch`,
      lifecycle: { ignoreChanges: ['value'] },
    });
    const component = new ImagebuilderComponent(this, 'component', {
      name: fitName(`${name}-bundle`, 126),
      platform: 'Linux',
      version: '1.0.0',
      description: `${name}: the app bundle and the CloudWatch agent`,
      data: bakeComponentDocument(from.bucketName, from.key, from.install),
      lifecycle: { createBeforeDestroy: true },
    });
    const recipe = new ImagebuilderImageRecipe(this, 'recipe', {
      name: fitName(`${name}-recipe`, 126),
      version: '1.0.0',
      parentImage: parent.insecureValue,
      component: [{ componentArn: component.arn }],
      blockDeviceMapping: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'true', volumeType: 'gp3', deleteOnTermination: 'true' } }],
      lifecycle: { createBeforeDestroy: true },
    });
    const role = new IamRole(this, 'build-role', { name: fitName(`${name}-image-build`, 64), assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com') });
    for (const policy of ['EC2InstanceProfileForImageBuilder', 'AmazonSSMManagedInstanceCore']) {
      new IamRolePolicyAttachment(this, `build-${policy}`, { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
    }
    new IamRolePolicy(this, 'build-read-bundle', {
      role: role.id,
      name: `${name}-read-bundle`,
      policy: policyDocument({ Sid: 'ReadBundle', Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${from.bucketArn}/${from.key}` }),
    });
    const profile = new IamInstanceProfile(this, 'build-profile', { name: fitName(`${name}-image-build`, 128), role: role.name });
    const infrastructure = new ImagebuilderInfrastructureConfiguration(this, 'infrastructure', {
      name: fitName(`${name}-build`, 126),
      instanceProfileName: profile.name,
      instanceTypes: [bake.buildInstanceType ?? 't3.small'],
      subnetId: from.subnetId,
      securityGroupIds: [from.securityGroupId],
      terminateInstanceOnFailure: true,
      instanceMetadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    });
    this.region = new DataAwsRegion(this, 'region').name;
    const distribution = (this.distribution = new ImagebuilderDistributionConfiguration(this, 'distribution', {
      name: fitName(`${name}-distribution`, 126),
      distribution: [
        {
          region: this.region,
          amiDistributionConfiguration: { name: `${name}-{{ imagebuilder:buildDate }}` },
          ssmParameterConfiguration: [{ parameterName, dataType: 'aws:ec2:image', amiAccountId: accountId }],
        },
      ],
    }));
    const pipeline = new ImagebuilderImagePipeline(this, 'pipeline', {
      name: fitName(`${name}-image`, 126),
      description: `${name}: bakes the app bundle into an AMI ${bake.schedule ? `on ${bake.schedule}` : 'on demand'}`,
      imageRecipeArn: recipe.arn,
      infrastructureConfigurationArn: infrastructure.arn,
      distributionConfigurationArn: distribution.arn,
      schedule: bake.schedule ? { scheduleExpression: bake.schedule, pipelineExecutionStartCondition: 'EXPRESSION_MATCH_ONLY' } : undefined,
    });
    return { pipeline, parameter, parameterName };
  }
}

/** The Image Builder component document: unpack the bundle where user data expects it, install the CloudWatch agent. */
export function bakeComponentDocument(bucketName: string, key: string, install?: string): string {
  const commands = [
    'dnf install -y amazon-cloudwatch-agent',
    'id -u stormproof >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin stormproof',
    'install -d -m 0755 /opt/stormproof',
    `aws s3 cp --only-show-errors "s3://${bucketName}/${key}" /tmp/bundle.zip`,
    'rm -rf /opt/stormproof/app && python3 -m zipfile -e /tmp/bundle.zip /opt/stormproof/app && rm -f /tmp/bundle.zip',
    ...(install ? [`cd /opt/stormproof/app && ${install}`] : []),
    `echo '${key}' > /opt/stormproof/app/.stormproof-bundle`,
  ];
  return [
    'name: stormproof-bundle',
    'schemaVersion: 1.0',
    'phases:',
    '  - name: build',
    '    steps:',
    '      - name: InstallBundle',
    '        action: ExecuteBash',
    '        inputs:',
    '          commands:',
    ...commands.map((c) => `            - ${JSON.stringify(c)}`),
    '',
  ].join('\n');
}
