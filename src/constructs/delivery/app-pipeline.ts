import { Construct } from 'constructs';
import { Codepipeline, CodepipelineStage, CodepipelineStageAction } from '@cdktf/provider-aws/lib/codepipeline';
import { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { awsAccount } from '../../util/aws-account';
import { EncryptionKey } from '../shared/encryption-key';
import { assumeRolePolicy, policyDocument, PolicyStatement } from '../shared/iam';
import { LogGroup } from '../shared/log-group';
import { PrivateBucket } from '../shared/private-bucket';
import { LOG_GROUP_DEFAULTS } from '../shared/log-group-props';
import { fitName } from '../../util/names';

/** Where the build's revision lands and how the deploy stage may read it. */
export interface PipelineArtifacts {
  /** Name of the build stage's output artifact, the deploy stage's input. */
  readonly inputArtifact: string;
  readonly bucketArn: string;
  /** KMS key encrypting every artifact. */
  readonly keyArn: string;
}

/** The deploy stage as the pipeline sees it: its actions and what the pipeline role needs to run them. */
export interface DeployStageBinding {
  readonly actions: CodepipelineStageAction[];
  readonly pipelineStatements: PolicyStatement[];
}

/**
 * A pluggable deploy stage (Elastic Beanstalk's deploy action today; EC2 fleets release through FleetRelease,
 * not a pipeline). `bind` is called once by the pipeline, after the artifact bucket and key exist, so the
 * target can grant its own runtime (instances, environment) read access to the revisions.
 */
export interface PipelineDeployTarget {
  bind(scope: Construct, artifacts: PipelineArtifacts): DeployStageBinding;
}

export interface PipelineSourceConnection {
  /** CodeStar (CodeConnections) connection ARN, authorized once in the console. */
  readonly connectionArn: string;
  /** `owner/name` of the application repository. */
  readonly repository: string;
  /** @default 'main' */
  readonly branch?: string;
}

export interface AppPipelineProps {
  /** Name prefix, e.g. `fastier-production-web` (at most 27 characters: the artifact bucket prefix adds 10). */
  readonly name: string;
  /**
   * Where releases come from.
   * @default - an S3 object `source/app.zip` in the pipeline's versioned artifact bucket; uploading a new version starts the pipeline
   */
  readonly source?: PipelineSourceConnection;
  /** The deploy stage. */
  readonly deploy: PipelineDeployTarget;
  /**
   * Build spec path inside the source (runs the app's tests and emits the revision).
   * @default 'buildspec-beanstalk.yml' (app/: the demo app's tests, then its Beanstalk source bundle)
   */
  readonly buildspec?: string;
  /**
   * CodeBuild image.
   * @default 'aws/codebuild/amazonlinux-x86_64-standard:5.0'
   */
  readonly buildImage?: string;
  /** @default 20 */
  readonly buildTimeoutMinutes?: number;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /**
   * Days before noncurrent versions of sources and artifacts expire.
   * @default 90
   */
  readonly artifactRetentionDays?: number;
  /** @default false */
  readonly forceDestroy?: boolean;
}

/** S3 key of the release bundle when the source is the artifact bucket. */
export const SOURCE_OBJECT_KEY = 'source/app.zip';

/**
 * A release pipeline for one service: Source (a versioned S3 object, or a CodeStar connection to a
 * repository) -> Build (CodeBuild runs the app's tests and produces the revision) -> Deploy (pluggable:
 * `BeanstalkApp.pipelineDeployTarget()`; EC2 services release by instance refresh instead, FleetRelease). Artifacts are encrypted with the pipeline's own KMS
 * key in a private, versioned, TLS-only bucket; each of the pipeline, build and event roles may touch
 * only this pipeline's bucket, key, project and log group.
 */
export class AppPipeline extends Construct {
  readonly pipeline: Codepipeline;
  readonly project: CodebuildProject;
  readonly artifacts: PrivateBucket;
  readonly key: EncryptionKey;
  readonly pipelineRole: IamRole;
  readonly buildRole: IamRole;
  /** Bucket and key a release bundle is uploaded to (S3 source only). */
  readonly sourceLocation?: { readonly bucket: string; readonly key: string };

  constructor(scope: Construct, id: string, props: AppPipelineProps) {
    super(scope, id);
    validate(props);
    const { accountId, partition } = awsAccount(this);
    const region = new DataAwsRegion(this, 'region').name;

    this.key = new EncryptionKey(this, 'key', {
      alias: `${props.name}-pipeline`,
      description: `Encrypts the ${props.name} pipeline's sources, artifacts and build logs`,
    });
    this.artifacts = new PrivateBucket(this, 'artifacts', {
      namePrefix: `${props.name}-pipeline-`,
      kmsKeyArn: this.key.arn,
      // Versioned: the S3 source action needs versions, and an earlier release stays redeployable.
      versioning: true,
      lifecycle: { noncurrentExpirationDays: props.artifactRetentionDays ?? 90 },
      forceDestroy: props.forceDestroy,
    });
    const bucketArn = this.artifacts.arn;
    const objects = `${bucketArn}/*`;
    // Test reports of this project only.
    const build = this.createBuild(props, bucketArn, `arn:${partition}:codebuild:${region}:${accountId}:report-group/${props.name}-build-*`);
    this.buildRole = build.role;
    this.project = build.project;

    this.pipelineRole = new IamRole(this, 'pipeline-role', {
      name: fitName(`${props.name}-pipeline`, 64),
      assumeRolePolicy: assumeRolePolicy('codepipeline.amazonaws.com'),
      description: `CodePipeline of ${props.name}: source -> build -> deploy`,
    });
    const deploy = props.deploy.bind(this, { inputArtifact: 'revision', bucketArn, keyArn: this.key.arn });
    this.pipeline = new Codepipeline(this, 'pipeline', {
      name: props.name,
      roleArn: this.pipelineRole.arn,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      artifactStore: [{ location: this.artifacts.bucketName, type: 'S3', encryptionKey: { id: this.key.arn, type: 'KMS' } }],
      stage: stagesOf(sourceActionOf(props, this.artifacts.bucketName), this.project.name, deploy.actions),
    });

    const sourceStatements: PolicyStatement[] = props.source
      ? [{ Sid: 'UseConnection', Effect: 'Allow', Action: 'codestar-connections:UseConnection', Resource: props.source.connectionArn }]
      : [];
    new IamRolePolicy(this, 'pipeline-policy', {
      name: 'pipeline',
      role: this.pipelineRole.id,
      policy: policyDocument(
        { Sid: 'Artifacts', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], Resource: objects },
        { Sid: 'ArtifactBucket', Effect: 'Allow', Action: ['s3:GetBucketVersioning', 's3:GetBucketLocation', 's3:ListBucket'], Resource: bucketArn },
        { Sid: 'ArtifactKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: this.key.arn },
        { Sid: 'Build', Effect: 'Allow', Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds', 'codebuild:StopBuild'], Resource: this.project.arn },
        ...sourceStatements,
        ...deploy.pipelineStatements,
      ),
    });

    if (!props.source) {
      this.sourceLocation = { bucket: this.artifacts.bucketName, key: SOURCE_OBJECT_KEY };
      this.startOnNewSource(props);
    }
  }

  /** Build: the app's own buildspec runs its tests and emits the files the deploy stage takes as the revision. */
  private createBuild(props: AppPipelineProps, bucketArn: string, reportGroups: string): { role: IamRole; project: CodebuildProject } {
    const logs = new LogGroup(this, 'build-logs', {
      name: `/stormproof/${props.name}/build`,
      retentionDays: props.logRetentionDays ?? LOG_GROUP_DEFAULTS.retentionDays,
    });

    const role = new IamRole(this, 'build-role', {
      name: fitName(`${props.name}-build`, 64),
      assumeRolePolicy: assumeRolePolicy('codebuild.amazonaws.com'),
      description: `CodeBuild of ${props.name}: reads sources, writes revisions and logs`,
    });
    const projectName = `${props.name}-build`;
    new IamRolePolicy(this, 'build-policy', {
      name: 'build',
      role: role.id,
      policy: policyDocument(
        { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.arn}:*` },
        { Sid: 'Artifacts', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], Resource: `${bucketArn}/*` },
        { Sid: 'ArtifactBucket', Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetBucketVersioning'], Resource: bucketArn },
        { Sid: 'ArtifactKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: this.key.arn },
        {
          Sid: 'TestReports',
          Effect: 'Allow',
          Action: ['codebuild:CreateReportGroup', 'codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutTestCases'],
          Resource: reportGroups,
        },
      ),
    });
    const project = new CodebuildProject(this, 'build', {
      name: projectName,
      description: `Tests and packages ${props.name} releases`,
      serviceRole: role.arn,
      encryptionKey: this.key.arn,
      buildTimeout: props.buildTimeoutMinutes ?? 20,
      source: { type: 'CODEPIPELINE', buildspec: props.buildspec ?? 'buildspec-beanstalk.yml' },
      artifacts: { type: 'CODEPIPELINE', encryptionDisabled: false },
      environment: {
        type: 'LINUX_CONTAINER',
        computeType: 'BUILD_GENERAL1_SMALL',
        image: props.buildImage ?? 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
        imagePullCredentialsType: 'CODEBUILD',
        // Builds run tests, never Docker: no privileged mode.
        privilegedMode: false,
      },
      logsConfig: {
        cloudwatchLogs: { groupName: logs.name, status: 'ENABLED' },
        s3Logs: { status: 'DISABLED' },
      },
    });
    return { role, project };
  }

  /** S3 -> EventBridge -> pipeline: a new version of the source object starts a release at once. */
  private startOnNewSource(props: AppPipelineProps): void {
    new S3BucketNotification(this, 'source-events', { bucket: this.artifacts.bucket.id, eventbridge: true });
    const rule = new CloudwatchEventRule(this, 'source-rule', {
      name: `${props.name}-release`,
      description: `Starts the ${props.name} pipeline when s3://…/${SOURCE_OBJECT_KEY} gets a new version`,
      eventPattern: JSON.stringify({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [this.artifacts.bucketName] }, object: { key: [SOURCE_OBJECT_KEY] } },
      }),
    });
    const eventsRole = new IamRole(this, 'events-role', {
      name: fitName(`${props.name}-release-events`, 64),
      assumeRolePolicy: assumeRolePolicy('events.amazonaws.com'),
      description: `EventBridge starting the ${props.name} pipeline`,
    });
    new IamRolePolicy(this, 'events-policy', {
      name: 'start-pipeline',
      role: eventsRole.id,
      policy: policyDocument({ Sid: 'StartThisPipeline', Effect: 'Allow', Action: 'codepipeline:StartPipelineExecution', Resource: this.pipeline.arn }),
    });
    new CloudwatchEventTarget(this, 'source-target', { rule: rule.name, arn: this.pipeline.arn, roleArn: eventsRole.arn });
  }
}

/** Source: a CodeStar connection to the repository, or the versioned release bundle in the artifact bucket. */
function sourceActionOf(props: AppPipelineProps, bucketName: string): CodepipelineStageAction {
  return props.source
    ? {
        name: 'Source',
        category: 'Source',
        owner: 'AWS',
        provider: 'CodeStarSourceConnection',
        version: '1',
        outputArtifacts: ['source'],
        configuration: {
          ConnectionArn: props.source.connectionArn,
          FullRepositoryId: props.source.repository,
          BranchName: props.source.branch ?? 'main',
          OutputArtifactFormat: 'CODE_ZIP',
        },
      }
    : {
        name: 'Source',
        category: 'Source',
        owner: 'AWS',
        provider: 'S3',
        version: '1',
        outputArtifacts: ['source'],
        // Started by the EventBridge rule (startOnNewSource) on every new version, not by polling.
        configuration: { S3Bucket: bucketName, S3ObjectKey: SOURCE_OBJECT_KEY, PollForSourceChanges: 'false' },
      };
}

/** Source -> Build (tests, then the revision) -> Deploy (the target's actions). */
function stagesOf(source: CodepipelineStageAction, projectName: string, deployActions: CodepipelineStageAction[]): CodepipelineStage[] {
  return [
    { name: 'Source', action: [source] },
    {
      name: 'Build',
      action: [
        {
          name: 'TestAndPackage',
          category: 'Build',
          owner: 'AWS',
          provider: 'CodeBuild',
          version: '1',
          inputArtifacts: ['source'],
          outputArtifacts: ['revision'],
          configuration: { ProjectName: projectName },
        },
      ],
    },
    { name: 'Deploy', action: deployActions },
  ];
}

function validate(props: AppPipelineProps): void {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]{0,26}$/.test(props.name)) {
    problems.push(`name "${props.name}" must be 1-27 lowercase letters, digits or dashes (the artifact bucket prefix "<name>-pipeline-" may hold 37)`);
  }
  if (props.source) {
    if (!/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/.test(props.source.connectionArn)) {
      problems.push(`source.connectionArn "${props.source.connectionArn}" must be a CodeStar/CodeConnections connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<id>)`);
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(props.source.repository)) {
      problems.push(`source.repository "${props.source.repository}" must be "owner/name"`);
    }
  }
  const timeout = props.buildTimeoutMinutes ?? 20;
  if (!Number.isInteger(timeout) || timeout < 5 || timeout > 480) problems.push(`buildTimeoutMinutes (${timeout}) must be 5-480`);
  if (problems.length > 0) throw new Error(`AppPipeline ${props.name}: ${problems.join('; ')}`);
}
