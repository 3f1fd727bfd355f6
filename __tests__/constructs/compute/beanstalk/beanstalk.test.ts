import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BeanstalkApp, BeanstalkAppProps, SOLUTION_STACKS } from '../../../../src/constructs/compute/beanstalk/beanstalk';
import { beanstalkOverlay, demoBundleFiles, MEMORY_AGENT_CONFIG, stageBeanstalkSource, stageBundle } from '../../../../src/constructs/compute/beanstalk/beanstalk-bundle';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { beanstalkReleaseBuildspec } from '../../../../src/constructs/compute/beanstalk/beanstalk-release-script';
import { terraformLiteral } from '../../../../src/constructs/compute/beanstalk/beanstalk-deploy-stage';
import { Codepipeline } from '@cdktf/provider-aws/lib/codepipeline';
import { only, synthConstruct } from '../../../support/synth';

const base: BeanstalkAppProps = {
  name: 'demo-prod-web',
  vpcId: 'vpc-123',
  appSubnetIds: ['subnet-app-a', 'subnet-app-b'],
  publicSubnetIds: ['subnet-pub-a', 'subnet-pub-b'],
  capacity: { min: 2, max: 6, desired: 2 },
  certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f6c1b2a-3d4e-4f50-8a9b-0c1d2e3f4a5b',
};
const synthApp = (props: Partial<BeanstalkAppProps> = {}) =>
  synthConstruct((stack) => {
    const eb = new BeanstalkApp(stack, 'web', { ...base, ...props });
    eb.addProperties({ DB_WRITER_ENDPOINT: 'db.example.internal:5432', DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-db' });
    return eb;
  });
const settingsOf = (env: Record<string, any>) => env.setting as { namespace: string; name: string; value: string }[];
const setting = (env: Record<string, any>, namespace: string, name: string) => settingsOf(env).find((s) => s.namespace === namespace && s.name === name)?.value;

describe('BeanstalkApp (blue/green)', () => {
  const { resource, data, built } = synthApp({ deployment: 'blue-green' });
  const envs = Object.values(resource.aws_elastic_beanstalk_environment);

  test('two environments, blue live on the application name and green idle, that ignore the CNAME swap', () => {
    expect(envs.map((e) => [e.name, e.cname_prefix])).toEqual([
      ['demo-prod-web-blue', 'demo-prod-web'],
      ['demo-prod-web-green', 'demo-prod-web-idle'],
    ]);
    for (const e of envs) {
      // Swaps own the prefix, releases the version, managed platform updates the solution stack.
      expect(e.lifecycle.ignore_changes).toEqual(['cname_prefix', 'version_label', 'solution_stack_name']);
      expect(e.tier).toBe('WebServer');
      expect(e.version_label).toMatch(/^\$\{aws_elastic_beanstalk_application_version\..+\.name\}$/);
    }
    expect(built.environmentNames).toEqual(['demo-prod-web-blue', 'demo-prod-web-green']);
  });

  test('load balanced ALB in the public subnets, instances in the private app subnets of every AZ', () => {
    for (const e of envs) {
      expect(setting(e, 'aws:elasticbeanstalk:environment', 'EnvironmentType')).toBe('LoadBalanced');
      expect(setting(e, 'aws:elasticbeanstalk:environment', 'LoadBalancerType')).toBe('application');
      expect(setting(e, 'aws:ec2:vpc', 'Subnets')).toBe('${join(",", ["subnet-app-a", "subnet-app-b"])}');
      expect(setting(e, 'aws:ec2:vpc', 'ELBSubnets')).toBe('${join(",", ["subnet-pub-a", "subnet-pub-b"])}');
      expect(setting(e, 'aws:ec2:vpc', 'AssociatePublicIpAddress')).toBe('false');
      expect(setting(e, 'aws:autoscaling:asg', 'MinSize')).toBe('2');
      expect(setting(e, 'aws:autoscaling:asg', 'MaxSize')).toBe('6');
    }
  });

  test('IMDSv2 only, 4 GiB t3.medium, our security group only (no default group, no SSH key)', () => {
    const e = envs[0];
    expect(setting(e, 'aws:autoscaling:launchconfiguration', 'DisableIMDSv1')).toBe('true');
    expect(setting(e, 'aws:autoscaling:launchconfiguration', 'DisableDefaultEC2SecurityGroup')).toBe('true');
    expect(setting(e, 'aws:ec2:instances', 'InstanceTypes')).toBe('t3.medium');
    expect(setting(e, 'aws:autoscaling:launchconfiguration', 'SecurityGroups')).toBe(`\${aws_security_group.${Object.keys(resource.aws_security_group).find((k) => k.includes('_firewall_sg'))}.id}`);
    expect(settingsOf(e).some((s) => s.name === 'EC2KeyName')).toBe(false);
  });

  test('HTTPS listener with the certificate and a TLS 1.3 policy; port 80 closed', () => {
    const e = envs[0];
    expect(setting(e, 'aws:elbv2:listener:443', 'Protocol')).toBe('HTTPS');
    expect(setting(e, 'aws:elbv2:listener:443', 'SSLCertificateArns')).toBe(base.certificateArn);
    expect(setting(e, 'aws:elbv2:listener:443', 'SSLPolicy')).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(setting(e, 'aws:elbv2:listener:default', 'ListenerEnabled')).toBe('false');
    const open = Object.values(resource.aws_vpc_security_group_ingress_rule).filter((r) => r.cidr_ipv4 === '0.0.0.0/0');
    expect(open.map((r) => r.from_port)).toEqual([443]);
  });

  test('enhanced health with environment metrics, managed platform updates, deploy policies', () => {
    const e = envs[0];
    expect(setting(e, 'aws:elasticbeanstalk:healthreporting:system', 'SystemType')).toBe('enhanced');
    expect(JSON.parse(setting(e, 'aws:elasticbeanstalk:healthreporting:system', 'ConfigDocument')!).CloudWatchMetrics.Environment).toEqual({
      EnvironmentHealth: 60,
      ApplicationRequests5xx: 60,
      ApplicationLatencyP95: 60,
    });
    expect(setting(e, 'aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled')).toBe('true');
    expect(setting(e, 'aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel')).toBe('minor');
    expect(setting(e, 'aws:elasticbeanstalk:command', 'DeploymentPolicy')).toBe('RollingWithAdditionalBatch');
    expect(setting(e, 'aws:autoscaling:updatepolicy:rollingupdate', 'RollingUpdateType')).toBe('Immutable');
    expect(setting(e, 'aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays')).toBe('30');
  });

  test('properties carry endpoints and the secret ARN, sorted, after the app settings', () => {
    const props = settingsOf(envs[0]).filter((s) => s.namespace === 'aws:elasticbeanstalk:application:environment');
    expect(props.map((s) => [s.name, s.value])).toEqual([
      ['APP_PORT', '8000'],
      ['SERVICE_NAME', 'demo-prod-web'],
      ['HEALTH_PATH', '/health'],
      ['DB_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-db'],
      ['DB_WRITER_ENDPOINT', 'db.example.internal:5432'],
    ]);
  });

  test('memory target tracking per environment on CWAgent mem_used_percent of its Auto Scaling group', () => {
    const policies = Object.values(resource.aws_autoscaling_policy);
    expect(policies).toHaveLength(2);
    for (const [i, p] of policies.entries()) {
      const spec = p.target_tracking_configuration.customized_metric_specification;
      expect(p.autoscaling_group_name).toBe(`\${element(${envs[i] && `aws_elastic_beanstalk_environment.${Object.keys(resource.aws_elastic_beanstalk_environment)[i]}`}.autoscaling_groups, 0)}`);
      expect(spec).toMatchObject({ namespace: 'CWAgent', metric_name: 'mem_used_percent', statistic: 'Average' });
      expect(spec.metric_dimension).toEqual([{ name: 'AutoScalingGroupName', value: p.autoscaling_group_name }]);
      expect(p.target_tracking_configuration.target_value).toBe(70);
    }
  });

  test('platform pinned by default: no lookup at plan time, so an unrelated apply never upgrades it', () => {
    expect(data.aws_elastic_beanstalk_solution_stack).toBeUndefined();
    expect(envs.map((e) => e.solution_stack_name)).toEqual([SOLUTION_STACKS.python.pinned, SOLUTION_STACKS.python.pinned]);
    expect(new RegExp(SOLUTION_STACKS.python.regex).test(SOLUTION_STACKS.python.pinned)).toBe(true);
    expect(new RegExp(SOLUTION_STACKS.docker.regex).test(SOLUTION_STACKS.docker.pinned)).toBe(true);
  });

  test('Terraform creates only the first application version: a new bundle neither replaces it nor its object', () => {
    expect(only(resource, 'aws_elastic_beanstalk_application_version').lifecycle).toEqual({ ignore_changes: ['name', 'description', 'key'] });
    expect(only(resource, 'aws_s3_object').lifecycle).toEqual({ ignore_changes: ['key', 'source', 'etag'] });
  });

  test('bundle in a private KMS-encrypted bucket as an application version; lifecycle keeps 20 and deletes bundles', () => {
    const object = only(resource, 'aws_s3_object');
    expect(object.key).toBe(`${built.versionLabel}.zip`);
    expect(object.source).toMatch(/^assets\/web_bundle_[0-9A-F]+\/[0-9A-F]{32}\/archive\.zip$/);
    expect(built.versionLabel).toMatch(/^demo-prod-web-[0-9a-f]{12}$/);
    const version = only(resource, 'aws_elastic_beanstalk_application_version');
    expect(version.name).toBe(built.versionLabel);
    const app = only(resource, 'aws_elastic_beanstalk_application');
    expect(app.appversion_lifecycle).toMatchObject({ max_count: 20, delete_source_from_s3: true });
    const sse = Object.values(resource.aws_s3_bucket_server_side_encryption_configuration).map((c) => c.rule[0].apply_server_side_encryption_by_default.sse_algorithm);
    expect(sse.sort()).toEqual(['AES256', 'aws:kms']);
  });

  test('instance role: web tier, SSM and the CloudWatch agent; service role trusted by Beanstalk only', () => {
    const attached = Object.values(resource.aws_iam_role_policy_attachment).map((a) => String(a.policy_arn).split('/').pop());
    expect(attached.sort()).toEqual(
      ['AWSElasticBeanstalkEnhancedHealth', 'AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy', 'AWSElasticBeanstalkWebTier', 'AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy'].sort(),
    );
    const trust = Object.values(resource.aws_iam_role).map((r) => JSON.parse(r.assume_role_policy).Statement[0]);
    expect(trust).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Principal: { Service: 'elasticbeanstalk.amazonaws.com' }, Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } } }),
        expect.objectContaining({ Principal: { Service: 'ec2.amazonaws.com' } }),
      ]),
    );
  });
});

