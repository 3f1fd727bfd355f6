/** The option settings of a Beanstalk environment: network, roles, deployment policy, ALB and listeners, health, scaling. */
import { Fn, Lazy } from 'cdktf';
import { BEANSTALK_APP_PORT } from './beanstalk-bundle';
import { BeanstalkAppProps, BeanstalkDeploymentPolicy } from './beanstalk-props';
import { LOG_GROUP_DEFAULTS } from '../../shared/log-group-props';

const POLICY_NAMES: Record<BeanstalkDeploymentPolicy, string> = {
  'blue-green': 'RollingWithAdditionalBatch',
  immutable: 'Immutable',
  'rolling-with-additional-batch': 'RollingWithAdditionalBatch',
};

/** What the settings take from the BeanstalkApp built around the environment. */
export interface SettingsInputs {
  readonly instanceProfile: string;
  readonly healthPath: string;
  readonly serviceName: string;
  readonly serviceRoleArn: string;
  readonly instanceSecurityGroupId: string;
  readonly loadBalancerSecurityGroupId: string;
  readonly logBucketName: string;
  readonly deployment: BeanstalkDeploymentPolicy;
  /** Environment properties; read at synth, so those added after construction are included. */
  readonly properties: ReadonlyMap<string, string>;
  /** Env var -> ARN of an SSM parameter or Secrets Manager secret Beanstalk fetches at bootstrap. */
  readonly secretArns: ReadonlyMap<string, string>;
  /** Env var -> the property (set by the data tier, possibly later) whose value it takes. */
  readonly propertyAliases: ReadonlyMap<string, string>;
}

export function environmentSettings(props: BeanstalkAppProps, o: SettingsInputs) {
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
    s('aws:elasticbeanstalk:environment', 'ServiceRole', o.serviceRoleArn),
    // Instances: IMDSv2 only, our security group only (no SSH key, no default group), encrypted gp3 root.
    s('aws:ec2:instances', 'InstanceTypes', props.instanceType ?? 't3.medium'),
    s('aws:autoscaling:launchconfiguration', 'IamInstanceProfile', o.instanceProfile),
    s('aws:autoscaling:launchconfiguration', 'DisableIMDSv1', true),
    s('aws:autoscaling:launchconfiguration', 'DisableDefaultEC2SecurityGroup', true),
    s('aws:autoscaling:launchconfiguration', 'SecurityGroups', o.instanceSecurityGroupId),
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
    s('aws:elasticbeanstalk:command', 'DeploymentPolicy', POLICY_NAMES[o.deployment]),
    s('aws:elasticbeanstalk:command', 'BatchSizeType', 'Percentage'),
    s('aws:elasticbeanstalk:command', 'BatchSize', o.deployment === 'immutable' ? 100 : 50),
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
    s('aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays', props.logRetentionDays ?? LOG_GROUP_DEFAULTS.retentionDays),
    s('aws:elasticbeanstalk:cloudwatch:logs', 'DeleteOnTerminate', false),
    s('aws:elasticbeanstalk:cloudwatch:logs:health', 'HealthStreamingEnabled', true),
    s('aws:elasticbeanstalk:cloudwatch:logs:health', 'RetentionInDays', props.logRetentionDays ?? LOG_GROUP_DEFAULTS.retentionDays),
    // The ALB: our security group, access logs, and one listener (HTTPS with the stack's certificate).
    s('aws:elbv2:loadbalancer', 'SecurityGroups', o.loadBalancerSecurityGroupId),
    s('aws:elbv2:loadbalancer', 'ManagedSecurityGroup', o.loadBalancerSecurityGroupId),
    s('aws:elbv2:loadbalancer', 'AccessLogsS3Enabled', true),
    s('aws:elbv2:loadbalancer', 'AccessLogsS3Bucket', o.logBucketName),
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
      ...[...o.properties.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => s('aws:elasticbeanstalk:application:environment', k, v)),
      ...[...o.propertyAliases.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, from]) => {
        const value = o.properties.get(from);
        if (value === undefined) throw new Error(`Beanstalk ${o.serviceName}: secrets.${k} names ${from}, which this stack's data tier does not set`);
        return s('aws:elasticbeanstalk:application:environment', k, value);
      }),
      ...[...o.secretArns.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, arn]) => s('aws:elasticbeanstalk:application:environmentsecrets', k, arn)),
    ],
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Lazy list stands in for the settings array cdktf types
  }) as any;
}
