import { Construct } from 'constructs';
import { AssetType, Fn, Lazy, TerraformAsset, Token } from 'cdktf';
import { ElasticBeanstalkApplication } from '@cdktf/provider-aws/lib/elastic-beanstalk-application';
import { ElasticBeanstalkApplicationVersion } from '@cdktf/provider-aws/lib/elastic-beanstalk-application-version';
import { ElasticBeanstalkEnvironment } from '@cdktf/provider-aws/lib/elastic-beanstalk-environment';
import { DataAwsElasticBeanstalkSolutionStack } from '@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-solution-stack';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { awsAccount } from '../util/aws-account';
import { reuseArchive } from '../util/reuse-archive';
import { assumeRolePolicy, IGrantable, policyDocument, PolicyStatement } from './iam';
import { PrivateBucket } from './private-bucket';
import { Connections, Firewall, IConnectable } from './firewall';
import { metric, Metric, MetricOptions } from './metric';
import { BEANSTALK_APP_PORT, demoBundleFiles, stageBundle } from './beanstalk-bundle';
import type { Capacity } from './auto-scaling';
import type { PipelineDeployTarget } from './app-pipeline';

/** Solution stacks per platform: the lookup regex (newest match wins) and the pinned fallback name. */
export const SOLUTION_STACKS = {
  python: { regex: '^64bit Amazon Linux 2023 v[0-9.]+ running Python 3\\.12$', pinned: '64bit Amazon Linux 2023 v4.6.0 running Python 3.12' },
  docker: { regex: '^64bit Amazon Linux 2023 v[0-9.]+ running Docker$', pinned: '64bit Amazon Linux 2023 v4.6.0 running Docker' },
} as const;

export type BeanstalkPlatform = keyof typeof SOLUTION_STACKS;
export type BeanstalkDeploymentPolicy = 'blue-green' | 'immutable' | 'rolling-with-additional-batch';

export interface BeanstalkAppProps {
  /** Application name and prefix of everything else, e.g. `fastier-production-web` (at most 28 characters). */
  readonly name: string;
  /** Short service name the app reports. @default - `name` */
  readonly serviceName?: string;
  readonly vpcId: string;
  /** Private app subnets, one per AZ (at least 2): the instances. */
  readonly appSubnetIds: string[];
  /** Public subnets, one per AZ (at least 2): the environment's ALB. */
  readonly publicSubnetIds: string[];
  /** @default 'python' - Python 3.12 on Amazon Linux 2023 */
  readonly platform?: BeanstalkPlatform;
  /**
   * `latest`: the newest solution stack matching the platform, looked up at plan time; `pinned`: `SOLUTION_STACKS[platform].pinned`
   * (for regions or mocks where the lookup fails); any other value: that exact solution-stack name.
   * @default 'latest'
   */
  readonly solutionStack?: string;
  /** @default 't3.medium' - 4 GiB, what the single server it replaces had */
  readonly instanceType?: string;
  readonly capacity: Capacity;
  /** @default '/health' */
  readonly healthCheckPath?: string;
  /**
   * ACM certificate for the HTTPS listener (the port 80 listener is then turned off).
   * @default - HTTP listener only (non-production)
   */
  readonly certificateArn?: string;
  /** @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' */
  readonly sslPolicy?: string;
  /**
   * `blue-green`: two environments (blue live, green idle) whose CNAMEs are swapped after a release; `immutable`: one
   * environment, every release on a new Auto Scaling group; `rolling-with-additional-batch`: one environment, batches
   * replaced after an extra batch is up.
   * @default 'immutable'
   */
  readonly deployment?: BeanstalkDeploymentPolicy;
  /**
   * Average CPU percent the Beanstalk trigger holds (scale out above target + 20, in below target - 20).
   * @default 50
   */
  readonly cpuTargetPercent?: number;
  /**
   * Average memory percent (`CWAgent mem_used_percent`, published by the bundle's agent config) that a
   * target-tracking policy on each environment's Auto Scaling group holds.
   * @default 70
   */
  readonly memoryTargetPercent?: number;
  /** @default 20 */
  readonly rootVolumeGb?: number;
  /** Retention of the instance and health log groups Beanstalk streams. @default 30 */
  readonly logRetentionDays?: number;
  /** Application versions kept; older ones are deleted with their bundle. @default 20 */
  readonly versionsToKeep?: number;
  /** Weekly start of managed platform updates (UTC), `Day:HH:MM`. @default 'Sun:04:00' */
  readonly platformUpdateWindow?: string;
  /** Folder zipped into the source bundle. @default - the Stormproof demo app with memory metrics (see beanstalk-bundle.ts) */
  readonly sourceDir?: string;
  /** Environment properties (endpoints, ARNs; never secret values). `addProperties` adds more later. @default - none */
  readonly properties?: Record<string, string>;
  /** Days the ALB access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /** Let `terraform destroy` delete non-empty bundle and log buckets. @default false */
  readonly forceDestroyBuckets?: boolean;
}

