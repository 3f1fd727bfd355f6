import { Testing } from 'cdktf';
import { fastier, fastierBeanstalk } from '../../src/config/profiles';
import { ProfileConfig } from '../../src/config/types';
import { PlatformStack } from '../../src/stacks/platform-stack';
import { Resources } from '../support/synth';

const synth = (profile: ProfileConfig) => {
  const stack = new PlatformStack(Testing.app(), profile.name, { profile });
  const json = JSON.parse(Testing.synth(stack));
  return { stack, resource: json.resource as Resources, data: json.data as Resources, output: json.output as Record<string, any> };
};
const setting = (env: Record<string, any>, namespace: string, name: string): string | undefined =>
  env.setting.find((s: any) => s.namespace === namespace && s.name === name)?.value;
const refId = (ref: string) => ref.replace(/^\$\{/, '').replace(/\}$/, '');

describe('fastier-beanstalk: the web service on Elastic Beanstalk', () => {
  const { stack, resource, output } = synth(fastierBeanstalk);
  const envs = Object.values(resource.aws_elastic_beanstalk_environment);

  test('blue/green: two environments in the private app subnets of both AZs, ALB in the public subnets', () => {
    expect(envs.map((e) => e.name)).toEqual(['fastier-eb-production-web-blue', 'fastier-eb-production-web-green']);
    const appSubnets = Object.entries(resource.aws_subnet).filter(([id]) => id.startsWith('network_app-'));
    const publicSubnets = Object.entries(resource.aws_subnet).filter(([id]) => id.startsWith('network_public-'));
    expect(new Set(appSubnets.map(([, s]) => s.availability_zone)).size).toBeGreaterThanOrEqual(2);
    for (const e of envs) {
      const subnets = setting(e, 'aws:ec2:vpc', 'Subnets')!;
      for (const [id] of appSubnets) expect(subnets).toContain(`aws_subnet.${id}.id`);
      for (const [id] of publicSubnets) expect(setting(e, 'aws:ec2:vpc', 'ELBSubnets')).toContain(`aws_subnet.${id}.id`);
      expect(setting(e, 'aws:ec2:vpc', 'VPCId')).toMatch(/^\$\{aws_vpc\.network_vpc_/);
      expect(setting(e, 'aws:elbv2:listener:443', 'Protocol')).toBe('HTTPS');
      expect(setting(e, 'aws:elbv2:listener:443', 'SSLCertificateArns')).toBe(fastierBeanstalk.loadBalancer.certificateArn);
      expect(setting(e, 'aws:elasticbeanstalk:command', 'DeploymentPolicy')).toBe('RollingWithAdditionalBatch');
      expect(setting(e, 'aws:ec2:instances', 'InstanceTypes')).toBe('t3.medium');
    }
  });

  test('no stack ALB and no web Auto Scaling group: the worker stays on EC2', () => {
    expect(resource.aws_lb).toBeUndefined();
    expect(Object.keys(resource.aws_autoscaling_group)).toEqual([expect.stringMatching(/^service-worker_asg_/)]);
    expect(stack.loadBalancer).toBeUndefined();
    expect(Object.keys(stack.services)).toEqual(['worker']);
  });

  test('the database admits the environment instances through their security group (and the worker)', () => {
    const dbGroup = Object.keys(resource.aws_security_group).find((k) => k.startsWith('data_database_firewall'))!;
    const ingress = Object.values(resource.aws_vpc_security_group_ingress_rule).filter((r) => refId(r.security_group_id) === `aws_security_group.${dbGroup}.id`);
    const sources = ingress.map((r) => refId(r.referenced_security_group_id).split('.')[1]);
    expect(sources).toEqual(expect.arrayContaining([expect.stringMatching(/^beanstalk-web_firewall_sg_/), expect.stringMatching(/^service-worker_firewall_sg_/)]));
    const ebGroup = setting(envs[0], 'aws:autoscaling:launchconfiguration', 'SecurityGroups');
    expect(ebGroup).toBe(`\${aws_security_group.${sources.find((s) => s.startsWith('beanstalk-web'))}.id}`);
  });

  test('environment properties carry endpoints and secret ARNs, never secret values', () => {
    const props = Object.fromEntries(
      envs[0].setting.filter((s: any) => s.namespace === 'aws:elasticbeanstalk:application:environment').map((s: any) => [s.name, s.value]),
    );
    expect(props.DB_WRITER_ENDPOINT).toMatch(/^\$\{aws_db_instance\.data_database_primary_.*\.endpoint\}$/);
    expect(props.DB_SECRET_ARN).toMatch(/master_user_secret\[0\]\.secret_arn\}$/);
    expect(props.QUEUE_URL).toMatch(/aws_sqs_queue\..*\.url\}$/);
    expect(props.CACHE_ENDPOINT).toMatch(/primary_endpoint_address\}:6379$/);
    expect(JSON.stringify(props)).not.toMatch(/password|secret_string|random_password/i);
    // The instance role may read exactly the database secret, as the EC2 services' roles may.
    const grants = Object.values(resource.aws_iam_role_policy).filter((p) => String(p.role).includes('beanstalk-web_instance-role'));
    expect(grants.flatMap((p) => JSON.parse(p.policy).Statement.map((s: any) => s.Sid))).toEqual(expect.arrayContaining(['ReadBundles', 'ReadDatabaseSecret']));
  });

  test('alarms: enhanced health, 5xx, p95 latency and memory per environment; memory on the dashboard', () => {
    const alarms = Object.values(resource.aws_cloudwatch_metric_alarm);
    const names = alarms.map((a) => a.alarm_name);
    for (const role of ['blue', 'green']) {
      expect(names).toEqual(expect.arrayContaining([`fastier-eb-production-${role}-environment-health`, `fastier-eb-production-${role}-5xx`, `fastier-eb-production-${role}-latency-p95`, `fastier-eb-production-${role}-memory`]));
    }
    const health = alarms.find((a) => a.alarm_name === 'fastier-eb-production-blue-environment-health')!;
    expect(health).toMatchObject({ namespace: 'AWS/ElasticBeanstalk', metric_name: 'EnvironmentHealth', dimensions: { EnvironmentName: 'fastier-eb-production-web-blue' } });
    const memory = alarms.find((a) => a.alarm_name === 'fastier-eb-production-blue-memory')!;
    expect(memory).toMatchObject({ namespace: 'CWAgent', metric_name: 'mem_used_percent', threshold: 85 });
    expect(names.some((n) => n.includes('alb-5xx'))).toBe(false);
    const dashboard = JSON.parse(Object.values(resource.aws_cloudwatch_dashboard)[0].dashboard_body);
    expect(dashboard.widgets.map((w: any) => w.properties.title)).toEqual(expect.arrayContaining(['Beanstalk health (0 ok ... 25 severe)', 'Instance memory (%)']));
  });

  test("the delivery pipeline builds with buildspec-beanstalk.yml and deploys with Beanstalk's action to the idle environment", () => {
    const pipeline = Object.values(resource.aws_codepipeline)[0];
    const deploy = pipeline.stage.find((st: any) => st.name === 'Deploy').action[0];
    expect(deploy).toMatchObject({ provider: 'ElasticBeanstalk', configuration: { ApplicationName: 'fastier-eb-production-web', EnvironmentName: 'fastier-eb-production-web-green' } });
    expect(Object.values(resource.aws_codebuild_project)[0].source.buildspec).toBe('buildspec-beanstalk.yml');
    expect(resource.aws_codedeploy_deployment_group).toBeUndefined();
    const role = Object.values(resource.aws_iam_role_policy).find((p) => JSON.parse(p.policy).Statement.some((st: any) => st.Sid === 'DeployThisEnvironment'))!;
    expect(JSON.parse(role.policy).Statement.find((st: any) => st.Sid === 'DeployThisEnvironment').Resource).toEqual(
      expect.arrayContaining([expect.stringMatching(/:environment\/fastier-eb-production-web\/fastier-eb-production-web-green$/)]),
    );
  });

  test('outputs name the application, environments by role and the version label as plain strings', () => {
    expect(output.beanstalk_application.value).toBe('fastier-eb-production-web');
    expect(output.beanstalk_environments.value).toEqual({ blue: 'fastier-eb-production-web-blue', green: 'fastier-eb-production-web-green' });
    expect(output.beanstalk_version_label.value).toMatch(/^fastier-eb-production-web-[0-9a-f]{12}$/);
    expect(output.site_url.value).toMatch(/^https:\/\/\$\{aws_elastic_beanstalk_environment\..*\.cname\}$/);
    expect(output.alb_dns_name).toBeUndefined();
  });
});

