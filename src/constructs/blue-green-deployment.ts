import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import { CodedeployApp } from '@cdktf/provider-aws/lib/codedeploy-app';
import { CodedeployDeploymentGroup } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { awsAccount } from '../util/aws-account';
import { DeployStageBinding, PipelineArtifacts, PipelineDeployTarget } from './app-pipeline';
import { Service } from './service';
import { assumeRolePolicy, policyDocument } from './iam';

/**
 * Appended to the service's user data: installs and starts the CodeDeploy agent (AL2023 needs ruby) from
 * the region's official bucket, so a new instance, including every instance of a copied group, can
 * receive releases. No `${` so Terraform never reads it as interpolation.
 */
export const CODEDEPLOY_AGENT_SCRIPT = [
  '',
  '# CodeDeploy agent: releases arrive as revisions (appspec.yml + hooks) from the pipeline.',
  'dnf install -y ruby wget',
  'TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
  'REGION=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)',
  'wget -q -O /tmp/codedeploy-install "https://aws-codedeploy-$REGION.s3.$REGION.amazonaws.com/latest/install"',
  'chmod +x /tmp/codedeploy-install',
  '/tmp/codedeploy-install auto',
  'systemctl enable --now codedeploy-agent',
  '',
].join('\n');

/** What CodeDeploy changes on the Terraform-managed group, so Terraform must leave it alone. */
export const CODEDEPLOY_OWNED_ASG_ATTRIBUTES = ['desired_capacity', 'name', 'target_group_arns'] as const;

export interface BlueGreenDeploymentProps {
  /** Name of the CodeDeploy application and deployment group, e.g. `fastier-production-web`. */
  readonly name: string;
  /** The web service whose Auto Scaling group CodeDeploy copies for every release. */
  readonly service: Service;
  /**
   * Names of the CloudWatch alarms that stop and roll back a deployment (5xx, p95 latency, unhealthy
   * hosts); at most 10, CodeDeploy's limit.
   */
  readonly alarmNames: readonly string[];
  /**
   * Minutes the old (blue) fleet keeps running after traffic moved, so a rollback is instant.
   * @default 60
   */
  readonly keepBlueFleetMinutes?: number;
  /**
   * CodeDeploy deployment configuration: how many green instances must be healthy.
   * @default 'CodeDeployDefault.AllAtOnce' - the whole green fleet is installed and must pass before traffic moves
   */
  readonly deploymentConfigName?: string;
}

/**
 * CodeDeploy blue/green for an EC2 Auto Scaling group behind an ALB target group: each release copies
 * the service's group (same launch template, capacity and scaling), installs the revision on the copy,
 * moves the target group's traffic to it once every instance passes, and keeps the old fleet for
 * `keepBlueFleetMinutes`. A failed deployment or any of `alarmNames` firing rolls back automatically.
 *
 * It takes the group over from Terraform's rolling releases: the group loses its instance refresh (a
 * refresh would replace instances CodeDeploy just released) and Terraform ignores what CodeDeploy
 * changes (`CODEDEPLOY_OWNED_ASG_ATTRIBUTES`, and the deployment group's `autoscaling_groups`); the
 * instances get the CodeDeploy agent and read access to the pipeline's revisions. See docs/runbooks.md.
 */
export class BlueGreenDeployment extends Construct implements PipelineDeployTarget {
  readonly application: CodedeployApp;
  readonly deploymentGroup: CodedeployDeploymentGroup;
  readonly role: IamRole;
  private readonly service: Service;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    const service = props.service;
    this.service = service;
    this.region = new DataAwsRegion(this, 'region').name;
    const problems: string[] = [];
    if (!service.targetGroup) problems.push(`service ${props.name} has no target group: blue/green shifts ALB traffic, so it needs a web service (workers keep rolling releases)`);
    if (props.alarmNames.length === 0 || props.alarmNames.length > 10) problems.push(`alarmNames has ${props.alarmNames.length} alarms: give 1-10 (CodeDeploy's limit) so a bad release rolls back`);
    const keep = props.keepBlueFleetMinutes ?? 60;
    if (!Number.isInteger(keep) || keep < 0 || keep > 2880) problems.push(`keepBlueFleetMinutes (${keep}) must be 0-2880 (two days)`);
    if (problems.length > 0) throw new Error(`BlueGreenDeployment ${props.name}: ${problems.join('; ')}`);
    const { partition } = awsAccount(this);

