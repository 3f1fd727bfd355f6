/** The delivery pipeline's deploy stage for a Beanstalk environment: the CodePipeline ElasticBeanstalk action and
 * what the pipeline role needs while Beanstalk deploys (scoped to the application, its awseb stacks and storage).
 * Blue/green: find the idle environment at run time, deploy there, smoke-test it, wait for approval, swap. */
import { Construct } from 'constructs';
import { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { CodepipelineStageAction } from '@cdktf/provider-aws/lib/codepipeline';
import type { DeployStageBinding, PipelineArtifacts } from '../../delivery/app-pipeline';
import { assumeRolePolicy, policyDocument, PolicyStatement } from '../../shared/iam';
import { LogGroup } from '../../shared/log-group';
import { fitName } from '../../../util/names';
import { beanstalkReleaseBuildspec } from './beanstalk-release-script';

/** The environment a release goes to, and the roles Beanstalk passes on while deploying. */
export interface BeanstalkDeployTarget {
  readonly application: string;
  readonly environment: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  readonly passRoles: readonly string[];
  /** Blue/green: both environments (the release finds which is idle at run time) and how to smoke-test one. */
  readonly blueGreen?: {
    readonly environments: readonly [string, string];
    /** CNAME prefix of the live name (`<prefix>.<region>.elasticbeanstalk.com`). */
    readonly liveCnamePrefix: string;
    readonly healthPath: string;
    readonly https: boolean;
    readonly logRetentionDays: number;
  };
}

/** Run order of the blue/green release actions inside the Deploy stage. */
const VARS = 'Idle';

export function beanstalkDeployStage(scope: Construct, target: BeanstalkDeployTarget, artifacts: PipelineArtifacts): DeployStageBinding {
  const { application: app, accountId, partition, region, passRoles } = target;
  const inputArtifact = artifacts.inputArtifact;
  const eb = (resource: string) => `arn:${partition}:elasticbeanstalk:${region}:${accountId}:${resource}`;
  const envs = target.blueGreen ? [...target.blueGreen.environments] : [target.environment];
  const deploy = (environmentName: string, runOrder?: number): CodepipelineStageAction => ({
    name: fitName(target.blueGreen ? 'Deploy-idle' : `Deploy-${target.environment}`, 100),
    category: 'Deploy',
    owner: 'AWS',
    provider: 'ElasticBeanstalk',
    version: '1',
    inputArtifacts: [inputArtifact],
    configuration: { ApplicationName: app, EnvironmentName: environmentName },
    runOrder,
  });
  const release = target.blueGreen ? releaseSteps(scope, target, artifacts, eb) : undefined;
  return {
    actions: release ? [release.action('FindIdle', 1, 'find'), deploy(`#{${VARS}.IDLE_ENV}`, 2), ...release.after] : [deploy(target.environment)],
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
        Resource: [eb(`application/${app}`), eb(`applicationversion/${app}/*`), ...envs.map((e) => eb(`environment/${app}/${e}`))],
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
      ...(release ? [release.pipelineStatement] : []),
    ],
  };
}

/**
 * The release project (one CodeBuild project, the step chosen per action) and the actions after the deploy: smoke
 * test of the idle environment, manual approval, swap. Its role may describe and swap these two environments only.
 */
