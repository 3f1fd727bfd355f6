import { Construct } from 'constructs';
import { awsAccount } from '../util/aws-account';
import { Lazy, Token } from 'cdktf';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy, AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecification } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Firewall } from './firewall';
import { assumeRolePolicy, policyDocument, PolicyStatement } from './iam';
import { AlbTarget, HealthCheckOptions, LoadBalancer } from './load-balancer';
import { DEMO_APP_PY } from './demo-app';

/** Public SSM parameter that always names the latest Amazon Linux 2023 AMI. */
export const AL2023_AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

export interface Capacity {
  readonly min: number;
  readonly max: number;
  /** Initial size only: scaling policies own it afterwards (changes are ignored). */
  readonly desired: number;
}

export interface ScheduledAction {
  /** e.g. `before-tv-show`. */
  readonly name: string;
  /** 5-field cron in `timeZone`, e.g. `30 19 * * 5`. */
  readonly recurrence: string;
  /** @default 'UTC' */
  readonly timeZone?: string;
  readonly min?: number;
  readonly max?: number;
  readonly desired?: number;
}

export interface CpuAlarmOptions {
  /** Scale out by one when average CPU is at or above this percent. */
  readonly highPercent: number;
  /** Scale in by one when average CPU is at or below this percent. */
  readonly lowPercent: number;
  /** @default 60 */
  readonly periodSeconds?: number;
  /** @default 2 */
  readonly evaluationPeriods?: number;
}

export interface WarmPoolOptions {
  /** Pre-initialized instances kept ready. */
  readonly minSize: number;
  /** @default 'Stopped' - cheapest: pay for volumes only */
  readonly state?: 'Stopped' | 'Running' | 'Hibernated';
}

/** Custom target tracking (e.g. SQS backlog per instance) for `scaleOnMetric`. */
export interface MetricTargetOptions {
  /** Policy name suffix, e.g. `backlog-per-instance`. */
  readonly name: string;
  readonly targetValue: number;
  /** The metric (or metric math) to hold at `targetValue`. */
  readonly customizedMetricSpecification: AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecification;
  /** @default false */
  readonly disableScaleIn?: boolean;
}