    this.role = new IamRole(this, 'role', {
      name: `${props.name}-codedeploy`.slice(0, 64),
      assumeRolePolicy: assumeRolePolicy('codedeploy.amazonaws.com'),
      description: `CodeDeploy blue/green of ${props.name}`,
    });
    new IamRolePolicyAttachment(this, 'managed', {
      role: this.role.name,
      policyArn: `arn:${partition}:iam::aws:policy/service-role/AWSCodeDeployRole`,
    });
    // The copied group launches from a launch template with an instance profile: CodeDeploy must pass that role only.
    new IamRolePolicy(this, 'launch-template', {
      name: 'launch-green-fleet',
      role: this.role.id,
      policy: policyDocument(
        { Sid: 'PassInstanceRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: service.role.arn },
        { Sid: 'LaunchFromTemplate', Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateTags'], Resource: '*' },
      ),
    });

    this.application = new CodedeployApp(this, 'app', { name: props.name, computePlatform: 'Server' });
    this.deploymentGroup = new CodedeployDeploymentGroup(this, 'group', {
      appName: this.application.name,
      deploymentGroupName: props.name,
      serviceRoleArn: this.role.arn,
      deploymentConfigName: props.deploymentConfigName ?? 'CodeDeployDefault.AllAtOnce',
      autoscalingGroups: [service.asgName],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfig: {
        greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
        deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: keep },
      },
      loadBalancerInfo: { targetGroupInfo: [{ name: service.targetGroup!.name }] },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
      alarmConfiguration: { enabled: true, alarms: [...props.alarmNames], ignorePollAlarmFailure: false },
      // After each release the group is CodeDeploy's copy (CodeDeploy_<group>_<id>): never reset it to the seed.
      lifecycle: { ignoreChanges: ['autoscaling_groups'] },
    });

    // Take the group over from rolling releases (see the class comment).
    const asg = service.autoScalingGroup;
    asg.resetInstanceRefresh();
    asg.lifecycle = { ...(asg.lifecycle ?? {}), ignoreChanges: [...CODEDEPLOY_OWNED_ASG_ATTRIBUTES] };
    service.launchTemplate.userData = Lazy.stringValue({
      produce: () => Buffer.from(`${service.renderUserData()}${CODEDEPLOY_AGENT_SCRIPT}`, 'utf8').toString('base64'),
    });
  }

  bind(_scope: Construct, artifacts: PipelineArtifacts): DeployStageBinding {
    const { accountId, partition } = awsAccount(this);
    // Instances pull the revision themselves (the agent uses the instance role).
    this.service.addToRolePolicy(
      { Sid: 'ReadReleaseRevisions', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${artifacts.bucketArn}/*` },
      { Sid: 'DecryptReleaseRevisions', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: artifacts.keyArn },
    );
    const arn = (resource: string) => `arn:${partition}:codedeploy:${this.region}:${accountId}:${resource}`;
    return {
      actions: [
        {
          name: 'BlueGreen',
          category: 'Deploy',
          owner: 'AWS',
          provider: 'CodeDeploy',
          version: '1',
          inputArtifacts: [artifacts.inputArtifact],
          configuration: { ApplicationName: this.application.name, DeploymentGroupName: this.deploymentGroup.deploymentGroupName },
        },
      ],
      pipelineStatements: [
        {
          Sid: 'CodeDeployRelease',
          Effect: 'Allow',
          Action: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment', 'codedeploy:GetApplication', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
          Resource: [arn(`application:${this.application.name}`), arn(`deploymentgroup:${this.application.name}/${this.deploymentGroup.deploymentGroupName}`)],
        },
        { Sid: 'CodeDeployConfig', Effect: 'Allow', Action: 'codedeploy:GetDeploymentConfig', Resource: arn('deploymentconfig:*') },
      ],
    };
  }
}