describe('BeanstalkApp as an edge target', () => {
  test("the live CNAME (the application name's, which a swap moves) and its alias target in Beanstalk's hosted zone", () => {
    const { data, output, built } = synthConstruct((stack) => {
      const eb = new BeanstalkApp(stack, 'web', { ...base, deployment: 'blue-green' });
      // Asked twice (the A and AAAA records): one hosted-zone lookup.
      eb.liveAliasTarget();
      const target = eb.liveAliasTarget();
      // Outputs resolve the tokens in the synthesized JSON.
      new TerraformOutput(stack, 'cname', { value: eb.liveCname });
      new TerraformOutput(stack, 'target', { value: { dnsName: target.dnsName, zoneId: target.zoneId } });
      new TerraformOutput(stack, 'arns', { value: eb.environments.map((e) => eb.loadBalancerArn(e)) });
      return { eb, target };
    });
    expect(output.cname.value).toMatch(/^demo-prod-web\.\$\{data\.aws_region\..+\.name\}\.elasticbeanstalk\.com$/);
    const zone = Object.keys(data.aws_elastic_beanstalk_hosted_zone);
    expect(zone).toHaveLength(1);
    expect(output.target.value).toEqual({ dnsName: output.cname.value, zoneId: `\${data.aws_elastic_beanstalk_hosted_zone.${zone[0]}.id}` });
    expect(built.target.evaluateTargetHealth).toBe(true);
    // A name, not a reference: whoever aliases it must wait for the environments that hold it.
    expect(built.target.dependsOn).toEqual(built.eb.environments.map((e) => e.environment));
    expect(output.arns.value).toEqual(
      built.eb.environments.map((e) => expect.stringMatching(new RegExp(`^\\$\\{element\\(aws_elastic_beanstalk_environment\\.web_environment-${e.role}_[^.]+\\.load_balancers, 0\\)\\}$`))),
    );
  });
});

