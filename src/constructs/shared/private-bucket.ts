import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { awsAccount } from '../../util/aws-account';
import { denyInsecureTransport, policyDocument, PolicyStatement } from './iam';

export interface PrivateBucketLifecycle {
  /**
   * Days before noncurrent object versions expire.
   * @default - noncurrent versions are kept
   */
  readonly noncurrentExpirationDays?: number;
  /**
   * Days before current objects move to Glacier Instant Retrieval.
   * @default - objects stay in S3 Standard
   */
  readonly glacierInstantRetrievalDays?: number;
  /**
   * Days before current objects move to Glacier Flexible Retrieval (archives read only for audits).
   * @default - objects stay in S3 Standard
   */
  readonly glacierFlexibleRetrievalDays?: number;
  /**
   * Days before current objects expire (log buckets).
   * @default - objects never expire
   */
  readonly expirationDays?: number;
  /**
   * Days before an unfinished multipart upload is aborted.
   * @default 7
   */
  readonly abortIncompleteMultipartDays?: number;
}

export interface PrivateBucketProps {
  /**
   * Bucket name prefix (Terraform appends a unique suffix), at most 37 characters, e.g. `shop-production-static-`.
   * @default - none: give exactly one of `namePrefix` and `bucketName`
   */
  readonly namePrefix?: string;
  /**
   * Fixed, globally unique bucket name (e.g. a Terraform state bucket other stacks point at).
   * @default - none: give exactly one of `namePrefix` and `bucketName`
   */
  readonly bucketName?: string;
  /**
   * Tags on the bucket.
   * @default - the provider's default tags only
   */
  readonly tags?: Record<string, string>;
  /**
   * Object ownership. `BucketOwnerEnforced` disables ACLs; `BucketOwnerPreferred` keeps them for
   * services that still write with ACLs (CloudFront standard logging).
   * @default 'BucketOwnerEnforced'
   */
  readonly objectOwnership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  /**
   * Keep object versions, so an overwrite or delete can be undone.
   * @default true
   */
  readonly versioning?: boolean;
  /**
   * KMS key ARN for SSE-KMS.
   * @default - SSE-S3 (AES256): works with every AWS log-delivery service and with CloudFront OAC without a key policy
   */
  readonly kmsKeyArn?: string;
  /**
   * Lifecycle rules applied to the whole bucket.
   * @default - only incomplete multipart uploads are aborted after 7 days
   */
  readonly lifecycle?: PrivateBucketLifecycle;
  /**
   * Server access logs destination.
   * @default - no server access logging (log buckets themselves)
   */
  readonly accessLogs?: { readonly bucket: PrivateBucket; readonly prefix: string };
  /**
   * Let `terraform destroy` delete a non-empty bucket.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * An S3 bucket that cannot be made public: all public access blocked, encrypted at rest, TLS-only
 * policy, versioned, with lifecycle rules. Other constructs add policy statements through
 * `addToResourcePolicy`; the policy renders once, at synth, from every statement added.
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly arn: string;
  /** Regional domain name, the form CloudFront origins need. */
  readonly regionalDomainName: string;
  /** Global domain name, the form CloudFront standard logging needs. */
  readonly domainName: string;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly policy: S3BucketPolicy;
  /** Versioning (replication needs it on both buckets first). */
  readonly versioning: S3BucketVersioningA;
  /** The SSE-KMS key, when the bucket has one (else SSE-S3). */
  readonly kmsKeyArn?: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    if ((props.namePrefix === undefined) === (props.bucketName === undefined)) {
      throw new Error(`PrivateBucket ${this.node.path}: give exactly one of namePrefix and bucketName`);
    }
    if (props.namePrefix !== undefined && props.namePrefix.length > 37) {
      throw new Error(`namePrefix "${props.namePrefix}" is ${props.namePrefix.length} characters: S3 allows at most 37 for a bucket_prefix`);
    }
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      bucketPrefix: props.namePrefix,
      forceDestroy: props.forceDestroy ?? false,
      tags: props.tags,
    });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    this.regionalDomainName = this.bucket.bucketRegionalDomainName;
    this.domainName = this.bucket.bucketDomainName;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: props.objectOwnership ?? 'BucketOwnerEnforced' },
    });
    this.kmsKeyArn = props.kmsKeyArn;
    const versioning = (this.versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: props.versioning === false ? 'Suspended' : 'Enabled' },
    }));
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });

    const rules = lifecycleRules(props.lifecycle ?? {});
    // Lifecycle rules on noncurrent versions need versioning in place first (AWS recommends the ordering).
    new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket: this.bucket.id, rule: rules, dependsOn: [versioning] });

    if (props.accessLogs) {
      props.accessLogs.bucket.acceptServerAccessLogsFrom(this, props.accessLogs.prefix);
      new S3BucketLoggingA(this, 'access-logs', {
        bucket: this.bucket.id,
        targetBucket: props.accessLogs.bucket.bucketName,
        targetPrefix: props.accessLogs.prefix,
        // S3 checks the target's policy admits log delivery when logging is enabled: policy first.
        dependsOn: [props.accessLogs.bucket.policy],
      });
    }

    const tlsOnly = denyInsecureTransport('s3:*', [this.arn, `${this.arn}/*`]);
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      // Grants first, the TLS-only deny last (order is irrelevant to IAM; moto's log-delivery check reads grants first).
      policy: Lazy.stringValue({ produce: () => policyDocument(...this.statements, tlsOnly) }),
      // A policy put before the public access block could be judged public; order them.
      dependsOn: [this.publicAccessBlock],
    });
  }

  /** Adds a statement to the bucket policy (rendered at synth, so later constructs can add theirs). */
  addToResourcePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }

  /** Lets only `distributionArn` (through Origin Access Control) read objects. */
  grantCloudFrontRead(distributionArn: string): void {
    this.addToResourcePolicy({
      Sid: 'AllowCloudFrontOacRead',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `${this.arn}/*`,
      Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
    });
  }

  /**
   * Lets Elastic Load Balancing deliver access logs under `prefix` (SSE-S3 buckets only: ALB log delivery
   * cannot use KMS). Regions from before August 2022 deliver as the regional ELB account, newer ones as the
   * log-delivery service principal: both are admitted, to exactly `<prefix>/AWSLogs/<account>/*`.
   */
  grantElbLogDelivery(prefix: string): void {
    const logObjects = `${this.arn}/${prefix}/AWSLogs/${awsAccount(this).accountId}/*`;
    const elbAccount = new DataAwsElbServiceAccount(this, 'elb-account');
    this.addToResourcePolicy({ Sid: 'ElbAccountDelivery', Effect: 'Allow', Principal: { AWS: elbAccount.arn }, Action: 's3:PutObject', Resource: logObjects });
    this.addToResourcePolicy({
      Sid: 'ElbServiceDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: logObjects,
    });
  }

  /** Lets S3 server access logging write logs of `source` under `prefix` (the policy way, not ACLs). */
  acceptServerAccessLogsFrom(source: PrivateBucket, prefix: string): void {
    this.addToResourcePolicy({
      Sid: `AllowS3ServerAccessLogs${this.statements.filter((s) => s.Sid?.startsWith('AllowS3ServerAccessLogs')).length}`,
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${this.arn}/${prefix}*`,
      Condition: { ArnLike: { 'aws:SourceArn': source.arn } },
    });
  }
}

/** One lifecycle rule per action, over the whole bucket; multipart uploads are always cleaned up. */
function lifecycleRules(lc: PrivateBucketLifecycle): S3BucketLifecycleConfigurationRule[] {
  const everything = [{ prefix: '' }];
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      filter: everything,
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: lc.abortIncompleteMultipartDays ?? 7 }],
    },
  ];
  if (lc.noncurrentExpirationDays !== undefined) {
    rules.push({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: everything,
      noncurrentVersionExpiration: [{ noncurrentDays: lc.noncurrentExpirationDays }],
    });
  }
  if (lc.glacierInstantRetrievalDays !== undefined) {
    rules.push({
      id: 'transition-to-glacier-ir',
      status: 'Enabled',
      filter: everything,
      transition: [{ days: lc.glacierInstantRetrievalDays, storageClass: 'GLACIER_IR' }],
    });
  }
  if (lc.glacierFlexibleRetrievalDays !== undefined) {
    rules.push({
      id: 'transition-to-glacier',
      status: 'Enabled',
      filter: everything,
      transition: [{ days: lc.glacierFlexibleRetrievalDays, storageClass: 'GLACIER' }],
    });
  }
  if (lc.expirationDays !== undefined) {
    rules.push({
      id: 'expire-objects',
      status: 'Enabled',
      filter: everything,
      expiration: [{ days: lc.expirationDays }],
    });
  }
  return rules;
}
