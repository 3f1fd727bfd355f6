import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { checkLogRetention, refuse } from '../../util/rules';
import { LOG_GROUP_DEFAULTS, LogGroupProps } from './log-group-props';

export { LOG_GROUP_DEFAULTS } from './log-group-props';
export type { LogGroupProps } from './log-group-props';

/** A CloudWatch log group that always has a retention. */
export class LogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    refuse(`LogGroup ${props.name}`, checkLogRetention('retentionDays', props.retentionDays ?? LOG_GROUP_DEFAULTS.retentionDays));
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      retentionInDays: props.retentionDays ?? LOG_GROUP_DEFAULTS.retentionDays,
      kmsKeyId: props.kmsKeyArn,
      provider: props.provider,
    });
    this.name = this.logGroup.name;
    this.arn = this.logGroup.arn;
  }
}