describe('fastier (EC2): memory is watched and scaled on', () => {
  const { resource } = synth(fastier);
  const webTemplate = Object.values(resource.aws_launch_template).find((lt) => lt.name === 'fastier-production-web')!;

  test('the web tier runs t3.medium (4 GiB, what the crashing server had)', () => {
    expect(webTemplate.instance_type).toBe('t3.medium');
  });

  test('user data installs the CloudWatch agent publishing mem_used_percent per Auto Scaling group', () => {
    const userData = Buffer.from(String(webTemplate.user_data), 'base64').toString();
    expect(userData).toContain('dnf install -y amazon-cloudwatch-agent');
    expect(userData).toContain('"mem_used_percent"');
    expect(userData).toContain('"AutoScalingGroupName": "@{aws:AutoScalingGroupName}"');
    expect(userData).toContain("sed -i 's/@{aws:/\\x24{aws:/g' /opt/aws/amazon-cloudwatch-agent/etc/stormproof-memory.json");
    expect(userData).toMatch(/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/);
    // The worker does not publish memory (no memoryTargetPercent).
    const worker = Object.values(resource.aws_launch_template).find((lt) => lt.name === 'fastier-production-worker')!;
    expect(Buffer.from(String(worker.user_data), 'base64').toString()).not.toContain('amazon-cloudwatch-agent');
  });

  test('a memory target-tracking policy and a memory alarm on the web group', () => {
    const policy = Object.values(resource.aws_autoscaling_policy).find((p) => p.name === 'fastier-production-web-memory-target')!;
    expect(policy.target_tracking_configuration.target_value).toBe(70);
    expect(policy.target_tracking_configuration.customized_metric_specification).toMatchObject({
      namespace: 'CWAgent',
      metric_name: 'mem_used_percent',
      metric_dimension: [{ name: 'AutoScalingGroupName', value: policy.autoscaling_group_name }],
    });
    const alarm = Object.values(resource.aws_cloudwatch_metric_alarm).find((a) => a.alarm_name === 'fastier-production-web-memory')!;
    expect(alarm).toMatchObject({ namespace: 'CWAgent', metric_name: 'mem_used_percent', threshold: 85, evaluation_periods: 10 });
    expect(alarm.dimensions.AutoScalingGroupName).toBe(policy.autoscaling_group_name);
  });
});
