import { Construct } from 'constructs';
import { awsAccount } from '../util/aws-account';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { policyDocument } from '../constructs/shared/iam';
import { PrivateBucket } from '../constructs/shared/private-bucket';
import { GithubOidc, GithubOidcProps } from '../constructs/delivery/github-oidc';

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
  /** The state bucket: private, versioned, KMS-encrypted, TLS-only. */
  readonly stateBucket: PrivateBucket;
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
    this.stateBucket = new PrivateBucket(this, 'state-bucket', {
      bucketName: props.bucket,
      forceDestroy: false,
      kmsKeyArn: key.arn,
      lifecycle: { noncurrentExpirationDays: props.noncurrentVersionDays ?? 90 },
    });
    this.bucket = this.stateBucket.bucket;

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