export interface ServiceProps {
  /** Name prefix of every resource, e.g. `cafe-production-web`. */
  readonly name: string;
  /** Short service name the app reports, e.g. `web`. @default - `name` */
  readonly serviceName?: string;
  readonly vpcId: string;
  /** Private app subnets, one per AZ: the Auto Scaling group spreads over all of them. */
  readonly subnetIds: string[];
  /** EC2 instance type, e.g. `t3.small`. */
  readonly instanceType: string;
  /**
   * AMI id.
   * @default - latest Amazon Linux 2023 from the public SSM parameter (a new release rolls the fleet on the next apply)
   */
  readonly amiId?: string;
  /** Port the app listens on (1024-65535, the app runs unprivileged). */
  readonly appPort: number;
  /**
   * Path the app answers 200 on, used by the ALB health check.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  readonly capacity: Capacity;
  /**
   * The ALB to register with; without it the service is a worker (EC2 health checks, no ALB metrics).
   * @default - worker service, no load balancer
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Path patterns the ALB routes here.
   * @default ['/*']
   */
  readonly pathPatterns?: string[];
  /**
   * Listener-rule priority.
   * @default - assigned by LoadBalancer.addService
   */
  readonly listenerPriority?: number;
  /** @default - LoadBalancer's target-group health-check defaults */
  readonly healthCheck?: HealthCheckOptions;
  /**
   * Target average CPU percent for target tracking.
   * @default 50
   */
  readonly cpuTargetPercent?: number;
  /**
   * Target ALB requests per target (per minute) for target tracking; web services only.
   * @default - no request-count scaling
   */
  readonly requestsPerTarget?: number;
  /** @default - none */
  readonly schedules?: ScheduledAction[];
  /**
   * High/low CPU alarms each driving a +1 / -1 step-scaling policy (the ELB + Auto Scaling lab).
   * @default - no alarms
   */
  readonly cpuAlarms?: CpuAlarmOptions;
  /** @default - no warm pool */
  readonly warmPool?: WarmPoolOptions;
  /**
   * Seconds before health checks count after launch.
   * @default 120
   */
  readonly healthCheckGraceSeconds?: number;
  /**
   * Seconds before a new instance's metrics count for scaling (also the instance-refresh warm-up).
   * @default 120
   */
  readonly warmupSeconds?: number;
  /**
   * Minimum healthy percentage during an instance refresh.
   * @default 90
   */
  readonly minHealthyPercentage?: number;
  /**
   * Maximum healthy percentage during an instance refresh (above 100 launches replacements first).
   * @default - 200 when minHealthyPercentage is 100 (AWS needs room to replace), else 100
   */
  readonly maxHealthyPercentage?: number;
  /** @default 20 */
  readonly rootVolumeGb?: number;
  /**
   * KMS key for the root volume.
   * @default - the account's EBS default key (aws/ebs)
   */
  readonly rootVolumeKmsKeyArn?: string;
  /**
   * Extra statements for the instance role (e.g. queue access); `addToRolePolicy` adds more later.
   * @default - SSM core and CloudWatch agent managed policies only
   */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Environment for the app as env var name -> SSM Parameter Store parameter NAME (never a value): fetched at
   * boot into the app's env file; the role may read exactly these. Names are plain strings, not resource
   * references, so user data stays a static literal. `addParameters` adds more later.
   * @default - none
   */
  readonly parameters?: Record<string, string>;
  /**
   * Tags for instances, volumes and network interfaces (the provider's default_tags do not reach them).
   * @default - Name and Service only
   */
  readonly tags?: Record<string, string>;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;
const RESERVED_ENV = ['APP_PORT', 'APP_BIND', 'SERVICE_NAME', 'HEALTH_PATH'];

/**
 * One service: a launch template (AL2023, IMDSv2 only, encrypted gp3, no SSH) running the demo app under
 * systemd, an Auto Scaling group over every private app subnet, and its scaling. A service with a load
 * balancer gets a target group, ELB health checks and ALB-only ingress on its port; one without is a worker.
 */
export class Service extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly autoScalingGroup: AutoscalingGroup;
  readonly asgName: string;
  readonly asgArn: string;
  /** The app tier's security group: accepts the app port from the ALB only; egress HTTPS. */
  readonly firewall: Firewall;
  /** Instance role; neighbours attach permissions with `addToRolePolicy`. */
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  /** Set for web services. */
  readonly target?: AlbTarget;
  readonly targetGroup?: LbTargetGroup;
  readonly kind: 'web' | 'worker';
  readonly appPort: number;

  private readonly name: string;
  private readonly serviceName: string;
  private readonly healthCheckPath: string;
  private readonly parameters = new Map<string, string>();
  private readonly ssmArnPrefix: string;
  private policies = 0;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    this.name = props.name;
    this.serviceName = props.serviceName ?? props.name;
    this.healthCheckPath = props.healthCheckPath ?? '/health';
    this.appPort = props.appPort;
    this.kind = props.loadBalancer ? 'web' : 'worker';
    validate(props);

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

    // Instance role: Session Manager instead of SSH, CloudWatch agent for metrics and logs.
    this.role = new IamRole(this, 'role', {
      name: `${props.name}-instance`.slice(0, 64),
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
      name: `${props.name}-instance`.slice(0, 128),
      role: this.role.name,
    });
    if (props.policyStatements && props.policyStatements.length > 0) this.addToRolePolicy(...props.policyStatements);
    if (props.parameters && Object.keys(props.parameters).length > 0) this.addParameters(props.parameters);

