/** The delivery pipeline's deploy stage for a Beanstalk environment: the CodePipeline ElasticBeanstalk action and
 * what the pipeline role needs while Beanstalk deploys (scoped to the application, its awseb stacks and storage). */
import type { DeployStageBinding } from '../../delivery/app-pipeline';
import { fitName } from '../../../util/names';

/** The environment a release goes to, and the roles Beanstalk passes on while deploying. */
export interface BeanstalkDeployTarget {
  readonly application: string;
  readonly environment: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  readonly passRoles: readonly string[];
}

export function beanstalkDeployStage(target: BeanstalkDeployTarget, inputArtifact: string): DeployStageBinding {
  const { application: app, environment: env, accountId, partition, region, passRoles } = target;
  const eb = (resource: string) => `arn:${partition}:elasticbeanstalk:${region}:${accountId}:${resource}`;
  return {
    actions: [
      {
        name: fitName(`Deploy-${env}`, 100),
        category: 'Deploy',
        owner: 'AWS',
        provider: 'ElasticBeanstalk',
        version: '1',
        inputArtifacts: [inputArtifact],
        configuration: { ApplicationName: app, EnvironmentName: env },
      },
    ],
    // What Beanstalk does with the caller's permissions while it deploys: a version from the artifact, the
    // environment's CloudFormation stack (awseb-*), its storage bucket, and group/target updates.
    pipelineStatements: [
      {
        Sid: 'DeployThisEnvironment',
        Effect: 'Allow',
        Action: [
          'elasticbeanstalk:CreateApplicationVersion',
          'elasticbeanstalk:DescribeApplicationVersions',
          'elasticbeanstalk:DescribeEnvironments',
          'elasticbeanstalk:DescribeEvents',
          'elasticbeanstalk:UpdateEnvironment',
        ],
        Resource: [eb(`application/${app}`), eb(`applicationversion/${app}/*`), eb(`environment/${app}/${env}`)],
      },
      {
        Sid: 'BeanstalkStacks',
        Effect: 'Allow',
        Action: [
          'cloudformation:DescribeStacks',
          'cloudformation:DescribeStackEvents',
          'cloudformation:DescribeStackResource',
          'cloudformation:DescribeStackResources',
          'cloudformation:GetTemplate',
          'cloudformation:UpdateStack',
          'cloudformation:CancelUpdateStack',
        ],
        Resource: `arn:${partition}:cloudformation:${region}:${accountId}:stack/awseb-*`,
      },
      {
        Sid: 'BeanstalkStorage',
        Effect: 'Allow',
        Action: ['s3:CreateBucket', 's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:ListBucket', 's3:GetObject', 's3:GetObjectAcl', 's3:PutObject', 's3:PutObjectAcl'],
        Resource: [`arn:${partition}:s3:::elasticbeanstalk-${region}-${accountId}`, `arn:${partition}:s3:::elasticbeanstalk-${region}-${accountId}/*`],
      },
      {
        Sid: 'BeanstalkFleetDuringDeploys',
        Effect: 'Allow',
        Action: [
          'autoscaling:Describe*',
          'autoscaling:SuspendProcesses',
          'autoscaling:ResumeProcesses',
          'elasticloadbalancing:Describe*',
          'elasticloadbalancing:RegisterTargets',
          'elasticloadbalancing:DeregisterTargets',
          'ec2:Describe*',
          'cloudwatch:DescribeAlarms',
        ],
        Resource: '*',
      },
      { Sid: 'PassEnvironmentRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: [...passRoles] },
    ],
  };
}