/** One environment of the application. */
export interface BeanstalkEnvironmentInfo {
  /** `live` (single environment), `blue` or `green`. */
  readonly role: 'live' | 'blue' | 'green';
  readonly environment: ElasticBeanstalkEnvironment;
  readonly name: string;
  /** The environment's Auto Scaling group (created by Beanstalk). */
  readonly asgName: string;
  readonly memoryPolicy: AutoscalingPolicy;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const RESERVED = ['APP_PORT', 'SERVICE_NAME', 'HEALTH_PATH', 'PORT'];
const POLICY_NAMES: Record<BeanstalkDeploymentPolicy, string> = {
  'blue-green': 'RollingWithAdditionalBatch',
  immutable: 'Immutable',
  'rolling-with-additional-batch': 'RollingWithAdditionalBatch',
};

/**
 * A web service on Elastic Beanstalk: the application with a version lifecycle, the app bundle (a cdktf asset
 * zipped at synth) in a private bucket as an application version, and one environment (immutable or rolling
 * deploys) or two (blue/green with a CNAME swap). Each environment is load balanced by its own ALB in the
 * public subnets, runs IMDSv2-only instances in the private app subnets of every AZ behind security groups
 * this construct owns (no Beanstalk default group, no SSH), reports enhanced health, takes managed platform
 * updates, and scales on CPU (Beanstalk's trigger) and on memory (a target-tracking policy on its group).
 */
export class BeanstalkApp extends Construct implements IConnectable, IGrantable {
  readonly kind = 'web' as const;
  readonly application: ElasticBeanstalkApplication;
  readonly version: ElasticBeanstalkApplicationVersion;
  /** The version label (a plain string: name plus the bundle's content hash). */
  readonly versionLabel: string;
  /** The application name (a plain string). */
  readonly applicationName: string;
  readonly environments: BeanstalkEnvironmentInfo[] = [];
  /** Instances: port 80 (the platform's nginx) from the environment ALB only; egress HTTPS. */
  readonly firewall: Firewall;
  /** The instances' firewall on port 80: `db.connections.allowDefaultPortFrom(app)` admits them there. */
  readonly connections: Connections;
  /** The environments' ALBs: 443 (or 80 without a certificate) from the internet. */
  readonly loadBalancerFirewall: Firewall;
  readonly instanceRole: IamRole;
  readonly serviceRole: IamRole;
  readonly bundleBucket: PrivateBucket;
  readonly logBucket: PrivateBucket;
  readonly solutionStackName: string;
  readonly deployment: BeanstalkDeploymentPolicy;
  readonly protocol: 'http' | 'https';
  readonly memoryTargetPercent: number;

  private readonly name: string;
  private readonly region: string;
  private readonly properties = new Map<string, string>();
  private policies = 0;

