import { Lazy, Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { LoadBalancer } from '../../../../src/constructs/network/load-balancer';
import { AL2023_AMI_PARAMETER, Service, ServiceProps } from '../../../../src/constructs/compute/ec2/service';
import { synthStack, testStack } from '../../../support/synth';

const APP_SUBNETS = ['subnet-app-a', 'subnet-app-b', 'subnet-app-c'];

/** One web service behind an ALB (everything turned on) and one worker, synthesized together. */
const synthServices = (web: Partial<ServiceProps> = {}) => {
  const stack = testStack();
  const lb = new LoadBalancer(stack, 'lb', { name: 'demo', vpcId: 'vpc-123', publicSubnetIds: ['subnet-pub-a', 'subnet-pub-b'] });
  const webService = new Service(stack, 'web', {
    name: 'demo-web',
    serviceName: 'web',
    vpcId: 'vpc-123',
    subnetIds: APP_SUBNETS,
    instanceType: 't3.small',
    appPort: 8080,
    healthCheckPath: '/health',
    capacity: { min: 2, max: 12, desired: 3 },
    loadBalancer: lb,
    cpuTargetPercent: 55,
    requestsPerTarget: 1000,
    schedules: [{ name: 'before-tv-show', recurrence: '30 19 * * 5', timeZone: 'Europe/London', min: 6, desired: 6 }],
    cpuAlarms: { highPercent: 70, lowPercent: 20, periodSeconds: 60, evaluationPeriods: 2 },
    warmPool: { minSize: 1 },
    parameters: { DB_WRITER_ENDPOINT: '/demo/db/writer-endpoint' },
    policyStatements: [{ Sid: 'Extra', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::demo-assets/*' }],
    tags: { Project: 'demo', Environment: 'dev' },
    ...web,
  });
  const worker = new Service(stack, 'worker', {
    name: 'demo-worker',
    vpcId: 'vpc-123',
    subnetIds: APP_SUBNETS,
    instanceType: 't3.micro',
    amiId: 'ami-0123456789abcdef0',
    appPort: 8080,
    capacity: { min: 1, max: 4, desired: 1 },
  });
  // How the data tier plugs in later: parameters, role statements and custom scaling after construction.
  worker.addParameters({ QUEUE_URL_PARAM: '/demo/queue/url' });
  worker.addToRolePolicy({ Sid: 'Consume', Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: 'arn:aws:sqs:eu-west-1:123456789012:demo' });
  worker.scaleToTrackMetric('backlog-per-instance', {
    targetValue: 100,
    customizedMetricSpecification: { metricName: 'BacklogPerInstance', namespace: 'Stormproof', statistic: 'Average' },
  });
  new TerraformOutput(stack, 'asg_name', { value: webService.asgName });
  const { raw, resource, data } = synthStack(stack);
  // Logical ids start with the construct path joined by '_' (e.g. `web_launch-template_1A2B3C4D`).
  const find = (type: string, idPart: string) =>
    Object.entries(resource[type] ?? {}).filter(([key]) => key.includes(idPart)).map(([, r]) => r);
  return { raw, resource, data, find, webService, worker };
};

describe('Service (web, behind the ALB)', () => {
  const { raw, resource, data, find, webService } = synthServices();
  const lt = find('aws_launch_template', 'web_')[0];
  const asg = find('aws_autoscaling_group', 'web_')[0];
  const userData = Buffer.from(lt.user_data, 'base64').toString('utf8');

  test('launch template: AL2023 from the public SSM parameter, IMDSv2 only, monitoring, no SSH key', () => {
    expect(Object.values(data.aws_ssm_parameter)[0].name).toBe(AL2023_AMI_PARAMETER);
    expect(lt.image_id).toMatch(/data\.aws_ssm_parameter\.web_ami_\w+\.insecure_value/);
    expect(lt.instance_type).toBe('t3.small');
    expect(lt.metadata_options).toEqual({
      http_endpoint: 'enabled',
      http_tokens: 'required',
      http_put_response_hop_limit: 1,
      instance_metadata_tags: 'disabled',
    });
    expect(lt.monitoring).toEqual({ enabled: true });
    expect(lt.key_name).toBeUndefined();
    expect(lt.iam_instance_profile.arn).toMatch(/aws_iam_instance_profile\.web_profile_\w+\.arn/);
  });

  test('launch template: encrypted gp3 root volume, tags on instance, volume and ENI', () => {
    expect(lt.block_device_mappings).toEqual([
      { device_name: '/dev/xvda', ebs: { volume_size: 20, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } },
    ]);
    expect(lt.tag_specifications.map((t: any) => t.resource_type)).toEqual(['instance', 'volume', 'network-interface']);
    for (const spec of lt.tag_specifications) {
      expect(spec.tags).toEqual({ Project: 'demo', Environment: 'dev', Name: 'demo-web', Service: 'web' });
    }
  });

  test('instance role: SSM core and CloudWatch agent managed policies, EC2 trust', () => {
    const role = find('aws_iam_role', 'web_')[0];
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    const attached = find('aws_iam_role_policy_attachment', 'web_').map((a) => a.policy_arn.replace(/^.*:policy\//, ''));
    expect(attached.sort()).toEqual(['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy']);
  });

  test('extra statements and ssm:GetParameter on exactly the app parameters', () => {
    const docs = find('aws_iam_role_policy', 'web_').map((p) => JSON.parse(p.policy).Statement).flat();
    expect(docs).toContainEqual({ Sid: 'Extra', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::demo-assets/*' });
    const read = docs.find((s: any) => s.Sid === 'ReadAppParameters');
    expect(read.Action).toEqual(['ssm:GetParameter']);
    expect(read.Resource).toHaveLength(1);
    expect(read.Resource[0]).toMatch(
      /^arn:\$\{data\.aws_partition\.\w+\.partition\}:ssm:\$\{data\.aws_region\.\w+\.name\}:\$\{data\.aws_caller_identity\.\w+\.account_id\}:parameter\/demo\/db\/writer-endpoint$/,
    );
  });

  test('user data fetches parameters by name from SSM and never holds values', () => {
    expect(userData.startsWith('#!/bin/bash\n')).toBe(true);
    expect(userData).toContain("fetch DB_WRITER_ENDPOINT '/demo/db/writer-endpoint'");
    expect(userData).toContain('aws ssm get-parameter --region "$REGION" --with-decryption --name "$2"');
    expect(userData).toContain('EnvironmentFile=/opt/stormproof/app.env');
    expect(userData).toContain('User=stormproof');
    expect(userData).toContain("'APP_PORT=8080' 'SERVICE_NAME=web' 'HEALTH_PATH=/health'");
    expect(userData).not.toContain('${');
  });

  test('security-group chain: app port only from the ALB group, nothing on 22, no internet ingress', () => {
    const appSg = find('aws_security_group', 'web_')[0];
    const albSg = find('aws_security_group', 'lb_firewall')[0];
    expect(lt.vpc_security_group_ids).toEqual([expect.stringMatching(/aws_security_group\.web_firewall_sg_\w+\.id/)]);
    const allIngress = Object.values(resource.aws_vpc_security_group_ingress_rule);
    const appIngress = allIngress.filter((r) => r.security_group_id.includes('web_firewall_sg'));
    expect(appIngress).toHaveLength(1);
    expect(appIngress[0]).toMatchObject({
      from_port: 8080,
      to_port: 8080,
      ip_protocol: 'tcp',
      referenced_security_group_id: expect.stringMatching(/aws_security_group\.lb_firewall_sg_\w+\.id/),
    });
    expect(appIngress[0].cidr_ipv4).toBeUndefined();
    expect(allIngress.filter((r) => r.from_port <= 22 && r.to_port >= 22)).toHaveLength(0);
    // The ALB may open only the app port towards the app tier.
    const albEgress = Object.values(resource.aws_vpc_security_group_egress_rule).filter((r) => r.security_group_id.includes('lb_firewall_sg'));
    expect(albEgress).toEqual([
      expect.objectContaining({ from_port: 8080, referenced_security_group_id: expect.stringMatching(/web_firewall_sg/) }),
    ]);
    const appEgress = Object.values(resource.aws_vpc_security_group_egress_rule).filter((r) => r.security_group_id.includes('web_firewall_sg'));
    expect(appEgress).toEqual([expect.objectContaining({ cidr_ipv4: '0.0.0.0/0', from_port: 443, to_port: 443 })]);
    expect(appSg.name_prefix).toBe('demo-web-app-');
    expect(albSg.name_prefix).toBe('demo-alb-');
    expect(albSg.tags.Name).toBe('demo-alb');
  });

  test('ASG over every app subnet, ELB health checks, target group, warm-up, capacity from props', () => {
    expect(asg).toMatchObject({
      name: 'demo-web',
      vpc_zone_identifier: APP_SUBNETS,
      min_size: 2,
      max_size: 12,
      desired_capacity: 3,
      health_check_type: 'ELB',
      health_check_grace_period: 120,
      default_instance_warmup: 120,
      metrics_granularity: '1Minute',
    });
    expect(asg.target_group_arns).toEqual([expect.stringMatching(/aws_lb_target_group\.lb_tg-demo-web_\w+\.arn/)]);
    expect(asg.enabled_metrics).toEqual(expect.arrayContaining(['GroupInServiceInstances', 'GroupDesiredCapacity']));
    expect(asg.tag).toContainEqual({ key: 'Name', value: 'demo-web', propagate_at_launch: true });
  });

  test('desired capacity is ignored after creation and the template is referenced by latest_version', () => {
    expect(asg.lifecycle).toEqual({ ignore_changes: ['desired_capacity'] });
    expect(asg.launch_template).toEqual({
      id: expect.stringMatching(/^\$\{aws_launch_template\.web_launch-template_\w+\.id\}$/),
      version: expect.stringMatching(/^\$\{aws_launch_template\.web_launch-template_\w+\.latest_version\}$/),
    });
    expect(JSON.stringify(asg)).not.toContain('$Latest');
  });

  test('rolling instance refresh with min healthy percentage and warm-up; warm pool', () => {
    expect(asg.instance_refresh).toEqual({
      strategy: 'Rolling',
      preferences: { min_healthy_percentage: 90, max_healthy_percentage: 100, instance_warmup: '120', skip_matching: true },
    });
    expect(asg.warm_pool).toEqual({ min_size: 1, pool_state: 'Stopped', instance_reuse_policy: { reuse_on_scale_in: true } });
  });

  test('target tracking on CPU and on ALB requests per target', () => {
    const policies = find('aws_autoscaling_policy', 'web_');
    const cpu = policies.find((p) => p.name === 'demo-web-cpu-target')!;
    expect(cpu).toMatchObject({
      policy_type: 'TargetTrackingScaling',
      target_tracking_configuration: { predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' }, target_value: 55 },
    });
    const req = policies.find((p) => p.name === 'demo-web-requests-target')!;
    expect(req.target_tracking_configuration).toEqual({
      predefined_metric_specification: {
        predefined_metric_type: 'ALBRequestCountPerTarget',
        resource_label: expect.stringMatching(/^\$\{aws_lb\.lb_alb_\w+\.arn_suffix\}\/\$\{aws_lb_target_group\.lb_tg-demo-web_\w+\.arn_suffix\}$/),
      },
      target_value: 1000,
    });
  });

  test('scheduled action with recurrence and time zone', () => {
    expect(raw).toHaveResourceWithProperties(AutoscalingSchedule, {
      scheduled_action_name: 'before-tv-show',
      recurrence: '30 19 * * 5',
      time_zone: 'Europe/London',
      min_size: 6,
      desired_capacity: 6,
    });
  });

  test('lab alarms: high CPU adds one instance, low CPU removes one', () => {
    const alarms = Object.values(resource.aws_cloudwatch_metric_alarm);
    const high = alarms.find((a) => a.alarm_name === 'demo-web-cpu-high')!;
    const low = alarms.find((a) => a.alarm_name === 'demo-web-cpu-low')!;
    for (const a of [high, low]) {
      expect(a).toMatchObject({ namespace: 'AWS/EC2', metric_name: 'CPUUtilization', statistic: 'Average', period: 60, evaluation_periods: 2 });
      expect(a.dimensions.AutoScalingGroupName).toMatch(/aws_autoscaling_group\.web_asg_\w+\.name/);
    }
    expect(high).toMatchObject({ threshold: 70, comparison_operator: 'GreaterThanOrEqualToThreshold' });
    expect(low).toMatchObject({ threshold: 20, comparison_operator: 'LessThanOrEqualToThreshold' });
    expect(high.alarm_actions[0]).toMatch(/aws_autoscaling_policy\.web_step-cpu-high_\w+\.arn/);
    expect(low.alarm_actions[0]).toMatch(/aws_autoscaling_policy\.web_step-cpu-low_\w+\.arn/);
    const steps = find('aws_autoscaling_policy', 'step-cpu');
    expect(steps.find((p) => p.name === 'demo-web-cpu-high-step')!.step_adjustment).toEqual([{ metric_interval_lower_bound: '0', scaling_adjustment: 1 }]);
    expect(steps.find((p) => p.name === 'demo-web-cpu-low-step')!.step_adjustment).toEqual([{ metric_interval_upper_bound: '0', scaling_adjustment: -1 }]);
  });

  test('exposes what neighbours need', () => {
    expect(webService.kind).toBe('web');
    expect(webService.targetGroup).toBeDefined();
    expect(webService.firewall.id).toBeDefined();
    expect(webService.role.name).toBeDefined();
  });
});

describe('Service (worker, no load balancer)', () => {
  const { resource, find, worker } = synthServices();
  const asg = find('aws_autoscaling_group', 'worker_')[0];
  const lt = find('aws_launch_template', 'worker_')[0];

  test('EC2 health checks, no target group, no ALB metrics, given AMI without the SSM lookup', () => {
    expect(worker.kind).toBe('worker');
    expect(asg.health_check_type).toBe('EC2');
    expect(asg.target_group_arns).toBeUndefined();
    expect(lt.image_id).toBe('ami-0123456789abcdef0');
    expect(find('aws_autoscaling_policy', 'worker_').map((p) => p.name).sort()).toEqual(['demo-worker-backlog-per-instance', 'demo-worker-cpu-target']);
  });

  test('no ingress at all on the worker security group', () => {
    const ingress = Object.values(resource.aws_vpc_security_group_ingress_rule).filter((r) => r.security_group_id.includes('worker_firewall'));
    expect(ingress).toHaveLength(0);
  });

  test('parameters, statements and custom scaling added after construction', () => {
    const userData = Buffer.from(lt.user_data, 'base64').toString('utf8');
    expect(userData).toContain("fetch QUEUE_URL_PARAM '/demo/queue/url'");
    const statements = find('aws_iam_role_policy', 'worker_').map((p) => JSON.parse(p.policy).Statement).flat();
    expect(statements.map((s: any) => s.Sid).sort()).toEqual(['Consume', 'DecryptAppBundle', 'ReadAppBundle', 'ReadAppParameters', 'ReadBundleBucketName']);
    const backlog = find('aws_autoscaling_policy', 'worker_').find((p) => p.name === 'demo-worker-backlog-per-instance')!;
    expect(backlog.target_tracking_configuration).toEqual({
      customized_metric_specification: { metric_name: 'BacklogPerInstance', namespace: 'Stormproof', statistic: 'Average' },
      target_value: 100,
      disable_scale_in: false,
    });
  });
});

describe("Service with deploy: 'blue-green' (rolled by its release's instance refresh)", () => {
  const { find, webService } = synthServices({ deploy: 'blue-green' });
  const asg = find('aws_autoscaling_group', 'web_')[0];
  const userData = Buffer.from(find('aws_launch_template', 'web_')[0].user_data, 'base64').toString('utf8');

  test('no Terraform refresh; Terraform keeps the group but leaves its launch template version to the release', () => {
    expect(webService.deploy).toBe('blue-green');
    expect(asg.instance_refresh).toBeUndefined();
    expect(asg.lifecycle).toEqual({ ignore_changes: ['desired_capacity', 'launch_template', 'name'] });
  });

  test('launch before terminate by default: min 100 % / max 200 % healthy', () => {
    expect(webService.refreshPreferences).toEqual({ minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmupSeconds: 120 });
  });

  test('instances run the app and no CodeDeploy agent; the user data is what renderUserData says', () => {
    expect(userData).toBe(webService.renderUserData());
    expect(userData).toContain('systemctl enable --now stormproof-app.service');
    expect(userData).not.toContain('codedeploy');
  });
});

describe('Service refuses bad input', () => {
  const base = (): ServiceProps => ({
    name: 'bad',
    vpcId: 'vpc-1',
    subnetIds: ['subnet-a', 'subnet-b'],
    instanceType: 't3.micro',
    appPort: 8080,
    capacity: { min: 1, max: 2, desired: 1 },
  });
  const make = (props: Partial<ServiceProps>) => new Service(new TerraformStack(Testing.app(), 's'), 'svc', { ...base(), ...props });

  test('capacity out of order, privileged port, web-only options on a worker', () => {
    expect(() => make({ capacity: { min: 3, max: 2, desired: 2 } })).toThrow(/capacity.min \(3\) must be <= capacity.max \(2\)/);
    expect(() => make({ capacity: { min: 1, max: 2, desired: 5 } })).toThrow(/capacity.desired \(5\) must be within \[capacity.min \(1\), capacity.max \(2\)\]/);
    expect(() => make({ appPort: 80 })).toThrow(/appPort \(80\) must be 1024-65535/);
    expect(() => make({ requestsPerTarget: 100 })).toThrow(/requestsPerTarget needs a loadBalancer/);
    expect(() => make({ deploy: 'blue-green' })).toThrow(/deploy 'blue-green' needs a loadBalancer: its rollback watches the target group's 5xx rate and unhealthy hosts/);
  });

  test('parameters must be env-var names mapped to SSM parameter names', () => {
    expect(() => make({ parameters: { 'db-host': '/x' } })).toThrow(/UPPER_SNAKE/);
    expect(() => make({ parameters: { DB_HOST: "/x'; rm -rf /" } })).toThrow(/not an SSM parameter name/);
    expect(() => make({ parameters: { APP_PORT: '/x' } })).toThrow(/other than APP_PORT/);
    // A resource reference would turn user data into a Terraform expression: names must be plain strings.
    expect(() => make({ parameters: { DB_HOST: Lazy.stringValue({ produce: () => '/x' }) } })).toThrow(/pass the parameter name as a plain string/);
  });
});
