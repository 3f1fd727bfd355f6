import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { awsAccount } from '../../util/aws-account';
import { policyDocument, PolicyStatement } from './iam';

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `shop-production-database`. */
  readonly alias: string;
  /** What the key protects (shown in the KMS console). */
  readonly description: string;
  /**
   * Days KMS waits before deleting the key once scheduled (7-30); a deleted key makes its data unreadable.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * AWS services that encrypt with the key themselves rather than through a caller's grant (CloudWatch
   * and Budgets publishing to an encrypted topic, CloudTrail writing logs): they may generate data keys
   * and decrypt, only on behalf of this account.
   * @default - none
   */
  readonly servicePrincipals?: readonly string[];
  /**
   * Further key-policy statements (e.g. CloudTrail's encryption-context condition).
   * @default - none
   */
  readonly statements?: readonly PolicyStatement[];
}

/**
 * A customer-managed KMS key with yearly automatic rotation. The key policy only delegates to IAM in
 * this account (the AWS default), so who may use the key is decided by IAM policies, which the services
 * (RDS, ElastiCache, Secrets Manager) use through grants on the caller's behalf.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const account = awsAccount(this);
    const rootAdministers: PolicyStatement = {
      Sid: 'AccountAdministersThroughIam',
      Effect: 'Allow',
      Principal: { AWS: `arn:${account.partition}:iam::${account.accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    };
    const services: PolicyStatement[] = props.servicePrincipals?.length
      ? [
          {
            Sid: 'AwsServicesEncryptForThisAccount',
            Effect: 'Allow',
            Principal: { Service: [...props.servicePrincipals] },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': account.accountId } },
          },
        ]
      : [];
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: policyDocument(rootAdministers, ...services, ...(props.statements ?? [])),
      tags: { Name: props.alias },
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
