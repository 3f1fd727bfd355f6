import { Construct } from 'constructs';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { awsAccount } from '../../util/aws-account';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { EncryptionKey } from '../shared/encryption-key';
import { assumeRolePolicy, policyDocument } from '../shared/iam';
import { LogGroup } from '../shared/log-group';
import { PrivateBucket } from '../shared/private-bucket';
import { fitNamePrefix } from '../../util/names';
import { AUDIT_TRAIL_DEFAULTS, AuditTrailProps } from './audit-trail-props';

export { AUDIT_TRAIL_DEFAULTS } from './audit-trail-props';
export type { AuditTrailProps } from './audit-trail-props';

/**
 * A multi-region CloudTrail trail: management events from every region, log files encrypted with a
 * customer-managed key and signed (log file validation), delivered to a private bucket that archives
 * them to Glacier, and copied to CloudWatch Logs for search and alerting.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: PrivateBucket;
  readonly key: EncryptionKey;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const trailName = `${props.name}-audit`;
    const region = new DataAwsRegion(this, 'region');
    const { accountId, partition } = awsAccount(this);
    const trailArn = `arn:${partition}:cloudtrail:${region.name}:${accountId}:trail/${trailName}`;
    // The key policy admits CloudTrail only for this account's trails (AWS's documented policy).
    this.key = new EncryptionKey(this, 'key', {
      alias: `${props.name}-audit-trail`,
      description: `Encrypts the ${trailName} CloudTrail log files`,
      statements: [
        {
          Sid: 'CloudTrailEncryptsLogs',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:SourceArn': trailArn },
            StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${accountId}:trail/*` },
          },
        },
        { Sid: 'CloudTrailDescribesKey', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' },
      ],
    });

    this.bucket = new PrivateBucket(this, 'bucket', {
      namePrefix: fitNamePrefix(`${props.name}-audit-`, 37),
      lifecycle: {
        glacierFlexibleRetrievalDays: props.archiveAfterDays ?? AUDIT_TRAIL_DEFAULTS.archiveAfterDays,
        expirationDays: props.expireAfterDays ?? AUDIT_TRAIL_DEFAULTS.expireAfterDays,
        noncurrentExpirationDays: 30,
      },
      forceDestroy: props.forceDestroy ?? AUDIT_TRAIL_DEFAULTS.forceDestroy,
    });
    this.bucket.addToResourcePolicy({
      Sid: 'CloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: this.bucket.arn,
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    });
    this.bucket.addToResourcePolicy({
      Sid: 'CloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${this.bucket.arn}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
    });

    this.logGroup = new LogGroup(this, 'logs', { name: `/stormproof/${props.name}/cloudtrail`, retentionDays: props.logRetentionDays ?? AUDIT_TRAIL_DEFAULTS.logRetentionDays });
    const role = new IamRole(this, 'logs-role', {
      name: `${props.name}-cloudtrail-logs`,
      assumeRolePolicy: assumeRolePolicy('cloudtrail.amazonaws.com'),
    });
    new IamRolePolicy(this, 'logs-policy', {
      role: role.id,
      name: 'write-trail-logs',
      policy: policyDocument({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${this.logGroup.arn}:log-stream:*`,
      }),
    });

    this.trail = new Cloudtrail(this, 'trail', {
      name: trailName,
      s3BucketName: this.bucket.bucketName,
      kmsKeyId: this.key.arn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      // CloudTrail checks it may write when the trail is created: the bucket policy must exist first.
      dependsOn: [this.bucket.policy],
    });
  }
}
