import { Testing } from 'cdktf';
import { PROFILES } from '../../src/config/profiles';
import { resolveBackend, s3BackendSettings, STATE_BUCKET_DEFAULTS } from '../../src/config/backend';
import { BootstrapStack } from '../../src/stacks/bootstrap-stack';
import { synthProfile, synthStack } from '../support/synth';

describe('backend selection', () => {
  test('profiles default to local state; STORMPROOF_BACKEND=s3 selects the state bucket', () => {
    expect(resolveBackend(PROFILES.cafe.backend, {})).toEqual({ type: 'local' });
    expect(resolveBackend({ type: 'local' }, { STORMPROOF_BACKEND: 's3', STORMPROOF_STATE_BUCKET: 'acme-state' })).toEqual({
      type: 's3', bucket: 'acme-state', region: STATE_BUCKET_DEFAULTS.region, keyPrefix: STATE_BUCKET_DEFAULTS.keyPrefix, encrypt: undefined,
    });
    expect(() => resolveBackend({ type: 'local' }, { STORMPROOF_BACKEND: 'gcs' })).toThrow(/STORMPROOF_BACKEND "gcs".*"local" or "s3"/);
  });

  test('the key is <prefix>/<stack>.tfstate, encrypted by default; a missing bucket is refused by name', () => {
    expect(s3BackendSettings({ type: 's3', bucket: 'b', region: 'eu-west-1', keyPrefix: '/teams/web/' }, 'cafe')).toEqual({
      bucket: 'b', region: 'eu-west-1', key: 'teams/web/cafe.tfstate', encrypt: true,
    });
    expect(() => s3BackendSettings({ type: 's3', region: 'eu-west-1' }, 'lab')).toThrow(/backend.bucket is required .* "lab"/);
  });

  test('a profile on the s3 backend synthesizes the S3 backend with use_lockfile and no local state path', () => {
    const { json } = synthProfile({ ...PROFILES.lab, backend: { type: 's3', bucket: 'acme-state', region: 'eu-west-1', keyPrefix: 'stormproof' } });
    expect(json.terraform.backend).toEqual({
      s3: { bucket: 'acme-state', key: 'stormproof/lab.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });

  test('the shipped profiles declare no remote backend (cdktf default: local state)', () => {
    const { json } = synthProfile(PROFILES.cafe);
    expect(json.terraform.backend?.s3).toBeUndefined();
  });
});

describe('BootstrapStack', () => {
  const { resource } = synthStack(new BootstrapStack(Testing.app(), 'bootstrap', { bucket: 'acme-state', region: 'eu-west-1', noncurrentVersionDays: 30 }));
  const one = (type: string) => Object.values(resource[type])[0];

  test('a named, non-force-destroy, versioned bucket', () => {
    expect(one('aws_s3_bucket')).toMatchObject({ bucket: 'acme-state', force_destroy: false });
    expect(one('aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
  });

  test('encrypted with a rotating KMS key, private, owner-enforced', () => {
    expect(one('aws_kms_key')).toMatchObject({ enable_key_rotation: true });
    const sse = one('aws_s3_bucket_server_side_encryption_configuration').rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(sse.bucket_key_enabled).toBe(true);
    expect(one('aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(one('aws_s3_bucket_ownership_controls').rule.object_ownership).toBe('BucketOwnerEnforced');
  });

  test('TLS-only bucket policy and noncurrent versions expire', () => {
    const policy = JSON.parse(one('aws_s3_bucket_policy').policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    const rule = (one('aws_s3_bucket_lifecycle_configuration').rule as Record<string, any>[]).find((r) => r.id === 'expire-noncurrent-versions')!;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(rule.status).toBe('Enabled');
  });
});
