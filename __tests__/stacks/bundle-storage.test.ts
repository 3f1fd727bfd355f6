/**
 * Where every EC2 service's bundle lives (issue 27): SSE-KMS under the stack's bundle key with an S3 bucket key, S3
 * server access logs to the stack's log bucket (the ALB's, Beanstalk's, or one of its own when there is neither),
 * and instance roles that may decrypt with that key only through S3 and only for their own bundle bucket.
 */
import { synthesizedProfiles } from '../support/profiles';

const byAddress = (json: any, type: string) => Object.entries<any>(json.resource[type] ?? {});
const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;

describe.each([
  ['cafe', /^load-balancer_access-logs_bucket_/],
  ['lab', /^access-logs_bucket_/],
  ['fastier-beanstalk', /^beanstalk-web_alb-logs_bucket_/],
  ['ecommerce', /^load-balancer_access-logs_bucket_/],
])('%s: bundle buckets', (stack, logBucket) => {
  const json = synthesizedProfiles().read(stack);
  const bundleBuckets = byAddress(json, 'aws_s3_bucket').filter(([n]) => /^service-.*_bundles_bucket_/.test(n));
  const [keyName] = byAddress(json, 'aws_kms_key').find(([n]) => n.startsWith('bundle-key_'))!;

  test('encrypted with the stack bundle key (SSE-KMS, bucket key on)', () => {
    expect(bundleBuckets.length).toBeGreaterThan(0);
    for (const [name] of bundleBuckets) {
      const sse = byAddress(json, 'aws_s3_bucket_server_side_encryption_configuration').find(([, c]) => c.bucket === ref('aws_s3_bucket', name, 'id'))![1];
      expect(sse.rule[0]).toEqual({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: ref('aws_kms_key', keyName, 'arn') }, bucket_key_enabled: true });
    }
    expect(Object.values<any>(json.resource.aws_kms_key[keyName])).toBeDefined();
    expect(json.resource.aws_kms_key[keyName].enable_key_rotation).toBe(true);
  });

  test("server access logs go to the stack's log bucket, which admits S3 log delivery from each bundle bucket", () => {
    const [logName] = byAddress(json, 'aws_s3_bucket').find(([n]) => logBucket.test(n))!;
    const policy = JSON.parse(byAddress(json, 'aws_s3_bucket_policy').find(([, p]) => p.bucket === ref('aws_s3_bucket', logName, 'id'))![1].policy);
    for (const [name] of bundleBuckets) {
      const logging = byAddress(json, 'aws_s3_bucket_logging').find(([, l]) => l.bucket === ref('aws_s3_bucket', name, 'id'))![1];
      expect(logging.target_bucket).toBe(ref('aws_s3_bucket', logName, 'bucket'));
      expect(logging.target_prefix).toMatch(/^s3\/bundles\/[a-z-]+\/$/);
      expect(policy.Statement).toEqual(expect.arrayContaining([
        expect.objectContaining({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Condition: { ArnLike: { 'aws:SourceArn': ref('aws_s3_bucket', name, 'arn') } } }),
      ]));
    }
    // S3 log delivery writes only to SSE-S3 targets.
    const logSse = byAddress(json, 'aws_s3_bucket_server_side_encryption_configuration').find(([, c]) => c.bucket === ref('aws_s3_bucket', logName, 'id'))![1];
    expect(logSse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
  });

  test('instance roles decrypt with the bundle key only, through S3, for their own bucket', () => {
    // Instance roles only: a pilot light's S3 replication roles decrypt the source too (dr-app-tier.test.ts).
    const decrypts = byAddress(json, 'aws_iam_role_policy')
      .filter(([n]) => !n.startsWith('dr_replication_'))
      .flatMap(([, p]) => JSON.parse(p.policy).Statement as any[])
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('kms:')) && s.Resource === ref('aws_kms_key', keyName, 'arn'));
    expect(decrypts.length).toBe(bundleBuckets.length);
    for (const s of decrypts) {
      expect(s.Action).toEqual(['kms:Decrypt']);
      expect(s.Condition.StringEquals['kms:ViaService']).toMatch(/^s3\.\$\{data\.aws_region\..+\.name\}\.amazonaws\.com$/);
      expect(bundleBuckets.map(([n]) => ref('aws_s3_bucket', n, 'arn'))).toContain(s.Condition.StringEquals['kms:EncryptionContext:aws:s3:arn']);
    }
  });
});

test('ecommerce-eks runs no EC2 service: no bundle key, no bundle bucket', () => {
  const json = synthesizedProfiles().read('ecommerce-eks');
  expect(Object.keys(json.resource.aws_kms_key).filter((n) => n.startsWith('bundle-key_'))).toEqual([]);
  expect(Object.keys(json.resource.aws_s3_bucket).filter((n) => n.includes('_bundles_'))).toEqual([]);
});
