import { Construct } from 'constructs';
import { awsAccount } from '../util/aws-account';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { denyInsecureTransport, policyDocument } from '../constructs/iam';
import { GithubOidc, GithubOidcProps } from '../constructs/github-oidc';

export interface BootstrapStackProps {
  /** Name of the state bucket the profiles' S3 backends point at (globally unique). */
  readonly bucket: string;
  /** Region of the state bucket. */
  readonly region: string;
  /**
   * Days a superseded state version is kept (rollback window after a bad apply).
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /** Tags on every resource. */
  readonly tags?: Record<string, string>;
  /**
   * GitHub Actions access (OIDC provider, plan and apply roles) for the repository that ships the stacks.
   * @default - no CI access
   */
  readonly github?: Omit<GithubOidcProps, 'stateBucketArn' | 'stateKeyArn' | 'name'> & { readonly name?: string };
}

/**
 * The one stack applied with local state, before any other: the S3 bucket every profile's S3 backend
 * stores its state in (`<prefix>/<stack>.tfstate`, locked with S3 lock files). Versioned so a bad
 * state write can be rolled back, encrypted with a rotating KMS key, private, TLS-only, and noncurrent
 * versions expire after a rollback window.
 */
export class BootstrapStack extends TerraformStack {
  readonly bucket: S3Bucket;
  readonly github?: GithubOidc;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: props.region, defaultTags: props.tags ? [{ tags: props.tags }] : undefined });

    const account = awsAccount(this);
    const key = new KmsKey(this, 'state-key', {
      description: `Encrypts Terraform state in s3://${props.bucket}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // The account's IAM policies decide who may use the key (the default key policy, made explicit).
      policy: policyDocument({
        Sid: 'AccountIamPoliciesGovernAccess',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      }),
    });
    new KmsAlias(this, 'state-key-alias', { name: `alias/${props.bucket}`, targetKeyId: key.keyId });

    // Losing the state bucket orphans every stack's resources: Terraform refuses to delete it while it holds state.
    this.bucket = new S3Bucket(this, 'state-bucket', { bucket: props.bucket, forceDestroy: false });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'state-public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'state-ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const versioning = new S3BucketVersioningA(this, 'state-versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'state-encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketLifecycleConfiguration(this, 'state-lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-noncurrent-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [versioning],
    });
    new S3BucketPolicy(this, 'state-policy', {
      bucket: this.bucket.id,
      policy: policyDocument(denyInsecureTransport('s3:*', [this.bucket.arn, `${this.bucket.arn}/*`])),
      dependsOn: [publicAccessBlock],
    });

    if (props.github) {
      this.github = new GithubOidc(this, 'github', {
        name: 'stormproof',
        ...props.github,
        stateBucketArn: this.bucket.arn,
        stateKeyArn: key.arn,
      });
      new TerraformOutput(this, 'github_plan_role_arn', { value: this.github.planRole.arn, description: 'AWS_PLAN_ROLE_ARN repository variable' });
      new TerraformOutput(this, 'github_apply_role_arn', { value: this.github.applyRole.arn, description: 'AWS_APPLY_ROLE_ARN repository variable' });
    }
    new TerraformOutput(this, 'state_bucket', { value: this.bucket.bucket, description: 'S3 bucket holding every stack\'s Terraform state' });
    new TerraformOutput(this, 'state_key_arn', { value: key.arn, description: 'KMS key encrypting the state bucket' });
  }
}
