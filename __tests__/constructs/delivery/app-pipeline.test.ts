import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AppPipeline, PipelineArtifacts, PipelineDeployTarget, SOURCE_OBJECT_KEY } from '../../../src/constructs/delivery/app-pipeline';
import { BlueGreenDeployment, CODEDEPLOY_AGENT_SCRIPT } from '../../../src/constructs/delivery/blue-green-deployment';
import { LoadBalancer } from '../../../src/constructs/network/load-balancer';
import { Service } from '../../../src/constructs/compute/ec2/service';
import { fastier, ecommerce, cafe } from '../../../src/config/profiles';
import { PlatformStack } from '../../../src/stacks/platform-stack';
import { only, Resources, synthConstruct } from '../../support/synth';

/** A deploy target that records what the pipeline hands it (the Beanstalk action will plug in the same way). */
class RecordingTarget implements PipelineDeployTarget {
  bound?: PipelineArtifacts;
  bind(_scope: Construct, artifacts: PipelineArtifacts) {
    this.bound = artifacts;
    return {
      actions: [
        {
          name: 'Beanstalk',
          category: 'Deploy',
          owner: 'AWS',
          provider: 'ElasticBeanstalk',
          version: '1',
          inputArtifacts: [artifacts.inputArtifact],
          configuration: { ApplicationName: 'a', EnvironmentName: 'e' },
        },
      ],
      pipelineStatements: [{ Sid: 'Beanstalk', Effect: 'Allow' as const, Action: 'elasticbeanstalk:*', Resource: 'arn:aws:elasticbeanstalk:eu-west-1:111122223333:environment/a/e' }],
    };
  }
}

const statements = (resource: Resources, name: string) =>
  JSON.parse(Object.values(resource.aws_iam_role_policy).find((p) => p.name === name)!.policy).Statement as any[];

