import { Testing, TerraformStack } from 'cdktf';
import { StaticAssets } from '../../../src/constructs/edge/static-assets';
import { PrivateBucket } from '../../../src/constructs/shared/private-bucket';
import { synthConstruct } from '../../support/synth';


describe('StaticAssets', () => {
  const { resource: r, built: assets } = synthConstruct((stack) => {
    const built = new StaticAssets(stack, 'assets', { name: 'shop-prod', glacierTransitionDays: 60, noncurrentExpirationDays: 45, logExpirationDays: 30 });
    built.bucket.grantCloudFrontRead('arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE');
    return built;
  });
  // Resources of `type` belonging to the static bucket or the log bucket (ids start with the construct path).
  const of = (type: string, which: 'static' | 'logs') =>
    Object.entries(r[type] ?? {}).filter(([id]) => id.startsWith(`assets_${which}_`)).map(([, v]) => v);
  const one = (type: string, which: 'static' | 'logs') => {
    const found = of(type, which);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const policy = (which: 'static' | 'logs') => JSON.parse(one('aws_s3_bucket_policy', which).policy);

  test('both buckets block every form of public access', () => {
    for (const which of ['static', 'logs'] as const) {
      expect(one('aws_s3_bucket_public_access_block', which)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
  });

  test('static bucket disables ACLs (BucketOwnerEnforced); the log bucket keeps them for CloudFront logs', () => {
    expect(one('aws_s3_bucket_ownership_controls', 'static').rule.object_ownership).toBe('BucketOwnerEnforced');
    expect(one('aws_s3_bucket_ownership_controls', 'logs').rule.object_ownership).toBe('BucketOwnerPreferred');
  });

  test('both buckets are versioned and encrypted with SSE-S3', () => {
    for (const which of ['static', 'logs'] as const) {
      expect(one('aws_s3_bucket_versioning', which).versioning_configuration.status).toBe('Enabled');
      const sse = one('aws_s3_bucket_server_side_encryption_configuration', which);
      expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    }
  });

  test('static lifecycle: Glacier IR transition, noncurrent expiry, aborted multipart uploads', () => {
    const rules = one('aws_s3_bucket_lifecycle_configuration', 'static').rule as any[];
    const byId = Object.fromEntries(rules.map((x) => [x.id, x]));
    expect(byId['transition-to-glacier-ir'].transition).toEqual([{ days: 60, storage_class: 'GLACIER_IR' }]);
    expect(byId['expire-noncurrent-versions'].noncurrent_version_expiration).toEqual([{ noncurrent_days: 45 }]);
    expect(byId['abort-incomplete-multipart-uploads'].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    expect(rules.every((x) => x.status === 'Enabled' && Array.isArray(x.filter))).toBe(true);
  });

  test('log bucket lifecycle expires logs', () => {
    const rules = one('aws_s3_bucket_lifecycle_configuration', 'logs').rule as any[];
    expect(rules.find((x) => x.id === 'expire-objects').expiration).toEqual([{ days: 30 }]);
  });

  test('static bucket policy: TLS only, and reads only for the one distribution via its SourceArn', () => {
    const statements = policy('static').Statement as any[];
    const deny = statements.find((s) => s.Sid === 'DenyInsecureTransport');
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const allow = statements.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Condition: { StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE' } },
    });
    expect(allow[0].Resource).toMatch(/^\$\{aws_s3_bucket\.assets_static_bucket_.*\.arn\}\/\*$/);
  });

  test('server access logs of the static bucket go to the log bucket, admitted by bucket policy (not ACLs)', () => {
    const logging = one('aws_s3_bucket_logging', 'static');
    expect(logging.target_prefix).toBe('s3/static/');
    expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.assets_logs_policy_/)]);
    expect(logging.target_bucket).toMatch(/aws_s3_bucket\.assets_logs_bucket_.*\.bucket/);
    const statements = policy('logs').Statement as any[];
    const delivery = statements.find((s) => s.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(delivery.Action).toBe('s3:PutObject');
    expect(delivery.Resource).toMatch(/assets_logs_bucket_.*\.arn\}\/s3\/static\/\*$/);
    expect(delivery.Condition.ArnLike['aws:SourceArn']).toMatch(/assets_static_bucket_.*\.arn/);
    expect(statements.some((s) => s.Sid === 'DenyInsecureTransport')).toBe(true);
    expect(of('aws_s3_bucket_logging', 'logs')).toHaveLength(0);
  });

  test('the maintenance page lives under /static/ so CloudFront serves it from S3', () => {
    const page = Object.values(r.aws_s3_object)[0];
    expect(page.key).toBe('static/maintenance.html');
    expect(page.content_type).toMatch(/^text\/html/);
    expect(assets.maintenancePagePath).toBe('/static/maintenance.html');
  });

  test('bucket names are prefixes (unique, never clash between stacks)', () => {
    expect(one('aws_s3_bucket', 'static').bucket_prefix).toBe('shop-prod-static-');
    expect(one('aws_s3_bucket', 'logs').bucket_prefix).toBe('shop-prod-edge-logs-');
  });
});

describe('PrivateBucket', () => {
  test('refuses a prefix S3 would reject', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new PrivateBucket(stack, 'b', { namePrefix: 'x'.repeat(38) })).toThrow(/at most 37/);
  });

  test('SSE-KMS with a bucket key when a key is given', () => {
    const { resource: r } = synthConstruct((stack) => new PrivateBucket(stack, 'b', { namePrefix: 'kms-', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc' }));
    const rule = Object.values(r.aws_s3_bucket_server_side_encryption_configuration)[0].rule[0];
    expect(rule.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/abc' });
    expect(rule.bucket_key_enabled).toBe(true);
  });
});
