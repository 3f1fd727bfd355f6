import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { checkLogRetention, refuse } from '../../util/rules';

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

/** A CloudWatch log group that always has a retention. */
export class LogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    refuse(`LogGroup ${props.name}`, checkLogRetention('retentionDays', props.retentionDays ?? 30));
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      retentionInDays: props.retentionDays ?? 30,
      kmsKeyId: props.kmsKeyArn,
      provider: props.provider,
    });
    this.name = this.logGroup.name;
    this.arn = this.logGroup.arn;
  }
}