describe('BeanstalkApp options', () => {
  test('immutable (the default): one environment named after the application, Immutable deploys', () => {
    const { resource } = synthApp();
    const env = only(resource, 'aws_elastic_beanstalk_environment');
    expect(env.name).toBe('demo-prod-web');
    expect(env.lifecycle.ignore_changes).toEqual(['cname_prefix', 'version_label', 'solution_stack_name']);
    expect(setting(env, 'aws:elasticbeanstalk:command', 'DeploymentPolicy')).toBe('Immutable');
  });

  test('pinned and explicit solution stacks skip the lookup; `latest` looks the Docker regex up for docker', () => {
    const pinned = synthApp({ solutionStack: 'pinned', platform: 'docker' });
    expect(pinned.data.aws_elastic_beanstalk_solution_stack).toBeUndefined();
    expect(only(pinned.resource, 'aws_elastic_beanstalk_environment').solution_stack_name).toBe(SOLUTION_STACKS.docker.pinned);
    const named = synthApp({ solutionStack: '64bit Amazon Linux 2023 v4.7.1 running Python 3.12' });
    expect(only(named.resource, 'aws_elastic_beanstalk_environment').solution_stack_name).toBe('64bit Amazon Linux 2023 v4.7.1 running Python 3.12');
    const docker = synthApp({ platform: 'docker', solutionStack: 'latest' });
    expect(only(docker.data, 'aws_elastic_beanstalk_solution_stack').name_regex).toBe(SOLUTION_STACKS.docker.regex);
  });

  test('without a certificate: HTTP listener on 80 only', () => {
    const { resource } = synthApp({ certificateArn: undefined });
    const env = only(resource, 'aws_elastic_beanstalk_environment');
    expect(setting(env, 'aws:elbv2:listener:default', 'ListenerEnabled')).toBe('true');
    expect(settingsOf(env).some((s) => s.namespace === 'aws:elbv2:listener:443')).toBe(false);
    expect(Object.values(resource.aws_vpc_security_group_ingress_rule).filter((r) => r.cidr_ipv4 === '0.0.0.0/0').map((r) => r.from_port)).toEqual([80]);
  });

  test('bad props fail with every problem named', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    expect(
      () =>
        new BeanstalkApp(stack, 'eb', {
          ...base,
          name: 'a-name-that-is-much-too-long-for-beanstalk',
          appSubnetIds: ['subnet-a'],
          capacity: { min: 0, max: 2, desired: 1 },
          memoryTargetPercent: 99,
          platformUpdateWindow: 'sunday 4am',
          solutionStack: 'Python please',
        }),
    ).toThrow(
      /name "a-name-that-is-much-too-long-for-beanstalk" must be 4-28.*appSubnetIds has 1 subnet.*capacity.min \(0\).*memoryTargetPercent \(99\).*platformUpdateWindow "sunday 4am".*solutionStack "Python please"/,
    );
  });

  test('properties refuse reserved or malformed names and duplicates', () => {
    const { built } = synthApp();
    expect(() => built.addProperties({ APP_PORT: '1' })).toThrow(/property "APP_PORT" must be an UPPER_SNAKE env var name other than/);
    expect(() => built.addProperties({ 'db-host': 'x' })).toThrow(/property "db-host"/);
    expect(() => built.addProperties({ DB_WRITER_ENDPOINT: 'again' })).toThrow(/DB_WRITER_ENDPOINT is set twice/);
  });
});

