import { Construct } from 'constructs';
import { CodedeployApp } from '@cdktf/provider-aws/lib/codedeploy-app';
import { CodedeployDeploymentGroup } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { awsAccount } from '../../util/aws-account';
import { DeployStageBinding, PipelineArtifacts, PipelineDeployTarget } from './app-pipeline';
import { Service } from '../compute/ec2/service';
import { assumeRolePolicy, policyDocument } from '../shared/iam';
import { BLUE_GREEN_DEFAULTS, BlueGreenDeploymentProps } from './blue-green-deployment-props';
import { fitName } from '../../util/names';

export { CODEDEPLOY_AGENT_SCRIPT } from '../compute/ec2/user-data';
export { CODEDEPLOY_OWNED_ASG_ATTRIBUTES } from '../compute/ec2/service-props';
export { BLUE_GREEN_DEFAULTS } from './blue-green-deployment-props';
export type { BlueGreenDeploymentProps } from './blue-green-deployment-props';

/**
 * CodeDeploy blue/green for an EC2 Auto Scaling group behind an ALB target group: each release copies
 * the service's group (same launch template, capacity and scaling), installs the revision on the copy,
 * moves the target group's traffic to it once every instance passes, and keeps the old fleet for
 * `keepBlueFleetMinutes`. A failed deployment or any of `alarmNames` firing rolls back automatically.
 *
 * The service must be built with `deploy: 'blue-green'`, which takes its group off Terraform's rolling
 * releases (no instance refresh: it would replace instances CodeDeploy just released; Terraform ignores
 * what CodeDeploy changes, `CODEDEPLOY_OWNED_ASG_ATTRIBUTES`; the CodeDeploy agent in user data). This
 * construct ignores the deployment group's `autoscaling_groups` and gives the instances read access to the
 * pipeline's revisions. See docs/runbooks.md.
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
    // The group must already be CodeDeploy's to copy: no instance refresh, the agent, ignored attributes (Service).
    if (service.deploy !== 'blue-green') problems.push(`service ${props.name} is built for rolling releases: give the Service deploy: 'blue-green'`);
    if (props.alarmNames.length === 0 || props.alarmNames.length > 10) problems.push(`alarmNames has ${props.alarmNames.length} alarms: give 1-10 (CodeDeploy's limit) so a bad release rolls back`);
    const keep = props.keepBlueFleetMinutes ?? BLUE_GREEN_DEFAULTS.keepBlueFleetMinutes;
    if (!Number.isInteger(keep) || keep < 0 || keep > 2880) problems.push(`keepBlueFleetMinutes (${keep}) must be 0-2880 (two days)`);
    if (problems.length > 0) throw new Error(`BlueGreenDeployment ${props.name}: ${problems.join('; ')}`);
    const { partition } = awsAccount(this);

    this.role = new IamRole(this, 'role', {
      name: fitName(`${props.name}-codedeploy`, 64),
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
