import { fastier, fastierBeanstalk } from '../../src/config/profiles';
import { ProfileConfig } from '../../src/config/types';
import { synthProfile } from '../support/synth';

// A built-in profile is read from the run's one synth (support/synth.ts synthProfile); its stack is built only when asked for.
const synth = (profile: ProfileConfig) => synthProfile(profile);
const setting = (env: Record<string, any>, namespace: string, name: string): string | undefined =>
  env.setting.find((s: any) => s.namespace === namespace && s.name === name)?.value;
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f6c1b2a-3d4e-4f50-8a9b-0c1d2e3f4a5b';
const refId = (ref: string) => ref.replace(/^\$\{/, '').replace(/\}$/, '');

describe('fastier-beanstalk: the web service on Elastic Beanstalk', () => {
  const synthesized = synth(fastierBeanstalk);
  const { resource, output } = synthesized;
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
      // The certificate the stack issues for the domain (DNS-validated in its hosted zone), on both environments.
      expect(setting(e, 'aws:elbv2:listener:443', 'SSLCertificateArns')).toMatch(/^\$\{aws_acm_certificate_validation\.alb-certificate_validation_.*\.certificate_arn\}$/);
      expect(setting(e, 'aws:elasticbeanstalk:command', 'DeploymentPolicy')).toBe('RollingWithAdditionalBatch');
      expect(setting(e, 'aws:ec2:instances', 'InstanceTypes')).toBe('t3.medium');
    }
  });

  test('no stack ALB and no web Auto Scaling group: the worker stays on EC2', () => {
    expect(resource.aws_lb).toBeUndefined();
    expect(Object.keys(resource.aws_autoscaling_group)).toEqual([expect.stringMatching(/^service-worker_asg_/)]);
    expect(synthesized.stack.loadBalancer).toBeUndefined();
    expect(Object.keys(synthesized.stack.services)).toEqual(['worker']);
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
      expect(names).toEqual(
        expect.arrayContaining([
          `fastier-eb-production-${role}-environment-health`,
          `fastier-eb-production-${role}-5xx`,
          `fastier-eb-production-${role}-latency-p95`,
          `fastier-eb-production-${role}-memory`,
        ]),
      );
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
    const deploy = pipeline.stage.find((st: any) => st.name === 'Deploy').action.find((a: any) => a.provider === 'ElasticBeanstalk');
    // The idle environment is resolved at run time (FindIdle's variables), never a fixed `-green`.
    expect(deploy).toMatchObject({ configuration: { ApplicationName: 'fastier-eb-production-web', EnvironmentName: '#{Idle.IDLE_ENV}' } });
    expect(pipeline.stage.find((st: any) => st.name === 'Deploy').action.map((a: any) => a.name)).toEqual(['FindIdle', 'Deploy-idle', 'SmokeTestIdle', 'ApproveSwap', 'SwapCnames']);
    const build = Object.values(resource.aws_codebuild_project).find((p: any) => p.name.endsWith('-build'))!;
    expect(build.source.buildspec).toBe('buildspec-beanstalk.yml');
    // With a certificate the smoke test speaks HTTPS (the port 80 listener is off).
    const release = Object.values(resource.aws_codebuild_project).find((p: any) => p.name.endsWith('-release'))!;
    expect(release.environment.environment_variable).toContainEqual({ name: 'SCHEME', value: 'https' });
    expect(resource.aws_codedeploy_deployment_group).toBeUndefined();
    const role = Object.values(resource.aws_iam_role_policy).find((p) => JSON.parse(p.policy).Statement.some((st: any) => st.Sid === 'DeployThisEnvironment'))!;
    expect(JSON.parse(role.policy).Statement.find((st: any) => st.Sid === 'DeployThisEnvironment').Resource).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:environment\/fastier-eb-production-web\/fastier-eb-production-web-blue$/),
        expect.stringMatching(/:environment\/fastier-eb-production-web\/fastier-eb-production-web-green$/),
      ]),
    );
  });

  test('outputs name the application, environments by role and the version label as plain strings', () => {
    expect(output.beanstalk_application.value).toBe('fastier-eb-production-web');
    expect(output.beanstalk_environments.value).toEqual({ blue: 'fastier-eb-production-web-blue', green: 'fastier-eb-production-web-green' });
    expect(output.beanstalk_version_label.value).toMatch(/^fastier-eb-production-web-[0-9a-f]{12}$/);
    expect(output.site_url.value).toBe('https://eb.fastier.example.com');
    expect(output.alb_dns_name).toBeUndefined();
  });

  test('without dns the site URL is the live CNAME, which a swap moves, not an environment attribute', () => {
    const { output: o } = synth({ ...fastierBeanstalk, dns: undefined, loadBalancer: { ...fastierBeanstalk.loadBalancer, certificateArn: CERT } });
    expect(o.site_url.value).toMatch(/^https:\/\/fastier-eb-production-web\.\$\{data\.aws_region\.beanstalk-web_region_.*\.name\}\.elasticbeanstalk\.com$/);
  });
});