    const imageId =
      props.amiId ?? new DataAwsSsmParameter(this, 'ami', { name: AL2023_AMI_PARAMETER }).insecureValue;
    const tags = { ...(props.tags ?? {}), Name: props.name, Service: this.serviceName };

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: props.name,
      description: `${props.name}: AL2023, IMDSv2, encrypted gp3, demo app on port ${props.appPort}`,
      updateDefaultVersion: true,
      imageId,
      instanceType: props.instanceType,
      iamInstanceProfile: { arn: this.instanceProfile.arn },
      vpcSecurityGroupIds: [this.firewall.id],
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
            volumeSize: props.rootVolumeGb ?? 20,
            volumeType: 'gp3',
            encrypted: 'true',
            kmsKeyId: props.rootVolumeKmsKeyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
      // Rendered at synth time so parameters added after construction still land in user data.
      userData: Lazy.stringValue({ produce: () => this.userDataBase64() }),
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags })),
      tags: { Name: props.name },
    });

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
      this.firewall.connectFrom(props.loadBalancer.firewall, props.appPort, `App port ${props.appPort} from the ALB`);
    }

    const warmup = props.warmupSeconds ?? 120;
    const minHealthy = props.minHealthyPercentage ?? 90;
    this.autoScalingGroup = new AutoscalingGroup(this, 'asg', {
      name: props.name,
      minSize: props.capacity.min,
      maxSize: props.capacity.max,
      desiredCapacity: props.capacity.desired,
      vpcZoneIdentifier: props.subnetIds,
      healthCheckType: this.target ? 'ELB' : 'EC2',
      healthCheckGracePeriod: props.healthCheckGraceSeconds ?? 120,
      targetGroupArns: this.target ? [this.target.targetGroupArn] : undefined,
      defaultInstanceWarmup: warmup,
      // latest_version (not "$Latest") so every new template version changes the group and rolls the fleet.
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      instanceRefresh: {
        strategy: 'Rolling',
        preferences: {
          minHealthyPercentage: minHealthy,
          maxHealthyPercentage: props.maxHealthyPercentage ?? (minHealthy >= 100 ? 200 : 100),
          instanceWarmup: String(warmup),
          skipMatching: true,
        },
      },
      enabledMetrics: [
        'GroupMinSize',
        'GroupMaxSize',
        'GroupDesiredCapacity',
        'GroupInServiceInstances',
        'GroupPendingInstances',
        'GroupTerminatingInstances',
        'GroupTotalInstances',
        'GroupInServiceCapacity',
        'GroupTotalCapacity',
        'WarmPoolDesiredCapacity',
        'WarmPoolWarmedCapacity',
        'WarmPoolPendingCapacity',
        'WarmPoolTotalCapacity',
      ],
      metricsGranularity: '1Minute',
      warmPool: props.warmPool
        ? {
            minSize: props.warmPool.minSize,
            poolState: props.warmPool.state ?? 'Stopped',
            instanceReusePolicy: { reuseOnScaleIn: true },
          }
        : undefined,
      tag: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
      // Scaling policies own the desired capacity after creation; applying config must not reset it.
      lifecycle: { ignoreChanges: ['desired_capacity'] },
    });
    this.asgName = this.autoScalingGroup.name;
    this.asgArn = this.autoScalingGroup.arn;

    this.scaleOnCpuUtilization(props.cpuTargetPercent ?? 50);
    if (props.requestsPerTarget !== undefined) this.scaleOnRequestCount(props.requestsPerTarget);
    (props.schedules ?? []).forEach((s) => this.addSchedule(s));
    if (props.cpuAlarms) this.addCpuAlarms(props.cpuAlarms);
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

  /** Target tracking on the group's average CPU. */
  scaleOnCpuUtilization(targetPercent: number): AutoscalingPolicy {
    return new AutoscalingPolicy(this, 'scale-cpu', {
      name: `${this.name}-cpu-target`,
      autoscalingGroupName: this.asgName,
      policyType: 'TargetTrackingScaling',
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: 'ASGAverageCPUUtilization' },
        targetValue: targetPercent,
      },
    });
  }

  /** Target tracking on ALB requests per target per minute (web services). */
  scaleOnRequestCount(requestsPerTarget: number): AutoscalingPolicy {
    if (!this.target) throw new Error(`Service ${this.name}: scaleOnRequestCount needs a load balancer (worker services have no target group)`);
    return new AutoscalingPolicy(this, 'scale-requests', {
      name: `${this.name}-requests-target`,
      autoscalingGroupName: this.asgName,
      policyType: 'TargetTrackingScaling',
      targetTrackingConfiguration: {
        predefinedMetricSpecification: {
          predefinedMetricType: 'ALBRequestCountPerTarget',
          resourceLabel: this.target.requestCountResourceLabel,
        },
        targetValue: requestsPerTarget,
      },
    });
  }

  /** Target tracking on any metric or metric math, e.g. SQS backlog per instance for a worker. */
  scaleOnMetric(options: MetricTargetOptions): AutoscalingPolicy {
    return new AutoscalingPolicy(this, `scale-${options.name}`, {
      name: `${this.name}-${options.name}`,
      autoscalingGroupName: this.asgName,
      policyType: 'TargetTrackingScaling',
      targetTrackingConfiguration: {
        customizedMetricSpecification: options.customizedMetricSpecification,
        targetValue: options.targetValue,
        disableScaleIn: options.disableScaleIn ?? false,
      },
    });
  }

  /** A recurring scheduled change of min/max/desired (e.g. scale out before the TV show airs). */
  addSchedule(action: ScheduledAction): AutoscalingSchedule {
    return new AutoscalingSchedule(this, `schedule-${action.name}`, {
      scheduledActionName: action.name,
      autoscalingGroupName: this.asgName,
      recurrence: action.recurrence,
      timeZone: action.timeZone ?? 'UTC',
      minSize: action.min,
      maxSize: action.max,
      desiredCapacity: action.desired,
    });
  }

  /** The lab's CloudWatch alarms: high CPU adds an instance, low CPU removes one (step scaling). */
  addCpuAlarms(options: CpuAlarmOptions): { high: CloudwatchMetricAlarm; low: CloudwatchMetricAlarm } {
    if (options.lowPercent >= options.highPercent) {
      throw new Error(`Service ${this.name}: cpuAlarms.lowPercent (${options.lowPercent}) must be < highPercent (${options.highPercent})`);
    }
    const alarm = (direction: 'high' | 'low', threshold: number, adjustment: number) => {
      const policy = new AutoscalingPolicy(this, `step-cpu-${direction}`, {
        name: `${this.name}-cpu-${direction}-step`,
        autoscalingGroupName: this.asgName,
        policyType: 'StepScaling',
        adjustmentType: 'ChangeInCapacity',
        metricAggregationType: 'Average',
        stepAdjustment: [
          direction === 'high'
            ? { metricIntervalLowerBound: '0', scalingAdjustment: adjustment }
            : { metricIntervalUpperBound: '0', scalingAdjustment: adjustment },
        ],
      });
      return new CloudwatchMetricAlarm(this, `alarm-cpu-${direction}`, {
        alarmName: `${this.name}-cpu-${direction}`,
        alarmDescription: `${this.name}: average CPU ${direction === 'high' ? '>=' : '<='} ${threshold}% -> ${adjustment > 0 ? 'add' : 'remove'} one instance`,
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimensions: { AutoScalingGroupName: this.asgName },
        statistic: 'Average',
        period: options.periodSeconds ?? 60,
        evaluationPeriods: options.evaluationPeriods ?? 2,
        threshold,
        comparisonOperator: direction === 'high' ? 'GreaterThanOrEqualToThreshold' : 'LessThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [policy.arn],
      });
    };
    return { high: alarm('high', options.highPercent, 1), low: alarm('low', options.lowPercent, -1) };
  }

  private parameterArn(parameterName: string): string {
    return `${this.ssmArnPrefix}${parameterName.replace(/^\//, '')}`;
  }

  /** The boot script: app user, demo app, env file from SSM, hardened systemd unit. */
  renderUserData(): string {
    const envDir = '/etc/stormproof';
    const fetches = [...this.parameters.entries()].map(
      ([envName, parameterName]) => `fetch ${envName} '${parameterName}'`,
    );
    return [
      '#!/bin/bash',
      `# ${this.name}: installs the Stormproof demo app as a systemd service. Values come from SSM at boot;`,
      '# user data holds parameter names only, never secrets.',
      'set -euo pipefail',
      'id -u stormproof >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin stormproof',
      `install -d -m 0755 /opt/stormproof ${envDir}`,
      "cat > /opt/stormproof/app.py <<'STORMPROOF_APP'",
      DEMO_APP_PY.trimEnd(),
      'STORMPROOF_APP',
      'chmod 0755 /opt/stormproof/app.py',
      '',
      '# Re-runnable: refreshes the env file from SSM (then `systemctl restart stormproof-app`).',
      "cat > /opt/stormproof/fetch-env.sh <<'STORMPROOF_ENV'",
      '#!/bin/bash',
      'set -euo pipefail',
      'TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
      'REGION=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)',
      `ENV_FILE=${envDir}/app.env`,
      'TMP=$(mktemp)',
      'fetch() {',
      '  local value attempt',
      '  for attempt in 1 2 3 4 5; do',
      '    if value=$(aws ssm get-parameter --region "$REGION" --with-decryption --name "$2" --query Parameter.Value --output text); then',
      "      printf '%s=%s\\n' \"$1\" \"$value\" >> \"$TMP\"",
      '      return 0',
      '    fi',
      '    sleep $((attempt * 2))',
      '  done',
      '  echo "cannot read SSM parameter $2 for $1" >&2',
      '  return 1',
      '}',
      `printf '%s\\n' 'APP_PORT=${this.appPort}' 'SERVICE_NAME=${this.serviceName}' 'HEALTH_PATH=${this.healthCheckPath}' > "$TMP"`,
      ...fetches,
      'install -m 0640 -o root -g stormproof "$TMP" "$ENV_FILE"',
      'rm -f "$TMP"',
      'STORMPROOF_ENV',
      'chmod 0750 /opt/stormproof/fetch-env.sh',
      '/opt/stormproof/fetch-env.sh',
      '',
      "cat > /etc/systemd/system/stormproof-app.service <<'STORMPROOF_UNIT'",
      '[Unit]',
      `Description=Stormproof demo app (${this.serviceName})`,
      'After=network-online.target',
      'Wants=network-online.target',
      '',
      '[Service]',
      'User=stormproof',
      'Group=stormproof',
      `EnvironmentFile=${envDir}/app.env`,
      'ExecStart=/usr/bin/python3 /opt/stormproof/app.py',
      'Restart=always',
      'RestartSec=2',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      'STORMPROOF_UNIT',
      'systemctl daemon-reload',
      'systemctl enable --now stormproof-app.service',
      '',
    ].join('\n');
  }

  private userDataBase64(): string {
    const script = this.renderUserData();
    return Buffer.from(script, 'utf8').toString('base64');
  }
}

