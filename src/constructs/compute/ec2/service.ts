import { Construct } from 'constructs';
import { awsAccount } from '../../../util/aws-account';
import { Token } from 'cdktf';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import {
  CpuAlarmOptions,
  cpuStepAlarms,
  MetricTargetOptions,
  ScheduledAction,
  scheduledAction,
  targetTrackingPolicy,
} from './auto-scaling';
import { Connections, Firewall, IConnectable } from '../../shared/firewall';
import { assumeRolePolicy, IGrantable, policyDocument, PolicyStatement } from '../../shared/iam';
import { AlbTarget, LoadBalancer } from '../../network/load-balancer';
import { metric, Metric, MetricOptions } from '../../shared/metric';
import { SERVICE_DEFAULTS, ServiceProps, validateServiceProps } from './service-props';
import { renderUserData } from './user-data';
import { createGroup, createLaunchTemplate, refreshPreferences, RefreshPreferences } from './service-fleet';
import { fitName } from '../../../util/names';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { PrivateBucket } from '../../shared/private-bucket';
import { LogGroup } from '../../shared/log-group';
import { AppBundleAsset, demoAppBundle } from './app-bundle';
import { MachineImage } from './machine-image';
import { imageSourceTag, ImageSourceTag, parseSecretReference, SecretReference } from './app-source-props';

export type { ServiceProps } from './service-props';
export { SERVICE_DEFAULTS } from './service-props';
export type { Capacity, CpuAlarmOptions, MetricTargetOptions, ScheduledAction, WarmPoolOptions } from './auto-scaling';

export { AL2023_AMI_PARAMETER } from './service-fleet';
export type { RefreshPreferences } from './service-fleet';

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;
const RESERVED_ENV = ['APP_PORT', 'APP_BIND', 'SERVICE_NAME', 'HEALTH_PATH', 'BUNDLE_BUCKET', 'AWS_REGION', 'AWS_DEFAULT_REGION'];

/**
 * One service: a launch template (its image source, IMDSv2 only, encrypted gp3, no SSH) running its app bundle
 * (the demo app by default) under systemd, an Auto Scaling group over every private app subnet, and its scaling. A service with a load
 * balancer gets a target group, ELB health checks and ALB-only ingress on its port; one without is a worker.
 */
export class Service extends Construct implements IConnectable, IGrantable {
  readonly launchTemplate: LaunchTemplate;
  readonly autoScalingGroup: AutoscalingGroup;
  readonly asgName: string;
  readonly asgArn: string;
  /** The app tier's security group: accepts the app port from the ALB only; egress HTTPS. */
  readonly firewall: Firewall;
  /** The app tier's firewall on the app port: `db.connections.allowDefaultPortFrom(service)` admits this tier there. */
  readonly connections: Connections;
  /** Instance role; neighbours grant to the service itself (`queue.grantConsumeMessages(service)`). */
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  /** Set for web services. */
  readonly target?: AlbTarget;
  readonly targetGroup?: LbTargetGroup;
  /** The ALB the service registered with (web services). */
  readonly loadBalancer?: LoadBalancer;
  readonly kind: 'web' | 'worker';
  readonly appPort: number;
  /** Set when the instances publish memory use (`memoryTargetPercent`). */
  readonly memoryTargetPercent?: number;
  /** How releases reach the instances: `blue-green` services are rolled by their release's instance refresh (FleetRelease). */
  readonly deploy: 'rolling' | 'blue-green';
  /** How an instance refresh replaces this service's instances. */
  readonly refreshPreferences: RefreshPreferences;

