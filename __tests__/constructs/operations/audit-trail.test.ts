import { Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AuditTrail } from '../../../src/constructs/operations/audit-trail';
import { only } from '../../support/synth';

describe('AuditTrail', () => {
  // The construct alone in cdktf's test scope (no profile, no PlatformStack), checked with cdktf's matchers.
  const raw = Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
    new AuditTrail(scope, 'audit', { name: 'shop-production', logRetentionDays: 90 });
  });
  const resource = JSON.parse(raw).resource;
  const trail = only(resource, 'aws_cloudtrail');

  test('multi-region trail with global events, log file validation and KMS encryption', () => {
    expect(raw).toHaveResourceWithProperties(Cloudtrail, {
      name: 'shop-production-audit',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
    });
    expect(trail.kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
    expect(trail.depends_on).toEqual([expect.stringMatching(/aws_s3_bucket_policy\./)]);
  });

  test('the key policy admits CloudTrail only for this account and this trail', () => {
    const statements = JSON.parse(only(resource, 'aws_kms_key').policy).Statement;
    const encrypt = statements.find((s: any) => s.Sid === 'CloudTrailEncryptsLogs');
    expect(encrypt.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(encrypt.Action).toBe('kms:GenerateDataKey*');
    expect(encrypt.Condition.StringEquals['aws:SourceArn']).toMatch(/:cloudtrail:.*:trail\/shop-production-audit$/);
    expect(encrypt.Condition.StringLike['kms:EncryptionContext:aws:cloudtrail:arn']).toMatch(/:trail\/\*$/);
  });

  test('the bucket is private, archives to Glacier and expires after seven years; CloudTrail may write only its prefix', () => {
    const rules = only(resource, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rules.find((r: any) => r.id === 'transition-to-glacier').transition).toEqual([{ days: 90, storage_class: 'GLACIER' }]);
    expect(rules.find((r: any) => r.id === 'expire-objects').expiration).toEqual([{ days: 2557 }]);
    expect(only(resource, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    const statements = JSON.parse(only(resource, 'aws_s3_bucket_policy').policy).Statement;
    const write = statements.find((s: any) => s.Sid === 'CloudTrailWrite');
    expect(write.Resource).toMatch(/\/AWSLogs\/\$\{data\.aws_caller_identity\..*\.account_id\}\/\*$/);
    expect(write.Condition.StringEquals['s3:x-amz-acl']).toBe('bucket-owner-full-control');
    expect(statements.find((s: any) => s.Sid === 'DenyInsecureTransport')).toBeDefined();
  });

  test('a CloudWatch Logs copy with retention, written through a role scoped to that group', () => {
    expect(raw).toHaveResourceWithProperties(CloudwatchLogGroup, { name: '/stormproof/shop-production/cloudtrail', retention_in_days: 90 });
    expect(Object.keys(resource.aws_cloudwatch_log_group)).toHaveLength(1);
    expect(trail.cloud_watch_logs_group_arn).toMatch(/aws_cloudwatch_log_group\..*\.arn\}:\*$/);
    const policy = JSON.parse(only(resource, 'aws_iam_role_policy').policy);
    expect(policy.Statement[0].Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(policy.Statement[0].Resource).toMatch(/aws_cloudwatch_log_group\..*\.arn\}:log-stream:\*$/);
  });
});