describe('AppPipeline', () => {
  const target = new RecordingTarget();
  const { resource } = synthConstruct((stack) => new AppPipeline(stack, 'pipeline', { name: 'shop-production-web', deploy: target }));

  test('source (versioned S3 object) -> build (CodeBuild) -> deploy (the pluggable target)', () => {
    const pipeline = only(resource, 'aws_codepipeline');
    expect(pipeline.stage.map((s: any) => s.name)).toEqual(['Source', 'Build', 'Deploy']);
    expect(pipeline.stage[0].action[0]).toMatchObject({ provider: 'S3', configuration: { S3ObjectKey: SOURCE_OBJECT_KEY, PollForSourceChanges: 'false' } });
    expect(pipeline.stage[1].action[0]).toMatchObject({ provider: 'CodeBuild', input_artifacts: ['source'], output_artifacts: ['revision'] });
    expect(pipeline.stage[2].action[0]).toMatchObject({ provider: 'ElasticBeanstalk', input_artifacts: ['revision'] });
    expect(target.bound?.inputArtifact).toBe('revision');
    expect(statements(resource, 'pipeline').map((s) => s.Sid)).toContain('Beanstalk');
  });

  test('artifacts: KMS-encrypted store in a private, versioned bucket; CodeBuild encrypts with the same key', () => {
    const pipeline = only(resource, 'aws_codepipeline');
    const key = `\${aws_kms_key.${Object.keys(resource.aws_kms_key)[0]}.arn}`;
    expect(pipeline.artifact_store[0].encryption_key).toEqual({ id: key, type: 'KMS' });
    expect(only(resource, 'aws_kms_key').enable_key_rotation).toBe(true);
    expect(only(resource, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    expect(only(resource, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    const sse = only(resource, 'aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default;
    expect(sse).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: key });
    const project = only(resource, 'aws_codebuild_project');
    expect(project).toMatchObject({ encryption_key: key, artifacts: { type: 'CODEPIPELINE', encryption_disabled: false } });
    expect(project.environment.privileged_mode).toBe(false);
    expect(project.logs_config.cloudwatch_logs.status).toBe('ENABLED');
  });

  test('least privilege: each role reaches only this pipeline\'s bucket, key, project and log group', () => {
    for (const policy of ['pipeline', 'build', 'start-pipeline']) {
      for (const s of statements(resource, policy)) {
        expect([s.Resource].flat().every((r: string) => r !== '*')).toBe(true);
        expect([s.Action].flat().every((a: string) => !a.endsWith(':*') || a === 'elasticbeanstalk:*')).toBe(true);
      }
    }
    expect(statements(resource, 'pipeline').find((s) => s.Sid === 'Build').Resource).toMatch(/^\$\{aws_codebuild_project\.pipeline_build_\w+\.arn\}$/);
    expect(statements(resource, 'start-pipeline')[0]).toMatchObject({ Action: 'codepipeline:StartPipelineExecution', Resource: expect.stringMatching(/^\$\{aws_codepipeline\.pipeline_\w+\.arn\}$/) });
  });

  test('an upload starts a release through EventBridge (bucket notifications on, rule on the source key)', () => {
    expect(only(resource, 'aws_s3_bucket_notification').eventbridge).toBe(true);
    const pattern = JSON.parse(only(resource, 'aws_cloudwatch_event_rule').event_pattern);
    expect(pattern).toMatchObject({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { object: { key: [SOURCE_OBJECT_KEY] } } });
    expect(only(resource, 'aws_cloudwatch_event_target').arn).toMatch(/^\$\{aws_codepipeline\.pipeline_\w+\.arn\}$/);
  });

  test('a CodeStar connection replaces the S3 source (and its events) and is the only connection the role may use', () => {
    const connectionArn = 'arn:aws:codestar-connections:eu-west-1:111122223333:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    const { resource: r } = synthConstruct((stack) =>
      new AppPipeline(stack, 'pipeline', { name: 'shop-production-web', deploy: new RecordingTarget(), source: { connectionArn, repository: 'acme/shop' } }),
    );
    expect(only(r, 'aws_codepipeline').stage[0].action[0]).toMatchObject({
      provider: 'CodeStarSourceConnection',
      configuration: { ConnectionArn: connectionArn, FullRepositoryId: 'acme/shop', BranchName: 'main' },
    });
    expect(r.aws_cloudwatch_event_rule).toBeUndefined();
    expect(statements(r, 'pipeline').find((s) => s.Sid === 'UseConnection').Resource).toBe(connectionArn);
  });

  test.each([
    [{ name: 'a-very-long-pipeline-name-over-27' }, /name "a-very-long-pipeline-name-over-27" must be 1-27/],
    [{ source: { connectionArn: 'arn:aws:iam::1:role/x', repository: 'acme/shop' } }, /source.connectionArn .* must be a CodeStar/],
    [{ buildTimeoutMinutes: 1 }, /buildTimeoutMinutes \(1\) must be 5-480/],
  ])('refuses %j', (bad, message) => {
    expect(() => synthConstruct((stack) => new AppPipeline(stack, 'p', { name: 'shop-production-web', deploy: new RecordingTarget(), ...bad }))).toThrow(message);
  });
});

describe('BlueGreenDeployment', () => {
  const build = (stack: Construct, alarmNames = ['x-alb-5xx', 'x-web-unhealthy-hosts']) => {
    const lb = new LoadBalancer(stack, 'lb', { name: 'x', vpcId: 'vpc-1', publicSubnetIds: ['subnet-a', 'subnet-b'], accessLogs: false });
    const service = new Service(stack, 'web', {
      name: 'x-web', vpcId: 'vpc-1', subnetIds: ['subnet-c', 'subnet-d'], instanceType: 't3.small', appPort: 8080,
      capacity: { min: 2, max: 4, desired: 2 }, loadBalancer: lb, deploy: 'blue-green',
    });
    const deployment = new BlueGreenDeployment(stack, 'deploy', { name: 'x-web', service, alarmNames });
    new AppPipeline(stack, 'pipeline', { name: 'x-web', deploy: deployment });
    return service;
  };
  const { resource, built: service } = synthConstruct((stack) => build(stack));

  test('BLUE_GREEN with traffic control: copies the ASG, shifts the target group, keeps the old fleet an hour', () => {
    const group = only(resource, 'aws_codedeploy_deployment_group');
    expect(group.deployment_style).toEqual({ deployment_type: 'BLUE_GREEN', deployment_option: 'WITH_TRAFFIC_CONTROL' });
    expect(group.blue_green_deployment_config).toEqual({
      green_fleet_provisioning_option: { action: 'COPY_AUTO_SCALING_GROUP' },
      deployment_ready_option: { action_on_timeout: 'CONTINUE_DEPLOYMENT' },
      terminate_blue_instances_on_deployment_success: { action: 'TERMINATE', termination_wait_time_in_minutes: 60 },
    });
    expect(group.autoscaling_groups).toEqual([expect.stringMatching(/^\$\{aws_autoscaling_group\.web_asg_.*\.name\}$/)]);
    expect(group.load_balancer_info.target_group_info[0].name).toMatch(/aws_lb_target_group\..*\.name/);
  });

  test('rolls back automatically on failure and on the given alarms', () => {
    const group = only(resource, 'aws_codedeploy_deployment_group');
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] });
    expect(group.alarm_configuration).toEqual({ enabled: true, alarms: ['x-alb-5xx', 'x-web-unhealthy-hosts'], ignore_poll_alarm_failure: false });
  });

  test('Terraform leaves CodeDeploy\'s changes alone: no instance refresh, ignored group attributes and deployment-group ASGs', () => {
    const asg = only(resource, 'aws_autoscaling_group');
    expect(asg.instance_refresh).toBeUndefined();
    expect(asg.lifecycle.ignore_changes).toEqual(['desired_capacity', 'name', 'target_group_arns']);
    expect(only(resource, 'aws_codedeploy_deployment_group').lifecycle.ignore_changes).toEqual(['autoscaling_groups']);
  });

  test('instances install the CodeDeploy agent after the app and may read (only) the pipeline\'s revisions', () => {
    const userData = Buffer.from(only(resource, 'aws_launch_template').user_data, 'base64').toString('utf8');
    expect(userData.startsWith(service.renderUserData())).toBe(true);
    expect(userData.endsWith(CODEDEPLOY_AGENT_SCRIPT)).toBe(true);
    expect(userData).toContain('systemctl enable --now codedeploy-agent');
    // The instance role's release policy (its other policies read the app bundle).
    const instance = Object.values(resource.aws_iam_role_policy).find((p: any) => String(p.role).includes('web_role') && p.policy.includes('ReadReleaseRevisions'))!;
    const read = JSON.parse(instance.policy).Statement;
    expect(read.map((s: any) => s.Sid)).toEqual(['ReadReleaseRevisions', 'DecryptReleaseRevisions']);
    expect(read[0].Resource).toMatch(/aws_s3_bucket\.pipeline_artifacts_bucket_.*\.arn\}\/\*$/);
  });

  test('CodeDeploy may pass only the instance role; the pipeline may deploy only to this group', () => {
    const pass = Object.values(resource.aws_iam_role_policy).find((p) => p.name === 'launch-green-fleet')!;
    expect(JSON.parse(pass.policy).Statement[0]).toMatchObject({ Action: 'iam:PassRole', Resource: expect.stringMatching(/aws_iam_role\.web_role_.*\.arn/) });
    const deploy = statements(resource, 'pipeline').find((s) => s.Sid === 'CodeDeployRelease');
    expect(deploy.Resource).toEqual([
      expect.stringMatching(/:application:\$\{aws_codedeploy_app\./),
      expect.stringMatching(/:deploymentgroup:\$\{aws_codedeploy_app\..*\}\/\$\{aws_codedeploy_deployment_group\./),
    ]);
  });

  test('refuses a worker (no target group) and a missing rollback alarm', () => {
    expect(() =>
      synthConstruct((stack) => {
        const worker = new Service(stack, 'w', { name: 'x-w', vpcId: 'v', subnetIds: ['s'], instanceType: 't3.small', appPort: 8080, capacity: { min: 1, max: 2, desired: 1 } });
        new BlueGreenDeployment(stack, 'd', { name: 'x-w', service: worker, alarmNames: [] });
      }),
    ).toThrow(/has no target group: blue\/green shifts ALB traffic.*alarmNames has 0 alarms/);
  });

  test('takes only a service built for blue/green: Service owns its group\'s release mode, the deployment only reads it', () => {
    expect(service.deploy).toBe('blue-green');
    expect(() =>
      synthConstruct((stack) => {
        const lb = new LoadBalancer(stack, 'lb', { name: 'x', vpcId: 'vpc-1', publicSubnetIds: ['subnet-a', 'subnet-b'], accessLogs: false });
        const rolling = new Service(stack, 'web', { name: 'x-web', vpcId: 'v', subnetIds: ['s'], instanceType: 't3.small', appPort: 8080, capacity: { min: 1, max: 2, desired: 1 }, loadBalancer: lb });
        new BlueGreenDeployment(stack, 'd', { name: 'x-web', service: rolling, alarmNames: ['a'] });
      }),
    ).toThrow("BlueGreenDeployment x-web: service x-web is built for rolling releases: give the Service deploy: 'blue-green'");
  });
});