describe('fastier-beanstalk edge: WAF on both environments\' ALBs, the domain on the live CNAME, CloudFront for assets and the maintenance page', () => {
  const { resource, data } = synth(fastierBeanstalk);
  const [blue, green] = Object.keys(resource.aws_elastic_beanstalk_environment);

  test('the regional ACL protects both ALBs (a swap never moves the protection); CloudFront has its own', () => {
    const acls = Object.entries(resource.aws_wafv2_web_acl);
    expect(acls.map(([, a]) => a.scope).sort()).toEqual(['CLOUDFRONT', 'REGIONAL']);
    const regional = acls.find(([, a]) => a.scope === 'REGIONAL')![0];
    const assoc = Object.values(resource.aws_wafv2_web_acl_association);
    expect(assoc.map((a) => a.resource_arn).sort()).toEqual([blue, green].map((e) => `\${element(aws_elastic_beanstalk_environment.${e}.load_balancers, 0)}`).sort());
    for (const a of assoc) expect(a.web_acl_arn).toBe(`\${aws_wafv2_web_acl.${regional}.arn}`);
    expect(Object.values(resource.aws_wafv2_web_acl).find((a) => a.scope === 'REGIONAL')!.rule.map((r: any) => r.name)).toContain('rate-limit-per-ip');
  });

  test("the domain aliases the live CNAME in Beanstalk's hosted zone, health-checked over HTTPS, failing over to CloudFront", () => {
    const records = Object.values(resource.aws_route53_record).filter((r) => r.name === 'eb.fastier.example.com');
    const primary = records.find((r) => r.failover_routing_policy?.type === 'PRIMARY')!;
    const secondary = records.find((r) => r.failover_routing_policy?.type === 'SECONDARY')!;
    const zone = Object.keys(data.aws_elastic_beanstalk_hosted_zone)[0];
    expect(primary.alias).toEqual({
      name: expect.stringMatching(/^fastier-eb-production-web\.\$\{data\.aws_region\..*\.name\}\.elasticbeanstalk\.com$/),
      zone_id: `\${data.aws_elastic_beanstalk_hosted_zone.${zone}.id}`,
      evaluate_target_health: true,
    });
    // A name, not a reference: the record waits for the environments that hold it.
    expect(primary.depends_on).toEqual([blue, green].map((e) => `aws_elastic_beanstalk_environment.${e}`));
    const check = Object.values(resource.aws_route53_health_check)[0];
    expect(check).toMatchObject({ fqdn: primary.alias.name, type: 'HTTPS', port: 443, resource_path: '/health' });
    expect(primary.health_check_id).toMatch(/^\$\{aws_route53_health_check\./);
    expect(secondary.alias.name).toMatch(/^\$\{aws_cloudfront_distribution\..*\.domain_name\}$/);
  });

  test('CloudFront serves the static bucket only (no ALB origin), on its own certificate for the domain', () => {
    const [cdn] = Object.values(resource.aws_cloudfront_distribution);
    // The static bucket and its DR-region replica (origin failover for static paths).
    expect(cdn.origin.map((o: any) => o.domain_name)).toEqual([
      expect.stringMatching(/aws_s3_bucket\.edge_static-assets_.*\.bucket_regional_domain_name/),
      expect.stringMatching(/aws_s3_bucket\.edge_dr_static_.*\.bucket_regional_domain_name/),
    ]);
    expect(cdn.aliases).toEqual(['eb.fastier.example.com']);
    const certs = Object.values(resource.aws_acm_certificate);
    expect(certs).toHaveLength(2);
    for (const c of certs) expect(c.domain_name).toBe('eb.fastier.example.com');
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
    expect(userData).toContain("sed -i 's/@{aws:/\\x24{aws:/g' /opt/aws/amazon-cloudwatch-agent/etc/stormproof.json");
    expect(userData).toMatch(/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/);
    // The worker does not publish memory (no memoryTargetPercent); its agent only ships the app's log.
    const worker = Object.values(resource.aws_launch_template).find((lt) => lt.name === 'fastier-production-worker')!;
    const workerUserData = Buffer.from(String(worker.user_data), 'base64').toString();
    expect(workerUserData).not.toContain('mem_used_percent');
    expect(workerUserData).toContain('"log_group_name": "/stormproof/fastier-production-worker/app"');
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

describe("fastier-beanstalk with the startup's own bundle on the web service (issue 27)", () => {
  const APP = 'examples/startup-python/app';
  const profile: ProfileConfig = {
    ...fastierBeanstalk,
    services: fastierBeanstalk.services.map((s) => (s.kind === 'web' ? { ...s, bundle: { path: APP, start: 'exec python3 web.py' } } : s)),
  };
  const { stack, resource } = synth(profile);
  const demo = synth(fastierBeanstalk);

  test('the first application version is the bundle (a new label), not the demo app', () => {
    const version = Object.values(resource.aws_elastic_beanstalk_application_version)[0];
    const demoVersion = Object.values(demo.resource.aws_elastic_beanstalk_application_version)[0];
    expect(version.name).toMatch(/^fastier-eb-production-web-[0-9a-f]{12}$/);
    expect(version.name).not.toBe(demoVersion.name);
    expect(version.name).toBe(stack.beanstalk!.versionLabel);
  });

  test('the workers keep their own EC2 bundles; the demo app stays the default for a web service that names none', () => {
    const worker = Object.values(resource.aws_launch_template).find((t) => t.tags.Service === 'worker' || String(t.name).endsWith('-worker'))!;
    expect(Buffer.from(worker.user_data, 'base64').toString('utf8')).toContain('the Stormproof demo app');
    expect(demo.stack.beanstalk!.versionLabel).not.toBe(stack.beanstalk!.versionLabel);
  });
});

describe('fastier-beanstalk with env and secrets on the web service: the same config the EC2 services take', () => {
  const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-key-AbCdEf';
  const profile: ProfileConfig = {
    ...fastierBeanstalk,
    services: fastierBeanstalk.services.map((s) =>
      s.kind === 'web' ? { ...s, env: { FEATURE_FLAGS: 'orders,v2' }, secrets: { DATABASE_HOST: 'database.writerEndpoint', API_TOKEN: 'ssm:/fastier/api-token', STRIPE_KEY: SECRET } } : s,
    ),
  };
  const { resource } = synth(profile);
  const settingsOf = () => {
    const env = Object.values(resource.aws_elastic_beanstalk_environment)[0];
    return env.setting as { namespace: string; name: string; value: string }[];
  };

  test('plain env and platform references are environment properties; ssm and Secrets Manager values go to environmentsecrets by ARN', () => {
    const settings = settingsOf();
    const get = (namespace: string, name: string) => settings.find((x) => x.namespace === namespace && x.name === name)?.value;
    expect(get('aws:elasticbeanstalk:application:environment', 'FEATURE_FLAGS')).toBe('orders,v2');
    // The reference takes the value the data tier gives DB_WRITER_ENDPOINT (no secret value in state).
    expect(get('aws:elasticbeanstalk:application:environment', 'DATABASE_HOST')).toBe(get('aws:elasticbeanstalk:application:environment', 'DB_WRITER_ENDPOINT'));
    expect(get('aws:elasticbeanstalk:application:environment', 'DATABASE_HOST')).toBeDefined();
    expect(get('aws:elasticbeanstalk:application:environmentsecrets', 'STRIPE_KEY')).toBe(SECRET);
    expect(get('aws:elasticbeanstalk:application:environmentsecrets', 'API_TOKEN')).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:ssm:\$\{data\.aws_region\.[^}]+\}:\$\{data\.aws_caller_identity\.[^}]+\}:parameter\/fastier\/api-token$/);
    expect(settings.filter((x) => x.namespace === 'aws:elasticbeanstalk:application:environmentsecrets').map((x) => x.name).sort()).toEqual(['API_TOKEN', 'STRIPE_KEY']);
  });

  test('the instances may read exactly those parameters and secrets', () => {
    const statements = Object.values(resource.aws_iam_role_policy).flatMap((p) => JSON.parse(p.policy).Statement as { Sid: string; Action: string[]; Resource: string[] }[]);
    const params = statements.find((x) => x.Sid === 'ReadEnvParameters')!;
    expect(params.Action).toEqual(['ssm:GetParameter', 'ssm:GetParameters']);
    expect(params.Resource).toHaveLength(1);
    expect(params.Resource[0]).toMatch(/:parameter\/fastier\/api-token$/);
    expect(statements.find((x) => x.Sid === 'ReadEnvSecrets')).toMatchObject({ Action: ['secretsmanager:GetSecretValue'], Resource: [SECRET] });
  });
});
