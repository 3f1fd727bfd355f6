import { Construct } from 'constructs';
import { AppPipeline, PipelineArtifacts, PipelineDeployTarget, SOURCE_OBJECT_KEY } from '../../../src/constructs/delivery/app-pipeline';
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