describe('Delivery in the profiles', () => {
  const synth = (profile: typeof fastier) => JSON.parse(Testing.synth(new PlatformStack(Testing.app(), profile.name, { profile }))).resource as Resources;

  test('fastier: one pipeline, CodeBuild project and BLUE_GREEN group for web, rolled back by its alarms; the worker keeps rolling', () => {
    const resource = synth(fastier);
    expect(Object.values(resource.aws_codepipeline).map((p) => p.name)).toEqual(['fastier-production-web']);
    expect(Object.values(resource.aws_codebuild_project).map((p) => p.name)).toEqual(['fastier-production-web-build']);
    const group = only(resource, 'aws_codedeploy_deployment_group');
    expect(group.deployment_style.deployment_type).toBe('BLUE_GREEN');
    expect(group.auto_rollback_configuration.events).toContain('DEPLOYMENT_STOP_ON_ALARM');
    expect(group.alarm_configuration.alarms).toEqual([
      'fastier-production-alb-5xx', 'fastier-production-alb-latency-p95', 'fastier-production-web-unhealthy-hosts', 'fastier-production-web-target-5xx',
    ]);
    const alarms = Object.values(resource.aws_cloudwatch_metric_alarm).map((a) => a.alarm_name);
    expect(alarms).toEqual(expect.arrayContaining(group.alarm_configuration.alarms));
    const asgs = Object.values(resource.aws_autoscaling_group);
    expect(asgs.find((a) => a.name === 'fastier-production-web')!.instance_refresh).toBeUndefined();
    expect(asgs.find((a) => a.name === 'fastier-production-worker')!.instance_refresh.strategy).toBe('Rolling');
  });

  test('ecommerce: web and api release blue/green, each with its own pipeline; cafe (rolling) has none', () => {
    const resource = synth(ecommerce);
    expect(Object.values(resource.aws_codedeploy_deployment_group).map((g) => g.deployment_group_name).sort()).toEqual(['shop-production-api', 'shop-production-web']);
    expect(synth(cafe).aws_codepipeline).toBeUndefined();
  });
});