function releaseSteps(scope: Construct, target: BeanstalkDeployTarget, artifacts: PipelineArtifacts, eb: (r: string) => string) {
  const bg = target.blueGreen!;
  const app = target.application;
  const name = fitName(`${app}-release`, 150);
  const logs = new LogGroup(scope, 'beanstalk-release-logs', { name: `/stormproof/${app}/release`, retentionDays: bg.logRetentionDays });
  const role = new IamRole(scope, 'beanstalk-release-role', {
    name: fitName(`${app}-release`, 64),
    assumeRolePolicy: assumeRolePolicy('codebuild.amazonaws.com'),
    description: `Blue/green release steps of ${app}: find the idle environment, smoke-test it, swap CNAMEs`,
  });
  const envArns = bg.environments.map((e) => eb(`environment/${app}/${e}`));
  new IamRolePolicy(scope, 'beanstalk-release-policy', {
    name: 'release',
    role: role.id,
    policy: policyDocument(
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.arn}:*` },
      { Sid: 'ReadArtifact', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${artifacts.bucketArn}/*` },
      { Sid: 'ArtifactKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: artifacts.keyArn },
      { Sid: 'DescribeAndSwapTheseEnvironments', Effect: 'Allow', Action: ['elasticbeanstalk:DescribeEnvironments', 'elasticbeanstalk:SwapEnvironmentCNAMEs'], Resource: envArns },
    ),
  });
  const project = new CodebuildProject(scope, 'beanstalk-release', {
    name,
    description: `Blue/green release of ${app}: find the idle environment, smoke-test it, swap (the step per pipeline action)`,
    serviceRole: role.arn,
    encryptionKey: artifacts.keyArn,
    buildTimeout: 60,
    // The script's ${VAR:?} and curl's %{http_code} are shell, not Terraform templates: escaped as $${ and %%{.
    source: { type: 'CODEPIPELINE', buildspec: terraformLiteral(beanstalkReleaseBuildspec()) },
    artifacts: { type: 'CODEPIPELINE', encryptionDisabled: false },
    environment: {
      type: 'LINUX_CONTAINER',
      computeType: 'BUILD_GENERAL1_SMALL',
      image: 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
      imagePullCredentialsType: 'CODEBUILD',
      privilegedMode: false,
      environmentVariable: [
        { name: 'APP', value: app },
        { name: 'ENVIRONMENTS', value: bg.environments.join(' ') },
        { name: 'LIVE_CNAME_PREFIX', value: bg.liveCnamePrefix },
        { name: 'SCHEME', value: bg.https ? 'https' : 'http' },
        { name: 'HEALTH_PATH', value: bg.healthPath },
      ],
    },
    logsConfig: { cloudwatchLogs: { groupName: logs.name, status: 'ENABLED' }, s3Logs: { status: 'DISABLED' } },
  });
  const variable = (v: string) => ({ name: v, value: `#{${VARS}.${v}}`, type: 'PLAINTEXT' });
  const action = (actionName: string, runOrder: number, step: 'find' | 'smoke' | 'swap'): CodepipelineStageAction => ({
    name: actionName,
    category: 'Build',
    owner: 'AWS',
    provider: 'CodeBuild',
    version: '1',
    inputArtifacts: [artifacts.inputArtifact],
    runOrder,
    ...(step === 'find' ? { namespace: VARS } : {}),
    configuration: {
      ProjectName: project.name,
      EnvironmentVariables: JSON.stringify([
        { name: 'STEP', value: step, type: 'PLAINTEXT' },
        ...(step === 'find' ? [] : ['LIVE_ENV', 'IDLE_ENV', 'IDLE_CNAME'].map(variable)),
      ]),
    },
  });
  const approval: CodepipelineStageAction = {
    name: 'ApproveSwap',
    category: 'Approval',
    owner: 'AWS',
    provider: 'Manual',
    version: '1',
    runOrder: 4,
    configuration: {
      CustomData: `The release is on the idle #{${VARS}.IDLE_ENV} (#{${VARS}.IDLE_CNAME}) and passed its smoke test. Approve to swap it live; #{${VARS}.LIVE_ENV} stays idle as the rollback.`,
    },
  };
  const pipelineStatement: PolicyStatement = { Sid: 'ReleaseSteps', Effect: 'Allow', Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds', 'codebuild:StopBuild'], Resource: project.arn };
  return { action, after: [action('SmokeTestIdle', 3, 'smoke'), approval, action('SwapCnames', 5, 'swap')], pipelineStatement };
}

/** A string Terraform must take as written: its `${` and `%{` are escaped (`$${`, `%%{`), so they reach the shell. */
export const terraformLiteral = (text: string): string => text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
