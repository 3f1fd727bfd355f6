import { Construct } from 'constructs';
import { LOG_GROUP_DEFAULTS } from '../../shared/log-group-props';
import { AssetType, Fn, TerraformAsset } from 'cdktf';
import { ElasticBeanstalkApplication } from '@cdktf/provider-aws/lib/elastic-beanstalk-application';
import { ElasticBeanstalkApplicationVersion } from '@cdktf/provider-aws/lib/elastic-beanstalk-application-version';
import { ElasticBeanstalkEnvironment } from '@cdktf/provider-aws/lib/elastic-beanstalk-environment';
import { DataAwsElasticBeanstalkSolutionStack } from '@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-solution-stack';
import { DataAwsElasticBeanstalkHostedZone } from '@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-hosted-zone';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { awsAccount } from '../../../util/aws-account';
import { reuseArchive } from '../../../util/reuse-archive';
import { assumeRolePolicy, IGrantable, policyDocument, PolicyStatement } from '../../shared/iam';
import { PrivateBucket } from '../../shared/private-bucket';
import { Connections, Firewall, IConnectable } from '../../shared/firewall';
import { metric, Metric, MetricOptions } from '../../shared/metric';
import type { AliasTarget } from '../../edge/dns';
import { stageBeanstalkSource } from './beanstalk-bundle';
import { demoAppBundle } from '../ec2/app-bundle';
import type { PipelineDeployTarget } from '../../delivery/app-pipeline';
import type { SecretReference } from '../ec2/app-source-props';
import { BeanstalkAppProps, BeanstalkDeploymentPolicy, BeanstalkEnvironmentInfo, SOLUTION_STACKS, validate } from './beanstalk-props';
import { environmentSettings } from './beanstalk-settings';
import { beanstalkDeployStage } from './beanstalk-deploy-stage';
import { TARGET_GROUP_DEFAULTS } from '../../network/target-group-props';
import { fitName } from '../../../util/names';

export { SOLUTION_STACKS } from './beanstalk-props';
export type { BeanstalkAppProps, BeanstalkDeploymentPolicy, BeanstalkEnvironmentInfo, BeanstalkPlatform } from './beanstalk-props';