describe('the source bundle', () => {
  test('holds the demo app, a Procfile, a Dockerfile and the memory-metrics extension', () => {
    const files = demoBundleFiles();
    expect(Object.keys(files).sort()).toEqual(['.ebextensions/01-memory-metrics.config', 'Dockerfile', 'Procfile', 'app.py']);
    expect(files.Procfile).toBe('web: python3 app.py\n');
    expect(files.Dockerfile).toMatch(/EXPOSE 8000/);
    const ext = files['.ebextensions/01-memory-metrics.config'];
    // The agent config inside the YAML block is the same JSON the EC2 user data installs.
    const json = ext.split('content: |\n')[1].split('\ncommands:')[0].split('\n').map((l) => l.replace(/^ {6}/, '')).join('\n');
    expect(JSON.parse(json)).toEqual(JSON.parse(MEMORY_AGENT_CONFIG));
    expect(JSON.parse(MEMORY_AGENT_CONFIG).metrics.aggregation_dimensions).toEqual([['AutoScalingGroupName']]);
    expect(ext).toMatch(/amazon-cloudwatch-agent-ctl -a append-config -m ec2 -s -c file:/);
  });

  test('staging is content-addressed and reused', () => {
    const root = mkdtempSync(join(tmpdir(), 'stage-'));
    const a = stageBundle({ 'x.txt': 'one' }, root);
    expect(stageBundle({ 'x.txt': 'one' }, root)).toBe(a);
    expect(stageBundle({ 'x.txt': 'two' }, root)).not.toBe(a);
    expect(readFileSync(join(a, 'x.txt'), 'utf8')).toBe('one');
  });

  test('cdktf zips it offline at synth (AssetType.ARCHIVE)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'eb-synth-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'eb');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const src = mkdtempSync(join(tmpdir(), 'eb-src-'));
    writeFileSync(join(src, 'app.py'), 'print("hi")\n');
    new BeanstalkApp(stack, 'web', { ...base, bundle: { path: src, start: 'python3 app.py' } });
    app.synth();
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'eb', 'cdk.tf.json'), 'utf8'));
    const zip = join(outdir, 'stacks', 'eb', Object.values<any>(json.resource.aws_s3_object)[0].source);
    expect(existsSync(zip)).toBe(true);
    expect(readFileSync(zip).subarray(0, 2).toString()).toBe('PK');
    const listing = execFileSync('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).namelist())', zip], { encoding: 'utf8' });
    expect(listing).toMatch(/app\.py/);

    // A second synth of the same content keeps the zip (no child process); a truncated one is written again.
    const synthAgain = () => {
      const again = new App({ outdir });
      const s = new TerraformStack(again, 'eb');
      new AwsProvider(s, 'aws', { region: 'eu-west-1' });
      new BeanstalkApp(s, 'web', { ...base, bundle: { path: src, start: 'python3 app.py' } });
      again.synth();
    };
    utimesSync(zip, new Date(2000, 0, 1), new Date(2000, 0, 1));
    synthAgain();
    expect(statSync(zip).mtime.getFullYear()).toBe(2000);
    writeFileSync(zip, 'PK broken');
    synthAgain();
    expect(statSync(zip).size).toBeGreaterThan(100);
  });
});

