import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { PrivateBucket, PrivateBucketLifecycle } from '../shared/private-bucket';
import { assumeRolePolicy, policyDocument, PolicyStatement } from '../shared/iam';
import { useProvider } from '../../util/provider-scope';
import { fitName, fitNamePrefix } from '../../util/names';

export interface BucketReplicationProps {
  /** Name of the replication role and prefix of the replica's name, e.g. `shop-production-static`. */
  readonly name: string;
  /** The primary-region bucket whose objects are copied (versioned: every PrivateBucket is). */
  readonly source: PrivateBucket;
  /** The DR region's aliased provider: the replica bucket is created there. */
  readonly provider: TerraformProvider;
  /**
   * SSE-KMS key in the DR region for the replica (and for replicas of KMS-encrypted source objects).
   * @default - SSE-S3, as a source that must stay SSE-S3 (CloudFront OAC, log delivery) has
   */
  readonly replicaKmsKeyArn?: string;
  /**
   * S3 Replication Time Control: 99.99 % of objects within 15 minutes, billed per GB; for what the DR fleet boots from.
   * @default false - replication metrics only (S3's best effort, most objects within seconds)
   */
  readonly timeControl?: boolean;
  /** The replica's lifecycle (kept like the source's). @default - incomplete uploads aborted after 7 days */
  readonly lifecycle?: PrivateBucketLifecycle;
  /** Let `terraform destroy` delete the non-empty replica. @default false */
  readonly forceDestroy?: boolean;
  /** Tags on the replica (e.g. `stormproof:dr`). @default - the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * S3 cross-region replication of one private bucket into a new private bucket in the DR region: versioning on
 * both (replication refuses otherwise), a role S3 assumes with exactly the replication actions on these two
 * buckets (and the replica key), delete markers replicated, replication metrics (and Time Control when asked).
 * Objects that existed before the rule are not copied (S3 Batch Replication does that, once, by hand).
 */
export class BucketReplication extends Construct {
  /** The replica in the DR region. */
  readonly replica: PrivateBucket;
  readonly role: IamRole;
  readonly configuration: S3BucketReplicationConfigurationA;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const { source } = props;
    const dr = new Construct(this, 'dr');
    useProvider(dr, props.provider);
    this.replica = new PrivateBucket(dr, 'replica', {
      namePrefix: fitNamePrefix(`${props.name}-dr-`, 37),
      kmsKeyArn: props.replicaKmsKeyArn,
      lifecycle: props.lifecycle,
      forceDestroy: props.forceDestroy,
      tags: props.tags,
    });

    this.role = new IamRole(this, 'role', {
      name: fitName(`${props.name}-replication`, 64),
      assumeRolePolicy: assumeRolePolicy('s3.amazonaws.com'),
      description: `S3 replicates ${props.name} into its DR-region replica`,
    });
    const statements: PolicyStatement[] = [
      { Sid: 'ReadReplicationConfiguration', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: source.arn },
      {
        Sid: 'ReadSourceVersions',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: `${source.arn}/*`,
      },
      { Sid: 'WriteReplicas', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `${this.replica.arn}/*` },
    ];
    if (source.kmsKeyArn) statements.push({ Sid: 'DecryptSource', Effect: 'Allow', Action: 'kms:Decrypt', Resource: source.kmsKeyArn });
    if (props.replicaKmsKeyArn) statements.push({ Sid: 'EncryptReplicas', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: props.replicaKmsKeyArn });
    const policy = new IamRolePolicy(this, 'policy', { role: this.role.id, name: `${props.name}-replication`, policy: policyDocument(...statements) });

    const fifteenMinutes = { minutes: 15 };
    this.configuration = new S3BucketReplicationConfigurationA(this, 'configuration', {
      bucket: source.bucket.id,
      role: this.role.arn,
      rule: [
        {
          id: 'to-dr-region',
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Enabled' },
          // KMS-encrypted source objects are copied too, re-encrypted with the replica's key.
          sourceSelectionCriteria: source.kmsKeyArn ? { sseKmsEncryptedObjects: { status: 'Enabled' } } : undefined,
          destination: {
            bucket: this.replica.arn,
            storageClass: 'STANDARD',
            encryptionConfiguration: source.kmsKeyArn && props.replicaKmsKeyArn ? { replicaKmsKeyId: props.replicaKmsKeyArn } : undefined,
            metrics: { status: 'Enabled', eventThreshold: fifteenMinutes },
            replicationTime: props.timeControl ? { status: 'Enabled', time: fifteenMinutes } : undefined,
          },
        },
      ],
      // S3 refuses a rule until both buckets are versioned, and needs the role's permissions in place.
      dependsOn: [source.versioning, this.replica.versioning, policy],
    });
  }
}