/** Environment property names: env-var style, never the ones the platform sets. */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const RESERVED = ['APP_PORT', 'SERVICE_NAME', 'HEALTH_PATH', 'PORT'];

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
  /**
   * The live CNAME, `<name>.<region>.elasticbeanstalk.com`: blue's (or the single environment's) at creation, and
   * whichever environment is live after a swap, which moves this name, not the environments' `cname` attributes.
   */
  readonly liveCname: string;

  private readonly name: string;
  private readonly region: string;
  private readonly healthPath: string;
  private readonly logRetentionDays: number;
  private readonly properties = new Map<string, string>();
  private readonly secretArns = new Map<string, string>();
  private readonly propertyAliases = new Map<string, string>();
  private policies = 0;

  constructor(scope: Construct, id: string, props: BeanstalkAppProps) {
    super(scope, id);
    validate(props);
    this.name = props.name;
    this.applicationName = props.name;
    this.deployment = props.deployment ?? 'immutable';
    this.protocol = props.certificateArn ? 'https' : 'http';
    this.memoryTargetPercent = props.memoryTargetPercent ?? 70;
    this.healthPath = props.healthCheckPath ?? TARGET_GROUP_DEFAULTS.healthCheckPath;
    this.logRetentionDays = props.logRetentionDays ?? LOG_GROUP_DEFAULTS.retentionDays;
    const platform = props.platform ?? 'python';
    const { accountId, partition } = awsAccount(this);
    const region = (this.region = new DataAwsRegion(this, 'region').name);
    this.liveCname = `${props.name}.${region}.elasticbeanstalk.com`;

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

    const roles = this.createRoles(props, partition);
    this.serviceRole = roles.serviceRole;
    this.instanceRole = roles.instanceRole;
    const buckets = this.createBuckets(props, accountId, partition, region);
    this.logBucket = buckets.logBucket;
    this.bundleBucket = buckets.bundleBucket;
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

    const release = this.createVersion(props);
    this.versionLabel = release.label;
    this.version = release.version;

    // The stack an environment is created on; managed platform updates move it afterwards (ignore_changes below).
    const solutionStack = props.solutionStack ?? 'pinned';
    this.solutionStackName =
      solutionStack === 'pinned'
        ? SOLUTION_STACKS[platform].pinned
        : solutionStack !== 'latest'
          ? solutionStack
          : new DataAwsElasticBeanstalkSolutionStack(this, 'solution-stack', { nameRegex: SOLUTION_STACKS[platform].regex, mostRecent: true }).name;

    for (const [k, v] of Object.entries(props.properties ?? {})) this.addProperty(k, v);
    this.addSecrets(props.secrets ?? {}, { partition, region, accountId });
    const environmentRoles: BeanstalkEnvironmentInfo['role'][] = this.deployment === 'blue-green' ? ['blue', 'green'] : ['live'];
    for (const role of environmentRoles) this.environments.push(this.createEnvironment(props, role, roles.instanceProfile.name));
  }

  /** Beanstalk's service role (enhanced health, managed updates, version lifecycle) and the instances' role and profile. */
  private createRoles(props: BeanstalkAppProps, partition: string): { serviceRole: IamRole; instanceRole: IamRole; instanceProfile: IamInstanceProfile } {
    const serviceRole = new IamRole(this, 'service-role', {
      name: fitName(`${props.name}-eb-service`, 64),
      assumeRolePolicy: policyDocument({
        Effect: 'Allow',
        Principal: { Service: 'elasticbeanstalk.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
      }),
      description: `Elastic Beanstalk service role of ${props.name}: enhanced health, managed updates, version lifecycle`,
    });
    for (const policy of ['AWSElasticBeanstalkEnhancedHealth', 'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy']) {
      new IamRolePolicyAttachment(this, `service-${policy}`, { role: serviceRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
    }
    const instanceRole = new IamRole(this, 'instance-role', {
      name: fitName(`${props.name}-eb-instance`, 64),
      assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
      description: `Beanstalk instances of ${props.name}`,
    });
    // Web tier (bundle download, log streaming), Session Manager instead of SSH, the CloudWatch agent for memory.
    for (const policy of ['AWSElasticBeanstalkWebTier', 'AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy']) {
      new IamRolePolicyAttachment(this, `instance-${policy}`, { role: instanceRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
    }
    const instanceProfile = new IamInstanceProfile(this, 'instance-profile', { name: fitName(`${props.name}-eb-instance`, 128), role: instanceRole.name });
    return { serviceRole, instanceRole, instanceProfile };
  }

  /** The environments' ALB access logs, and the bundle bucket (its server access logs go to the first). */
  private createBuckets(props: BeanstalkAppProps, accountId: string, partition: string, region: string): { logBucket: PrivateBucket; bundleBucket: PrivateBucket } {
    const logBucket = new PrivateBucket(this, 'alb-logs', {
      namePrefix: `${props.name}-eb-logs-`,
      lifecycle: { expirationDays: props.accessLogRetentionDays ?? 90, noncurrentExpirationDays: 7 },
      forceDestroy: props.forceDestroyBuckets,
    });
    logBucket.grantElbLogDelivery('alb');

    const bundleBucket = new PrivateBucket(this, 'bundles', {
      namePrefix: `${props.name}-bundles-`,
      // The AWS managed S3 key: SSE-KMS that every principal of the account allowed to read the object can decrypt
      // through S3 (instances, Beanstalk), without a key policy to maintain.
      kmsKeyArn: `arn:${partition}:kms:${region}:${accountId}:alias/aws/s3`,
      lifecycle: { noncurrentExpirationDays: 30 },
      accessLogs: { bucket: logBucket, prefix: 'bundles/' },
      forceDestroy: props.forceDestroyBuckets,
    });
    return { logBucket, bundleBucket };
  }

  /**
   * The first version's source bundle: the service's bundle (the demo app by default) with the platform's overlay;
   * cdktf zips it at synth; the key and version label carry its content hash.
   */
  private createVersion(props: BeanstalkAppProps): { label: string; version: ElasticBeanstalkApplicationVersion } {
    const source = stageBeanstalkSource(props.bundle ?? demoAppBundle(), props.platform ?? 'python');
    const asset = new TerraformAsset(this, 'bundle', { path: source, type: AssetType.ARCHIVE });
    reuseArchive(asset);
    const label = `${props.name}-${asset.assetHash.slice(0, 12).toLowerCase()}`;
    // Terraform creates only the first version (what the environments start on); the pipeline creates every later
    // one. A new bundle never replaces these: deleting a version an environment runs fails, and the version
    // lifecycle (versionsToKeep) deletes old ones.
    const object = new S3Object(this, 'bundle-object', {
      bucket: this.bundleBucket.bucketName,
      key: `${label}.zip`,
      source: asset.path,
      lifecycle: { ignoreChanges: ['key', 'source', 'etag'] },
    });
    const version = new ElasticBeanstalkApplicationVersion(this, 'version', {
      name: label,
      application: this.application.name,
      description: `Source bundle ${asset.assetHash}`,
      bucket: this.bundleBucket.bucketName,
      key: object.key,
      lifecycle: { ignoreChanges: ['name', 'description', 'key'] },
    });
    return { label, version };
  }

  /** One environment (`live`, or `blue`/`green`) with target tracking on its instances' memory. */
  private createEnvironment(props: BeanstalkAppProps, role: BeanstalkEnvironmentInfo['role'], instanceProfile: string): BeanstalkEnvironmentInfo {
    const envName = role === 'live' ? props.name : `${props.name}-${role}`;
    const settings = environmentSettings(props, {
      instanceProfile,
      healthPath: props.healthCheckPath ?? TARGET_GROUP_DEFAULTS.healthCheckPath,
      serviceName: props.serviceName ?? props.name,
      serviceRoleArn: this.serviceRole.arn,
      instanceSecurityGroupId: this.firewall.id,
      loadBalancerSecurityGroupId: this.loadBalancerFirewall.id,
      logBucketName: this.logBucket.bucketName,
      deployment: this.deployment,
      properties: this.properties,
      secretArns: this.secretArns,
      propertyAliases: this.propertyAliases,
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
        // Releases (the pipeline) own the running version; managed platform updates own the solution stack, so an
        // unrelated apply neither rolls a release back nor fights (or forces) a platform upgrade.
        ignoreChanges: ['cname_prefix', 'version_label', 'solution_stack_name'],
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
    return { role, environment, name: envName, asgName, memoryPolicy };
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
    const { accountId, partition } = awsAccount(this);
    const blueGreen =
      this.deployment === 'blue-green'
        ? {
            environments: [this.environments[0].name, this.environments[1].name] as [string, string],
            liveCnamePrefix: this.name,
            healthPath: this.healthPath,
            https: this.protocol === 'https',
            logRetentionDays: this.logRetentionDays,
          }
        : undefined;
    const where = { application: this.applicationName, environment: env.name, accountId, partition, region: this.region, passRoles: [this.instanceRole.arn, this.serviceRole.arn], blueGreen };
    return { bind: (scope, artifacts) => beanstalkDeployStage(scope, where, artifacts) };
  }

  /**
   * Route 53 alias target of the site: the live CNAME in Beanstalk's hosted zone of the region, so the record follows
   * every swap without a Terraform change; created after the environments that hold the name.
   */
  liveAliasTarget(): AliasTarget {
    const zone = (this.node.tryFindChild('hosted-zone') as DataAwsElasticBeanstalkHostedZone | undefined) ?? new DataAwsElasticBeanstalkHostedZone(this, 'hosted-zone', {});
    return { dnsName: this.liveCname, zoneId: zone.id, evaluateTargetHealth: true, dependsOn: this.environments.map((e) => e.environment) };
  }

  /** ARN of the environment's ALB: Beanstalk reports an application load balancer by its ARN in `load_balancers`. */
  loadBalancerArn(env: BeanstalkEnvironmentInfo): string {
    return Fn.element(env.environment.loadBalancers, 0);
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

  /** `secrets`: platform references become properties; SSM parameters and Secrets Manager secrets Beanstalk fetches, readable by the instances. */
  private addSecrets(secrets: Readonly<Record<string, SecretReference>>, where: { partition: string; region: string; accountId: string }): void {
    const parameters: string[] = [];
    const secretArns: string[] = [];
    for (const [k, ref] of Object.entries(secrets)) {
      if (!ENV_NAME.test(k) || RESERVED.includes(k)) {
        throw new Error(`BeanstalkApp ${this.name}: secret "${k}" must be an UPPER_SNAKE env var name other than ${RESERVED.join(', ')}`);
      }
      if (this.isSet(k)) throw new Error(`BeanstalkApp ${this.name}: ${k} is set twice`);
      if (ref.kind === 'platform') {
        this.propertyAliases.set(k, ref.env);
      } else if (ref.kind === 'ssm') {
        const arn = `arn:${where.partition}:ssm:${where.region}:${where.accountId}:parameter${ref.name}`;
        this.secretArns.set(k, arn);
        parameters.push(arn);
      } else {
        this.secretArns.set(k, ref.arn);
        secretArns.push(ref.arn);
      }
    }
    const statements: PolicyStatement[] = [];
    if (parameters.length) statements.push({ Sid: 'ReadEnvParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: parameters });
    if (secretArns.length) statements.push({ Sid: 'ReadEnvSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArns });
    if (statements.length) this.addToRolePolicy(...statements);
  }

  /** Whether an env var is already a property, a fetched secret or a reference. */
  private isSet(key: string): boolean {
    return this.properties.has(key) || this.secretArns.has(key) || this.propertyAliases.has(key);
  }

  private addProperty(key: string, value: string): void {
    if (!ENV_NAME.test(key) || RESERVED.includes(key)) {
      throw new Error(`BeanstalkApp ${this.name}: property "${key}" must be an UPPER_SNAKE env var name other than ${RESERVED.join(', ')}`);
    }
    if (this.isSet(key)) throw new Error(`BeanstalkApp ${this.name}: property ${key} is set twice`);
    this.properties.set(key, value);
  }
}