  private readonly name: string;
  /** Short service name the app reports, e.g. `web`. */
  readonly serviceName: string;
  private readonly healthCheckPath: string;
  private readonly parameters = new Map<string, string>();
  /** The uploaded app bundle (its key carries the content hash). */
  readonly bundle: AppBundleAsset;
  readonly bundleBucket: PrivateBucket;
  /** The machine image and where it comes from. */
  readonly machineImage: MachineImage;
  readonly imageSource: ImageSourceTag;
  /** CloudWatch Logs group of the app's output. */
  readonly appLogGroup: LogGroup;
  private readonly secretRefs: Array<readonly [string, SecretReference]> = [];
  private readonly bundleSpec: { start: string; install?: string; demo: boolean };
  private readonly extraUserData?: string;
  private readonly ssmArnPrefix: string;
  private policies = 0;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    this.name = props.name;
    this.serviceName = props.serviceName ?? props.name;
    this.healthCheckPath = props.healthCheckPath ?? SERVICE_DEFAULTS.healthCheckPath;
    this.appPort = props.appPort;
    this.kind = props.loadBalancer ? 'web' : 'worker';
    this.deploy = props.deploy ?? 'rolling';
    this.loadBalancer = props.loadBalancer;
    this.memoryTargetPercent = props.memoryTargetPercent;
    validateServiceProps(props);
    this.refreshPreferences = refreshPreferences(props);

    const { accountId, partition } = awsAccount(this);
    const region = new DataAwsRegion(this, 'region');
    this.ssmArnPrefix = `arn:${partition}:ssm:${region.name}:${accountId}:parameter/`;

    // Security group: the app port from the ALB only; out to HTTPS (SSM, CloudWatch, package mirrors via NAT).
    this.firewall = new Firewall(this, 'firewall', {
      name: `${props.name}-app`,
      vpcId: props.vpcId,
      description: `App instances of ${props.name}: port ${props.appPort} from the ALB only, no SSH`,
    });
    this.firewall.allowToCidr('0.0.0.0/0', 443, 'HTTPS to AWS APIs and package mirrors through NAT');
    this.connections = new Connections(this.firewall, props.appPort);

    // Instance role: Session Manager instead of SSH, CloudWatch agent for metrics and logs.
    this.role = new IamRole(this, 'role', {
      name: fitName(`${props.name}-instance`, 64),
      assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
      description: `Instances of ${props.name}`,
    });
    for (const policy of ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy']) {
      new IamRolePolicyAttachment(this, `managed-${policy}`, {
        role: this.role.name,
        policyArn: `arn:${partition}:iam::aws:policy/${policy}`,
      });
    }
    this.instanceProfile = new IamInstanceProfile(this, 'profile', {
      name: fitName(`${props.name}-instance`, 128),
      role: this.role.name,
    });
    if (props.policyStatements && props.policyStatements.length > 0) this.addToRolePolicy(...props.policyStatements);
    if (props.parameters && Object.keys(props.parameters).length > 0) this.addParameters(props.parameters);