function validate(props: ServiceProps): void {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const { min, max, desired } = props.capacity;
  need(Number.isInteger(min) && min >= 0, `capacity.min (${min}) must be a whole number >= 0`);
  need(min <= max, `capacity.min (${min}) must be <= capacity.max (${max})`);
  need(desired >= min && desired <= max, `capacity.desired (${desired}) must be within [${min}, ${max}]`);
  need(props.subnetIds.length >= 1, 'subnetIds must hold at least one private app subnet');
  need(Number.isInteger(props.appPort) && props.appPort >= 1024 && props.appPort <= 65535, `appPort (${props.appPort}) must be 1024-65535`);
  need(/^\/[A-Za-z0-9_.~\-/]*$/.test(props.healthCheckPath ?? '/health'), `healthCheckPath "${props.healthCheckPath}" must start with '/' and hold only letters, digits and _ . ~ - /`);
  need(/^[A-Za-z0-9_.-]+$/.test(props.serviceName ?? props.name), `serviceName "${props.serviceName ?? props.name}" must hold only letters, digits and _ . -`);
  if (!props.loadBalancer) {
    need(props.requestsPerTarget === undefined, 'requestsPerTarget needs a loadBalancer: a worker has no target group');
    need(props.pathPatterns === undefined, 'pathPatterns needs a loadBalancer: a worker has no target group');
  }
  if (props.warmPool) need(props.warmPool.minSize >= 0 && props.warmPool.minSize <= max, `warmPool.minSize (${props.warmPool.minSize}) must be 0-capacity.max (${max})`);
  if (problems.length > 0) throw new Error(`Service ${props.name}: ${problems.join('; ')}`);
}
