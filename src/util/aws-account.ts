import { IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';

export interface AwsAccount {
  readonly accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`, for ARNs. */
  readonly partition: string;
}

const byStack = new WeakMap<TerraformStack, AwsAccount>();

/**
 * The stack's account id and partition, read by one pair of data sources per stack: they are the same for
 * every region and provider alias, so constructs share them instead of each reading their own.
 */
export function awsAccount(scope: IConstruct): AwsAccount {
  const stack = TerraformStack.of(scope);
  let account = byStack.get(stack);
  if (!account) {
    account = {
      accountId: new DataAwsCallerIdentity(stack, 'account').accountId,
      partition: new DataAwsPartition(stack, 'partition').partition,
    };
    byStack.set(stack, account);
  }
  return account;
}