    // The app: a bundle in a private bucket (the demo app unless the service names its own), its bucket's name in SSM.
    const bundle = props.bundle ?? demoAppBundle();
    this.bundleSpec = { start: bundle.start, install: bundle.install, demo: props.bundle === undefined };
    this.extraUserData = props.userData;
    this.bundleBucket = props.bundleBucket ?? new PrivateBucket(this, 'bundles', { namePrefix: fitName(`${props.name}-app-`, 37) });
    this.bundle = new AppBundleAsset(this, 'bundle', { bundle, bucket: this.bundleBucket, keyPrefix: `${props.name}/` });
    const bucketParameterName = `/${props.name}/app/bundle_bucket`;
    new SsmParameter(this, 'bundle-bucket', {
      name: bucketParameterName,
      type: 'String',
      value: this.bundleBucket.bucketName,
      description: `${props.name}: bucket of the app bundle (user data holds the key)`,
    });
    this.parameters.set('BUNDLE_BUCKET', bucketParameterName);
    this.addToRolePolicy(
      { Sid: 'ReadAppBundle', Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${this.bundleBucket.arn}/${props.name}/*` },
      { Sid: 'ReadBundleBucketName', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: this.parameterArn(bucketParameterName) },
    );
    this.configureEnvironment(props.name, props.env ?? {}, props.secrets ?? {});
    this.appLogGroup = new LogGroup(this, 'app-logs', { name: `/stormproof/${props.name}/app`, retentionDays: props.appLogRetentionDays ?? SERVICE_DEFAULTS.appLogRetentionDays });

    this.imageSource = imageSourceTag(props.image ?? (props.amiId ? { ami: props.amiId } : undefined), props.bundle !== undefined);
    this.machineImage = new MachineImage(this, 'image', {
      name: props.name,
      image: props.imageCopyOf ? undefined : props.image ?? (props.amiId ? { ami: props.amiId } : undefined),
      copyOf: props.imageCopyOf,
      bake: {
        bucketName: this.bundleBucket.bucketName,
        bucketArn: this.bundleBucket.arn,
        key: this.bundle.key,
        install: bundle.install,
        subnetId: props.subnetIds[0],
        securityGroupId: this.firewall.id,
      },
    });

    const tags = { ...(props.tags ?? {}), Name: props.name, Service: this.serviceName };
    this.launchTemplate = createLaunchTemplate(
      this,
      props,
      { instanceProfileArn: this.instanceProfile.arn, securityGroupId: this.firewall.id, userData: () => this.renderUserData(), imageId: this.machineImage.imageId, imageSource: this.imageSource },
      tags,
    );

    if (props.loadBalancer) {
      this.target = props.loadBalancer.addService({
        name: props.name,
        port: props.appPort,
        healthCheckPath: this.healthCheckPath,
        pathPatterns: props.pathPatterns,
        priority: props.listenerPriority,
        healthCheck: props.healthCheck,
      });
      this.targetGroup = this.target.targetGroup;
      this.connections.allowDefaultPortFrom(props.loadBalancer, `App port ${props.appPort} from the ALB`);
    }

    this.autoScalingGroup = createGroup(this, props, this.launchTemplate, this.target, tags);
    this.asgName = this.autoScalingGroup.name;
    this.asgArn = this.autoScalingGroup.arn;

    this.scaleOnCpuUtilization('cpu-target', props.cpuTargetPercent ?? SERVICE_DEFAULTS.cpuTargetPercent);
    if (props.requestsPerTarget !== undefined) this.scaleOnRequestCount('requests-target', props.requestsPerTarget);
    (props.schedules ?? []).forEach((s) => this.addSchedule(s));
    if (props.cpuAlarms) this.addCpuAlarms(props.cpuAlarms);
    if (props.memoryTargetPercent !== undefined) this.scaleOnMemoryUtilization('memory-target', props.memoryTargetPercent);
  }

  /** Adds an inline policy with these statements to the instance role. */
  addToRolePolicy(...statements: PolicyStatement[]): IamRolePolicy {
    if (statements.length === 0) throw new Error(`Service ${this.name}: addToRolePolicy needs at least one statement`);
    const n = this.policies++;
    return new IamRolePolicy(this, `policy-${n}`, {
      role: this.role.id,
      name: `${this.name}-${n}`,
      policy: policyDocument(...statements),
    });
  }

  /**
   * Passes SSM parameters to the app as environment variables (env var name -> parameter NAME). User data
   * fetches them at boot; the role may read exactly these parameters. Names must be plain strings you choose
   * (e.g. `/cafe/production/db/writer-endpoint`), not resource references, so user data stays a static literal.
   */
  addParameters(parameters: Record<string, string>): void {
    const arns: string[] = [];
    for (const [envName, parameterName] of Object.entries(parameters)) {
      if (!ENV_NAME.test(envName) || RESERVED_ENV.includes(envName)) {
        throw new Error(`Service ${this.name}: parameters key "${envName}" must be an UPPER_SNAKE env var name other than ${RESERVED_ENV.join(', ')}`);
      }
      if (this.parameters.has(envName)) throw new Error(`Service ${this.name}: parameter env var ${envName} is set twice`);
      if (Token.isUnresolved(parameterName)) {
        // A static user-data literal stays reviewable in the plan and cannot be broken by Terraform escaping.
        throw new Error(
          `Service ${this.name}: parameters.${envName} is a resource reference; pass the parameter name as a plain string (choose it, then give it to both the SsmParameter and the Service)`,
        );
      }
      if (!PARAMETER_NAME.test(parameterName)) {
        throw new Error(`Service ${this.name}: parameters.${envName} "${parameterName}" is not an SSM parameter name (letters, digits, _ . - /)`);
      }
      this.parameters.set(envName, parameterName);
      arns.push(this.parameterArn(parameterName));
    }
    if (arns.length > 0) {
      this.addToRolePolicy({ Sid: 'ReadAppParameters', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: arns });
    }
  }

  /** Target tracking on the group's average CPU; `id` names the policy (`<name>-<id>`), so it can be called twice. */
  scaleOnCpuUtilization(id: string, targetPercent: number): AutoscalingPolicy {
    return targetTrackingPolicy(this, id, this.asgName, this.name, {
      predefinedMetricSpecification: { predefinedMetricType: 'ASGAverageCPUUtilization' },
      targetValue: targetPercent,
    });
  }

  /**
   * Target tracking on the group's average memory use (`CWAgent mem_used_percent`, published by the agent user
   * data installs when `memoryTargetPercent` is set): an app that runs out of memory rarely shows it in CPU.
   */
  scaleOnMemoryUtilization(id: string, targetPercent: number): AutoscalingPolicy {
    if (this.memoryTargetPercent === undefined) {
      throw new Error(`Service ${this.name}: scaleOnMemoryUtilization needs memoryTargetPercent (the agent that publishes memory is installed by user data)`);
    }
    return this.scaleOnMetric(id, {
      targetValue: targetPercent,
      customizedMetricSpecification: {
        namespace: 'CWAgent',
        metricName: 'mem_used_percent',
        metricDimension: [{ name: 'AutoScalingGroupName', value: this.asgName }],
        statistic: 'Average',
        unit: 'Percent',
      },
    });
  }

  /** Target tracking on ALB requests per target per minute (web services). */
  scaleOnRequestCount(id: string, requestsPerTarget: number): AutoscalingPolicy {
    if (!this.target) throw new Error(`Service ${this.name}: scaleOnRequestCount needs a load balancer (worker services have no target group)`);
    return targetTrackingPolicy(this, id, this.asgName, this.name, {
      predefinedMetricSpecification: {
        predefinedMetricType: 'ALBRequestCountPerTarget',
        resourceLabel: this.target.requestCountResourceLabel,
      },
      targetValue: requestsPerTarget,
    });
  }

  /** Target tracking on any metric or metric math, e.g. SQS backlog per instance for a worker. */
  scaleOnMetric(id: string, options: MetricTargetOptions): AutoscalingPolicy {
    return targetTrackingPolicy(this, id, this.asgName, this.name, {
      customizedMetricSpecification: options.customizedMetricSpecification,
      targetValue: options.targetValue,
      disableScaleIn: options.disableScaleIn ?? false,
    });
  }

  /** A recurring scheduled change of min/max/desired (e.g. scale out before the TV show airs). */
  addSchedule(action: ScheduledAction): AutoscalingSchedule {
    return scheduledAction(this, this.asgName, action);
  }

  /** The lab's CloudWatch alarms: high CPU adds an instance, low CPU removes one (step scaling). */
  addCpuAlarms(options: CpuAlarmOptions): { high: CloudwatchMetricAlarm; low: CloudwatchMetricAlarm } {
    return cpuStepAlarms(this, this.asgName, this.name, this.metricCpu(), options);
  }

  /** Average memory use of the group's instances in percent (published by the CloudWatch agent when `memoryTargetPercent` is set). */
  metricMemory(options?: MetricOptions): Metric {
    return metric('CWAgent', 'mem_used_percent', { AutoScalingGroupName: this.asgName }, 'Average', options);
  }

  /** Average CPU of the group's instances in percent. */
  metricCpu(options?: MetricOptions): Metric {
    return metric('AWS/EC2', 'CPUUtilization', { AutoScalingGroupName: this.asgName }, 'Average', options);
  }

  /** Instances in service in the group. */
  metricInServiceInstances(options?: MetricOptions): Metric {
    return metric('AWS/AutoScaling', 'GroupInServiceInstances', { AutoScalingGroupName: this.asgName }, 'Average', options);
  }

  /** Targets of this service failing the ALB health check, maximum over the period (web services). */
  metricUnhealthyHosts(options?: MetricOptions): Metric {
    const { lb, target } = this.web('metricUnhealthyHosts');
    return lb.metricUnhealthyHosts(target, options);
  }

  /** 5xx answers of this service's instances, summed (web services). */
  metricTarget5xx(options?: MetricOptions): Metric {
    const { lb, target } = this.web('metricTarget5xx');
    return lb.metricTarget5xx(target, options);
  }

  /** Requests the ALB routed to this service's target group, summed (web services). */
  metricRequestCount(options?: MetricOptions): Metric {
    const { lb, target } = this.web('metricRequestCount');
    return lb.metricRequestCount(options, target);
  }

  /** Plain env values become SSM String parameters; secret references are resolved at boot (never stored here). */
  private configureEnvironment(name: string, env: Record<string, string>, secrets: Record<string, string>): void {
    const plain: Record<string, string> = {};
    for (const [envName, value] of Object.entries(env)) {
      const parameterName = `/${name}/env/${envName}`;
      new SsmParameter(this, `env-${envName}`, { name: parameterName, type: 'String', value, description: `${name}: ${envName} for the app` });
      plain[envName] = parameterName;
    }
    if (Object.keys(plain).length > 0) this.addParameters(plain);
    const own: Record<string, string> = {};
    const secretArns: string[] = [];
    for (const [envName, value] of Object.entries(secrets)) {
      const ref = parseSecretReference(value);
      if (typeof ref === 'string') throw new Error(`Service ${name}: secrets.${envName}: ${ref}`);
      if (ref.kind === 'ssm') own[envName] = ref.name;
      else {
        if (ref.kind === 'secretsmanager') secretArns.push(`${ref.arn}*`);
        this.secretRefs.push([envName, ref]);
      }
    }
    if (Object.keys(own).length > 0) this.addParameters(own);
    if (secretArns.length > 0) this.addToRolePolicy({ Sid: 'ReadAppSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArns });
  }

  /** The boot script: app user, env file from SSM / Secrets Manager, the bundle fetched and run under systemd, agents, your userData. */
  renderUserData(): string {
    const secrets: Array<readonly [string, string]> = [];
    const aliases: Array<readonly [string, string]> = [];
    for (const [envName, ref] of this.secretRefs) {
      if (ref.kind === 'secretsmanager') secrets.push([envName, ref.arn]);
      else if (ref.kind === 'platform') {
        const parameterName = this.parameters.get(ref.env);
        if (!parameterName) throw new Error(`Service ${this.name}: secrets.${envName} names ${ref.env}, which this stack does not provide (add the database, cache or queue it refers to)`);
        aliases.push([envName, parameterName]);
      }
    }
    return renderUserData({
      bundle: { key: this.bundle.key, ...this.bundleSpec },
      secrets,
      logGroupName: `/stormproof/${this.name}/app`,
      extraScript: this.extraUserData,
      name: this.name,
      serviceName: this.serviceName,
      appPort: this.appPort,
      healthCheckPath: this.healthCheckPath,
      parameters: [...this.parameters.entries(), ...aliases],
      memoryMetrics: this.memoryTargetPercent !== undefined,
    });
  }

  private web(method: string): { lb: LoadBalancer; target: AlbTarget } {
    if (!this.loadBalancer || !this.target) throw new Error(`Service ${this.name}: ${method} needs a load balancer (worker services have no target group)`);
    return { lb: this.loadBalancer, target: this.target };
  }

  private parameterArn(parameterName: string): string {
    return `${this.ssmArnPrefix}${parameterName.replace(/^\//, '')}`;
  }
}