  constructor(scope: Construct, id: string, props: BeanstalkAppProps) {
    super(scope, id);
    validate(props);
    this.name = props.name;
    this.applicationName = props.name;
    this.deployment = props.deployment ?? 'immutable';
    this.protocol = props.certificateArn ? 'https' : 'http';
    this.memoryTargetPercent = props.memoryTargetPercent ?? 70;
    const platform = props.platform ?? 'python';
    const healthPath = props.healthCheckPath ?? '/health';
    const serviceName = props.serviceName ?? props.name;
    const { accountId, partition } = awsAccount(this);
    const region = (this.region = new DataAwsRegion(this, 'region').name);

    // Security groups are ours (Terraform-reviewed rules), not Beanstalk's defaults.
    const listenerPort = props.certificateArn ? 443 : 80;
    this.loadBalancerFirewall = new Firewall(this, 'alb-firewall', {
      name: `${props.name}-eb-alb`,
      vpcId: props.vpcId,
      description: `Beanstalk ALB of ${props.name}: ${listenerPort} in from the internet, port 80 to the instances`,
    });
    this.loadBalancerFirewall.allowFromCidr('0.0.0.0/0', listenerPort, `${this.protocol.toUpperCase()} from the internet`);
    this.firewall = new Firewall(this, 'firewall', {
      name: `${props.name}-eb-app`,
      vpcId: props.vpcId,
      description: `Beanstalk instances of ${props.name}: port 80 from the environment ALB only, no SSH`,
    });
    this.connections = new Connections(this.firewall, 80);
    this.connections.allowDefaultPortFrom(this.loadBalancerFirewall, 'nginx on the instances from the environment ALB');
    this.firewall.allowToCidr('0.0.0.0/0', 443, 'HTTPS to AWS APIs, the platform and image registries through NAT');

    this.serviceRole = new IamRole(this, 'service-role', {
      name: `${props.name}-eb-service`.slice(0, 64),
      assumeRolePolicy: policyDocument({
        Effect: 'Allow',
        Principal: { Service: 'elasticbeanstalk.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
      }),
      description: `Elastic Beanstalk service role of ${props.name}: enhanced health, managed updates, version lifecycle`,
    });
    for (const policy of ['AWSElasticBeanstalkEnhancedHealth', 'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy']) {
      new IamRolePolicyAttachment(this, `service-${policy}`, { role: this.serviceRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
    }
    this.instanceRole = new IamRole(this, 'instance-role', {
      name: `${props.name}-eb-instance`.slice(0, 64),
      assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
      description: `Beanstalk instances of ${props.name}`,
    });
    // Web tier (bundle download, log streaming), Session Manager instead of SSH, the CloudWatch agent for memory.
    for (const policy of ['AWSElasticBeanstalkWebTier', 'AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy']) {
      new IamRolePolicyAttachment(this, `instance-${policy}`, { role: this.instanceRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
    }
    const instanceProfile = new IamInstanceProfile(this, 'instance-profile', { name: `${props.name}-eb-instance`.slice(0, 128), role: this.instanceRole.name });

    // ALB access logs, and the bundle bucket's server access logs.
    this.logBucket = new PrivateBucket(this, 'alb-logs', {
      namePrefix: `${props.name}-eb-logs-`,
      lifecycle: { expirationDays: props.accessLogRetentionDays ?? 90, noncurrentExpirationDays: 7 },
      forceDestroy: props.forceDestroyBuckets,
    });
    const elbAccount = new DataAwsElbServiceAccount(this, 'elb-account');
    const logObjects = `${this.logBucket.arn}/alb/AWSLogs/${accountId}/*`;
    // Regions from before August 2022 deliver as the regional ELB account; newer ones as the service principal.
    this.logBucket.addToResourcePolicy({ Sid: 'ElbAccountDelivery', Effect: 'Allow', Principal: { AWS: elbAccount.arn }, Action: 's3:PutObject', Resource: logObjects });
    this.logBucket.addToResourcePolicy({
      Sid: 'ElbServiceDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: logObjects,
    });

    this.bundleBucket = new PrivateBucket(this, 'bundles', {
      namePrefix: `${props.name}-bundles-`,
      // The AWS managed S3 key: SSE-KMS that every principal of the account allowed to read the object can decrypt
      // through S3 (instances, Beanstalk), without a key policy to maintain.
      kmsKeyArn: `arn:${partition}:kms:${region}:${accountId}:alias/aws/s3`,
      lifecycle: { noncurrentExpirationDays: 30 },
      accessLogs: { bucket: this.logBucket, prefix: 'bundles/' },
      forceDestroy: props.forceDestroyBuckets,
    });
    this.addToRolePolicy({ Sid: 'ReadBundles', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${this.bundleBucket.arn}/*` });

    this.application = new ElasticBeanstalkApplication(this, 'application', {
      name: props.name,
      description: `${props.name}: Stormproof web service on Elastic Beanstalk`,
      appversionLifecycle: { serviceRole: this.serviceRole.arn, maxCount: props.versionsToKeep ?? 20, deleteSourceFromS3: true },
    });
    new IamRolePolicy(this, 'service-lifecycle', {
      role: this.serviceRole.id,
      name: `${props.name}-version-lifecycle`,
      policy: policyDocument(
        {
          Sid: 'DeleteOldVersions',
          Effect: 'Allow',
          Action: ['elasticbeanstalk:DeleteApplicationVersion'],
          Resource: `arn:${partition}:elasticbeanstalk:${region}:${accountId}:applicationversion/${props.name}/*`,
        },
        { Sid: 'DeleteOldBundles', Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject'], Resource: `${this.bundleBucket.arn}/*` },
      ),
    });

    // cdktf zips the folder at synth; the key and version label carry its content hash, so a change is a new version.
    const asset = new TerraformAsset(this, 'bundle', { path: props.sourceDir ?? stageBundle(demoBundleFiles()), type: AssetType.ARCHIVE });
    reuseArchive(asset);
    const label = (this.versionLabel = `${props.name}-${asset.assetHash.slice(0, 12).toLowerCase()}`);
    const object = new S3Object(this, 'bundle-object', {
      bucket: this.bundleBucket.bucketName,
      key: `${label}.zip`,
      source: asset.path,
    });
    this.version = new ElasticBeanstalkApplicationVersion(this, 'version', {
      name: label,
      application: this.application.name,
      description: `Source bundle ${asset.assetHash}`,
      bucket: this.bundleBucket.bucketName,
      key: object.key,
    });

    this.solutionStackName =
      props.solutionStack === 'pinned'
        ? SOLUTION_STACKS[platform].pinned
        : props.solutionStack && props.solutionStack !== 'latest'
          ? props.solutionStack
          : new DataAwsElasticBeanstalkSolutionStack(this, 'solution-stack', { nameRegex: SOLUTION_STACKS[platform].regex, mostRecent: true }).name;

    for (const [k, v] of Object.entries(props.properties ?? {})) this.addProperty(k, v);
    const roles: BeanstalkEnvironmentInfo['role'][] = this.deployment === 'blue-green' ? ['blue', 'green'] : ['live'];
    for (const role of roles) {
      const envName = role === 'live' ? props.name : `${props.name}-${role}`;
      const settings = this.settings(props, {
        instanceProfile: instanceProfile.name,
        healthPath,
        serviceName,
      });
      const environment = new ElasticBeanstalkEnvironment(this, `environment-${role}`, {
        name: envName,
        application: this.application.name,
        description: `${props.name} (${role})`,
        tier: 'WebServer',
        solutionStackName: this.solutionStackName,
        versionLabel: this.version.name,
        // Green starts with its own prefix; after a swap the prefixes trade places.
        cnamePrefix: role === 'green' ? `${props.name}-idle` : props.name,
        waitForReadyTimeout: '30m',
        setting: settings,
        lifecycle: {
          // A CNAME swap changes cname_prefix outside Terraform, and the prefix forces replacement: never follow it.
          // With blue/green, releases go to the idle environment by `npm run bluegreen`, so the version is theirs too.
          ignoreChanges: this.deployment === 'blue-green' ? ['cname_prefix', 'version_label'] : ['cname_prefix'],
        },
      });
      const asgName = Fn.element(environment.autoscalingGroups, 0);
      const memoryPolicy = new AutoscalingPolicy(this, `scale-memory-${role}`, {
        name: `${envName}-memory-target`,
        autoscalingGroupName: asgName,
        policyType: 'TargetTrackingScaling',
        targetTrackingConfiguration: {
          customizedMetricSpecification: {
            namespace: 'CWAgent',
            metricName: 'mem_used_percent',
            metricDimension: [{ name: 'AutoScalingGroupName', value: asgName }],
            statistic: 'Average',
            unit: 'Percent',
          },
          targetValue: this.memoryTargetPercent,
        },
      });
      this.environments.push({ role, environment, name: envName, asgName, memoryPolicy });
    }
  }

  /** Enhanced-health environment health (0 ok, 1 info, 5 unknown, 10 no data, 15 warning, 20 degraded, 25 severe), maximum. */
  metricEnvironmentHealth(env: BeanstalkEnvironmentInfo, options?: MetricOptions): Metric {
    return metric('AWS/ElasticBeanstalk', 'EnvironmentHealth', { EnvironmentName: env.name }, 'Maximum', options);
  }

  /** 5xx answers of the environment's app (enhanced health), summed. */
  metricApplication5xx(env: BeanstalkEnvironmentInfo, options?: MetricOptions): Metric {
    return metric('AWS/ElasticBeanstalk', 'ApplicationRequests5xx', { EnvironmentName: env.name }, 'Sum', options);
  }

  /** 95th percentile latency of the environment's app in seconds (enhanced health publishes it as a metric). */
  metricLatencyP95(env: BeanstalkEnvironmentInfo, options?: MetricOptions): Metric {
    return metric('AWS/ElasticBeanstalk', 'ApplicationLatencyP95', { EnvironmentName: env.name }, 'Maximum', options);
  }

  /** Average memory use of the environment's instances (`CWAgent mem_used_percent`, from the bundle's agent config). */
  metricMemory(env: BeanstalkEnvironmentInfo, options?: MetricOptions): Metric {
    return metric('CWAgent', 'mem_used_percent', { AutoScalingGroupName: env.asgName }, 'Average', options);
  }

  /**
   * The deploy stage for the delivery pipeline: CodePipeline's Elastic Beanstalk action deploys the build's bundle to
   * one environment with its deployment policy (immutable or rolling: no downtime). With blue/green it targets the
   * environment given (default `green`, idle until the first swap); swaps stay a reviewed step (`npm run bluegreen`).
   */
  pipelineDeployTarget(role: BeanstalkEnvironmentInfo['role'] = this.deployment === 'blue-green' ? 'green' : 'live'): PipelineDeployTarget {
    const env = this.environments.find((e) => e.role === role);
    if (!env) throw new Error(`BeanstalkApp ${this.name}: no "${role}" environment (has ${this.environments.map((e) => e.role).join(', ')})`);
    const app = this.applicationName;
    const { accountId, partition } = awsAccount(this);
    const region = this.region;
    const eb = (resource: string) => `arn:${partition}:elasticbeanstalk:${region}:${accountId}:${resource}`;
    return {
      bind: (_scope, artifacts) => ({
        actions: [
          {
            name: `Deploy-${env.name}`.slice(0, 100),
            category: 'Deploy',
            owner: 'AWS',
            provider: 'ElasticBeanstalk',
            version: '1',
            inputArtifacts: [artifacts.inputArtifact],
            configuration: { ApplicationName: app, EnvironmentName: env.name },
          },
        ],
        // What Beanstalk does with the caller's permissions while it deploys: a version from the artifact, the
        // environment's CloudFormation stack (awseb-*), its storage bucket, and group/target updates.
        pipelineStatements: [
          {
            Sid: 'DeployThisEnvironment',
            Effect: 'Allow',
            Action: ['elasticbeanstalk:CreateApplicationVersion', 'elasticbeanstalk:DescribeApplicationVersions', 'elasticbeanstalk:DescribeEnvironments', 'elasticbeanstalk:DescribeEvents', 'elasticbeanstalk:UpdateEnvironment'],
            Resource: [eb(`application/${app}`), eb(`applicationversion/${app}/*`), eb(`environment/${app}/${env.name}`)],
          },
          {
            Sid: 'BeanstalkStacks',
            Effect: 'Allow',
            Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStackResource', 'cloudformation:DescribeStackResources', 'cloudformation:GetTemplate', 'cloudformation:UpdateStack', 'cloudformation:CancelUpdateStack'],
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
            Action: ['autoscaling:Describe*', 'autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses', 'elasticloadbalancing:Describe*', 'elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets', 'ec2:Describe*', 'cloudwatch:DescribeAlarms'],
            Resource: '*',
          },
          { Sid: 'PassEnvironmentRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: [this.instanceRole.arn, this.serviceRole.arn] },
        ],
      }),
    };
  }

  /** Environment names, in order (`live`, or `blue` then `green`). */
  get environmentNames(): string[] {
    return this.environments.map((e) => e.name);
  }

  /** Adds an inline policy with these statements to the instance role. */
  addToRolePolicy(...statements: PolicyStatement[]): IamRolePolicy {
    if (statements.length === 0) throw new Error(`BeanstalkApp ${this.name}: addToRolePolicy needs at least one statement`);
    const n = this.policies++;
    return new IamRolePolicy(this, `policy-${n}`, { role: this.instanceRole.id, name: `${this.name}-eb-${n}`, policy: policyDocument(...statements) });
  }

  /**
   * Environment properties the app reads as env vars: endpoints, names and secret ARNs (the app fetches secret
   * values at run time; properties are visible in the console and API, so never put a secret value here).
   */
  addProperties(properties: Record<string, string>): void {
    for (const [k, v] of Object.entries(properties)) this.addProperty(k, v);
  }

  /** DataTierClient: Beanstalk passes values as environment properties, so SSM parameter names are not needed. */
  addParameters(_parameters: Record<string, string>): void {
    // Values arrive through addProperties; nothing to fetch at boot.
  }

  private addProperty(key: string, value: string): void {
    if (!ENV_NAME.test(key) || RESERVED.includes(key)) {
      throw new Error(`BeanstalkApp ${this.name}: property "${key}" must be an UPPER_SNAKE env var name other than ${RESERVED.join(', ')}`);
    }
    if (this.properties.has(key)) throw new Error(`BeanstalkApp ${this.name}: property ${key} is set twice`);
    this.properties.set(key, value);
  }

  private settings(props: BeanstalkAppProps, o: { instanceProfile: string; healthPath: string; serviceName: string }) {
    const s = (namespace: string, name: string, value: string | number | boolean) => ({ namespace, name, value: String(value) });
    const cpu = props.cpuTargetPercent ?? 50;
    const fixed = [
      // Network: instances in the private app subnets of every AZ, the ALB in the public ones.
      s('aws:ec2:vpc', 'VPCId', props.vpcId),
      s('aws:ec2:vpc', 'Subnets', Fn.join(',', props.appSubnetIds)),
      s('aws:ec2:vpc', 'ELBSubnets', Fn.join(',', props.publicSubnetIds)),
      s('aws:ec2:vpc', 'ELBScheme', 'public'),
      s('aws:ec2:vpc', 'AssociatePublicIpAddress', false),
      s('aws:elasticbeanstalk:environment', 'EnvironmentType', 'LoadBalanced'),
      s('aws:elasticbeanstalk:environment', 'LoadBalancerType', 'application'),
      s('aws:elasticbeanstalk:environment', 'ServiceRole', this.serviceRole.arn),
      // Instances: IMDSv2 only, our security group only (no SSH key, no default group), encrypted gp3 root.
      s('aws:ec2:instances', 'InstanceTypes', props.instanceType ?? 't3.medium'),
      s('aws:autoscaling:launchconfiguration', 'IamInstanceProfile', o.instanceProfile),
      s('aws:autoscaling:launchconfiguration', 'DisableIMDSv1', true),
      s('aws:autoscaling:launchconfiguration', 'DisableDefaultEC2SecurityGroup', true),
      s('aws:autoscaling:launchconfiguration', 'SecurityGroups', this.firewall.id),
      s('aws:autoscaling:launchconfiguration', 'RootVolumeType', 'gp3'),
      s('aws:autoscaling:launchconfiguration', 'RootVolumeSize', props.rootVolumeGb ?? 20),
      s('aws:autoscaling:launchconfiguration', 'MonitoringInterval', '1 minute'),
      // Capacity over every AZ of the subnets; CPU trigger (memory is the target-tracking policy).
      s('aws:autoscaling:asg', 'MinSize', props.capacity.min),
      s('aws:autoscaling:asg', 'MaxSize', props.capacity.max),
      s('aws:autoscaling:asg', 'Availability Zones', 'Any'),
      s('aws:autoscaling:trigger', 'MeasureName', 'CPUUtilization'),
      s('aws:autoscaling:trigger', 'Statistic', 'Average'),
      s('aws:autoscaling:trigger', 'Unit', 'Percent'),
      s('aws:autoscaling:trigger', 'UpperThreshold', Math.min(cpu + 20, 95)),
      s('aws:autoscaling:trigger', 'LowerThreshold', Math.max(cpu - 20, 5)),
      // Releases and configuration changes without downtime.
      s('aws:elasticbeanstalk:command', 'DeploymentPolicy', POLICY_NAMES[this.deployment]),
      s('aws:elasticbeanstalk:command', 'BatchSizeType', 'Percentage'),
      s('aws:elasticbeanstalk:command', 'BatchSize', this.deployment === 'immutable' ? 100 : 50),
      s('aws:autoscaling:updatepolicy:rollingupdate', 'RollingUpdateEnabled', true),
      s('aws:autoscaling:updatepolicy:rollingupdate', 'RollingUpdateType', 'Immutable'),
      // Health: enhanced reporting, with the environment metrics the stack's alarms read.
      s('aws:elasticbeanstalk:healthreporting:system', 'SystemType', 'enhanced'),
      s('aws:elasticbeanstalk:healthreporting:system', 'EnhancedHealthAuthEnabled', true),
      s(
        'aws:elasticbeanstalk:healthreporting:system',
        'ConfigDocument',
        JSON.stringify({ Version: 1, CloudWatchMetrics: { Environment: { EnvironmentHealth: 60, ApplicationRequests5xx: 60, ApplicationLatencyP95: 60 } } }),
      ),
      s('aws:elasticbeanstalk:environment:process:default', 'HealthCheckPath', o.healthPath),
      s('aws:elasticbeanstalk:environment:process:default', 'Port', 80),
      s('aws:elasticbeanstalk:environment:process:default', 'Protocol', 'HTTP'),
      s('aws:elasticbeanstalk:environment:process:default', 'MatcherHTTPCode', 200),
      s('aws:elasticbeanstalk:environment:process:default', 'DeregistrationTimeout', 30),
      // Managed platform updates (minor and patch) in a weekly window, replacing instances immutably.
      s('aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled', true),
      s('aws:elasticbeanstalk:managedactions', 'PreferredStartTime', props.platformUpdateWindow ?? 'Sun:04:00'),
      s('aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel', 'minor'),
      s('aws:elasticbeanstalk:managedactions:platformupdate', 'InstanceRefreshEnabled', true),
      // Logs and health events to CloudWatch Logs with retention.
      s('aws:elasticbeanstalk:cloudwatch:logs', 'StreamLogs', true),
      s('aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays', props.logRetentionDays ?? 30),
      s('aws:elasticbeanstalk:cloudwatch:logs', 'DeleteOnTerminate', false),
      s('aws:elasticbeanstalk:cloudwatch:logs:health', 'HealthStreamingEnabled', true),
      s('aws:elasticbeanstalk:cloudwatch:logs:health', 'RetentionInDays', props.logRetentionDays ?? 30),
      // The ALB: our security group, access logs, and one listener (HTTPS with the stack's certificate).
      s('aws:elbv2:loadbalancer', 'SecurityGroups', this.loadBalancerFirewall.id),
      s('aws:elbv2:loadbalancer', 'ManagedSecurityGroup', this.loadBalancerFirewall.id),
      s('aws:elbv2:loadbalancer', 'AccessLogsS3Enabled', true),
      s('aws:elbv2:loadbalancer', 'AccessLogsS3Bucket', this.logBucket.bucketName),
      s('aws:elbv2:loadbalancer', 'AccessLogsS3Prefix', 'alb'),
      ...(props.certificateArn
        ? [
            s('aws:elbv2:listener:default', 'ListenerEnabled', false),
            s('aws:elbv2:listener:443', 'ListenerEnabled', true),
            s('aws:elbv2:listener:443', 'Protocol', 'HTTPS'),
            s('aws:elbv2:listener:443', 'SSLCertificateArns', props.certificateArn),
            s('aws:elbv2:listener:443', 'SSLPolicy', props.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06'),
            s('aws:elbv2:listener:443', 'DefaultProcess', 'default'),
          ]
        : [s('aws:elbv2:listener:default', 'ListenerEnabled', true)]),
      s('aws:elasticbeanstalk:application:environment', 'APP_PORT', BEANSTALK_APP_PORT),
      s('aws:elasticbeanstalk:application:environment', 'SERVICE_NAME', o.serviceName),
      s('aws:elasticbeanstalk:application:environment', 'HEALTH_PATH', o.healthPath),
    ];
    // Rendered at synth, so properties the data tier adds after construction are included.
    return Lazy.anyValue({
      produce: () => [
        ...fixed,
        ...[...this.properties.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => s('aws:elasticbeanstalk:application:environment', k, v)),
      ],
    }) as any;
  }
}

function validate(props: BeanstalkAppProps): void {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(/^[a-z][a-z0-9-]{3,27}$/.test(props.name), `name "${props.name}" must be 4-28 lowercase letters, digits or dashes (environment names add "-green", bucket prefixes "-bundles-")`);
  if (!Token.isUnresolved(props.appSubnetIds)) need(props.appSubnetIds.length >= 2, `appSubnetIds has ${props.appSubnetIds.length} subnet(s): give one private app subnet per AZ, at least 2`);
  if (!Token.isUnresolved(props.publicSubnetIds)) need(props.publicSubnetIds.length >= 2, `publicSubnetIds has ${props.publicSubnetIds.length} subnet(s): an ALB needs at least 2 AZs`);
  const { min, max } = props.capacity;
  need(Number.isInteger(min) && min >= 1 && min <= max, `capacity.min (${min}) must be a whole number from 1 to capacity.max (${max})`);
  const mem = props.memoryTargetPercent ?? 70;
  need(mem >= 10 && mem <= 95, `memoryTargetPercent (${mem}) must be 10-95`);
  const cpu = props.cpuTargetPercent ?? 50;
  need(cpu >= 10 && cpu <= 90, `cpuTargetPercent (${cpu}) must be 10-90 (the trigger scales at target +/- 20)`);
  need(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d$/.test(props.platformUpdateWindow ?? 'Sun:04:00'), `platformUpdateWindow "${props.platformUpdateWindow}" must look like "Sun:04:00"`);
  const keep = props.versionsToKeep ?? 20;
  need(Number.isInteger(keep) && keep >= 2 && keep <= 1000, `versionsToKeep (${keep}) must be 2-1000 (the previous version is the rollback)`);
  if (props.solutionStack && !['latest', 'pinned'].includes(props.solutionStack)) {
    need(/^64bit Amazon Linux 2023 v[0-9.]+ running /.test(props.solutionStack), `solutionStack "${props.solutionStack}" must be "latest", "pinned" or an Amazon Linux 2023 solution-stack name, e.g. "${SOLUTION_STACKS.python.pinned}"`);
  }
  if (problems.length > 0) throw new Error(`BeanstalkApp ${props.name}: ${problems.join('; ')}`);
}
