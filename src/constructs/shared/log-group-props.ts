import type { TerraformProvider } from 'cdktf';

/** The LogGroup construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** Every default of LogGroupProps; constructs that own log groups default their `logRetentionDays` to it too. */
export const LOG_GROUP_DEFAULTS = { retentionDays: 30 };

export interface LogGroupProps {
  /** Log group name, e.g. `/stormproof/cafe/app`. */
  readonly name: string;
  /**
   * Days to keep events; never "forever", so logs do not grow a bill nobody reads.
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * KMS key ARN for encryption at rest.
   * @default - CloudWatch Logs' own service-side encryption
   */
  readonly kmsKeyArn?: string;
  /**
   * Provider (region) the group lives in, e.g. us-east-1 for CloudFront-scope WAF logs.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}