describe("a service's bundle as the application version's source bundle (issue 27)", () => {
  const app = () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-app-'));
    writeFileSync(join(dir, 'web.py'), 'print("mine")\n');
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.3\n');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'serve'), '#!/bin/sh\nexec python3 web.py\n');
    chmodSync(join(dir, 'bin', 'serve'), 0o755);
    return dir;
  };
  const listing = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).sort();

  test('python: the folder (modes kept) + Procfile from start + install as a prebuild hook + memory metrics; no demo app', () => {
    const src = app();
    const staged = stageBeanstalkSource({ path: src, start: 'exec bin/serve', install: 'pip3 install -r requirements.txt' }, 'python', mkdtempSync(join(tmpdir(), 'stage-')));
    expect(listing(staged)).toEqual(['.ebextensions/01-memory-metrics.config', '.platform/hooks/prebuild/01-stormproof-install.sh', 'Procfile', 'bin/serve', 'requirements.txt', 'web.py']);
    expect(readFileSync(join(staged, 'Procfile'), 'utf8')).toBe('web: bin/serve\n');
    const hook = join(staged, '.platform/hooks/prebuild/01-stormproof-install.sh');
    expect(readFileSync(hook, 'utf8')).toMatch(/cd \/var\/app\/staging\npip3 install -r requirements.txt\n/);
    expect(statSync(hook).mode & 0o111).toBeTruthy();
    expect(statSync(join(staged, 'bin', 'serve')).mode & 0o111).toBeTruthy();
    expect(readFileSync(join(staged, '.ebextensions/01-memory-metrics.config'), 'utf8')).toBe(demoBundleFiles()['.ebextensions/01-memory-metrics.config']);
  });

  test('docker: a Dockerfile that installs and starts the bundle, unless the bundle has its own', () => {
    expect(beanstalkOverlay('exec python3 web.py', 'pip3 install -r requirements.txt', 'docker').Dockerfile).toMatch(
      /COPY \. \/app\nRUN pip3 install -r requirements.txt\nENV APP_PORT=8000\nEXPOSE 8000\nUSER nobody\nCMD \["\/bin\/sh","-c","exec python3 web.py"\]/,
    );
    const src = app();
    writeFileSync(join(src, 'Dockerfile'), 'FROM scratch\n');
    const staged = stageBeanstalkSource({ path: src, start: 'x' }, 'docker', mkdtempSync(join(tmpdir(), 'stage-')));
    expect(readFileSync(join(staged, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(existsSync(join(staged, 'Procfile'))).toBe(false);
    expect(() => synthConstruct((stack) => new BeanstalkApp(stack, 'web', { ...base, platform: 'docker', bundle: { path: src, start: 'x', install: 'true' } }))).toThrow(
      /bundle\.install applies to the Dockerfile the platform writes, but .* has its own: put the install step in your Dockerfile/,
    );
  });

  test('the version uploaded is the bundle: a new bundle is a new version label; a zip is refused with the fix', () => {
    const src = app();
    const version = (props: Partial<BeanstalkAppProps>) => only(synthConstruct((stack) => new BeanstalkApp(stack, 'web', { ...base, ...props })).resource, 'aws_elastic_beanstalk_application_version');
    const mine = version({ bundle: { path: src, start: 'exec python3 web.py' } });
    const demo = version({});
    expect(mine.name).toMatch(/^demo-prod-web-[0-9a-f]{12}$/);
    expect(mine.name).not.toBe(demo.name);
    writeFileSync(join(src, 'web.py'), 'print("changed")\n');
    expect(version({ bundle: { path: src, start: 'exec python3 web.py' } }).name).not.toBe(mine.name);
    const zip = join(src, 'app.zip');
    writeFileSync(zip, 'PK');
    expect(() => version({ bundle: { path: zip, start: 'x' } })).toThrow(/bundle\.path ".*app\.zip" must be a folder on Beanstalk .*: unzip it first/);
  });
});

describe('the delivery pipeline deploy stage', () => {
  test('an Elastic Beanstalk deploy action for the idle (green) environment, with scoped pipeline statements', () => {
    const { resource } = synthConstruct((stack) => {
      const eb = new BeanstalkApp(stack, 'web', { ...base, deployment: 'blue-green' });
      const binding = eb.pipelineDeployTarget().bind(stack, { inputArtifact: 'revision', bucketArn: 'arn:aws:s3:::artifacts', keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
      // The shape CodePipeline takes, as the delivery pipeline's AppPipeline builds it.
      new Codepipeline(stack, 'pipeline', {
        name: 'demo',
        roleArn: 'arn:aws:iam::123456789012:role/pipeline',
        artifactStore: [{ location: 'artifacts', type: 'S3' }],
        stage: [
          {
            name: 'Source',
            action: [
              {
                name: 'Source',
                category: 'Source',
                owner: 'AWS',
                provider: 'S3',
                version: '1',
                outputArtifacts: ['revision'],
                configuration: { S3Bucket: 'artifacts', S3ObjectKey: 'source/app.zip' },
              },
            ],
          },
          { name: 'Deploy', action: binding.actions },
        ],
      });
      return binding;
    });
    // Find the idle environment at run time, deploy there, smoke-test it, approve, swap: never a fixed `-green`.
    const actions = only(resource, 'aws_codepipeline').stage[1].action;
    expect(actions.map((a: any) => [a.run_order, a.name, a.provider])).toEqual([
      [1, 'FindIdle', 'CodeBuild'],
      [2, 'Deploy-idle', 'ElasticBeanstalk'],
      [3, 'SmokeTestIdle', 'CodeBuild'],
      [4, 'ApproveSwap', 'Manual'],
      [5, 'SwapCnames', 'CodeBuild'],
    ]);
    expect(actions[0].namespace).toBe('Idle');
    expect(actions[1]).toMatchObject({ input_artifacts: ['revision'], configuration: { ApplicationName: 'demo-prod-web', EnvironmentName: '#{Idle.IDLE_ENV}' } });
    expect(JSON.stringify(resource)).not.toContain('"EnvironmentName":"demo-prod-web-green"');
    const steps = [0, 2, 4].map((i) => JSON.parse(actions[i].configuration.EnvironmentVariables));
    expect(steps.map((vars) => vars.map((v: any) => `${v.name}=${v.value}`))).toEqual([
      ['STEP=find'],
      ['STEP=smoke', 'LIVE_ENV=#{Idle.LIVE_ENV}', 'IDLE_ENV=#{Idle.IDLE_ENV}', 'IDLE_CNAME=#{Idle.IDLE_CNAME}'],
      ['STEP=swap', 'LIVE_ENV=#{Idle.LIVE_ENV}', 'IDLE_ENV=#{Idle.IDLE_ENV}', 'IDLE_CNAME=#{Idle.IDLE_CNAME}'],
    ]);
    const project = only(resource, 'aws_codebuild_project');
    expect(project.source.buildspec).toBe(terraformLiteral(beanstalkReleaseBuildspec()));
    expect(Object.fromEntries(project.environment.environment_variable.map((v: any) => [v.name, v.value]))).toEqual({
      APP: 'demo-prod-web',
      ENVIRONMENTS: 'demo-prod-web-blue demo-prod-web-green',
      LIVE_CNAME_PREFIX: 'demo-prod-web',
      // base has a certificate: the port 80 listener is off.
      SCHEME: 'https',
      HEALTH_PATH: '/health',
    });
    // The release role describes and swaps these two environments only.
    const release = Object.values(resource.aws_iam_role_policy).flatMap((p: any) => JSON.parse(p.policy).Statement).find((st: any) => st.Sid === 'DescribeAndSwapTheseEnvironments');
    expect(release.Action).toEqual(['elasticbeanstalk:DescribeEnvironments', 'elasticbeanstalk:SwapEnvironmentCNAMEs']);
    expect(release.Resource).toEqual([expect.stringMatching(/:environment\/demo-prod-web\/demo-prod-web-blue$/), expect.stringMatching(/:environment\/demo-prod-web\/demo-prod-web-green$/)]);
  });

  test('pipeline statements name this application and environment; only describes and target moves use *', () => {
    const { built } = synthConstruct((stack) => new BeanstalkApp(stack, 'web', base));
    const { pipelineStatements, actions } = built.pipelineDeployTarget().bind(built, { inputArtifact: 'revision', bucketArn: 'b', keyArn: 'k' });
    expect(actions[0].configuration).toEqual({ ApplicationName: 'demo-prod-web', EnvironmentName: 'demo-prod-web' });
    const deployStatement = pipelineStatements.find((s) => s.Sid === 'DeployThisEnvironment')!;
    expect(deployStatement.Resource).toEqual(expect.arrayContaining([expect.stringMatching(/:environment\/demo-prod-web\/demo-prod-web$/)]));
    const wildcard = pipelineStatements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat());
    expect(wildcard.every((a) => /:(Describe|SuspendProcesses|ResumeProcesses|RegisterTargets|DeregisterTargets)/.test(a))).toBe(true);
    expect(() => built.pipelineDeployTarget('blue')).toThrow(/no "blue" environment \(has live\)/);
  });
});
