import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { awsAccount } from '../../util/aws-account';
import { EncryptionKey } from '../shared/encryption-key';
import { policyDocument } from '../shared/iam';
import { alarmMetricFields } from '../shared/metric';
import { ALARM_DEFAULTS, AlarmOptions, AlertsProps, MathAlarmOptions } from './alerts-props';

export { ALARM_DEFAULTS } from './alerts-props';
export type { AlarmOptions, AlertsProps, MathAlarmOptions } from './alerts-props';

/**
 * Where every alarm, budget and anomaly goes: an SNS topic encrypted with a customer-managed key that
 * CloudWatch, AWS Budgets and Cost Anomaly Detection may use, with optional e-mail subscriptions.
 */
export class Alerts extends Construct {
  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly key: EncryptionKey;
  readonly alarms: CloudwatchMetricAlarm[] = [];
  private readonly name: string;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.name = props.name;
    const publishers = ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com', 'costalerts.amazonaws.com'];
    this.key = new EncryptionKey(this, 'key', {
      alias: `${props.name}-alerts`,
      description: `Encrypts the ${props.name} alerts topic`,
      servicePrincipals: publishers,
    });
    this.topic = new SnsTopic(this, 'topic', { name: `${props.name}-alerts`, kmsMasterKeyId: this.key.arn });
    this.topicArn = this.topic.arn;

    const account = awsAccount(this);
    new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: policyDocument(
        {
          Sid: 'AwsMonitoringServicesPublish',
          Effect: 'Allow',
          Principal: { Service: publishers },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { StringEquals: { 'aws:SourceAccount': account.accountId } },
        },
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ),
    });
    (props.emails ?? []).forEach(
      (email, i) => new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email }),
    );
  }

  /** A CloudWatch alarm that notifies this topic when it fires and when it recovers. */
  alarm(options: AlarmOptions): CloudwatchMetricAlarm {
    return this.notifyingAlarm(options, alarmMetricFields(options.metric));
  }

  /** An alarm on metric math (e.g. a 5xx rate); notifies this topic like `alarm`. */
  mathAlarm(options: MathAlarmOptions): CloudwatchMetricAlarm {
    const ids = Object.keys(options.metrics);
    const bad = ids.filter((id) => !/^[a-z][a-zA-Z0-9_]*$/.test(id) || id === 'result');
    if (ids.length === 0 || bad.length > 0) throw new Error(`Alerts ${this.name}: mathAlarm ${options.name} needs metric ids starting with a lower-case letter (got ${ids.join(', ') || 'none'})`);
    return this.notifyingAlarm(options, {
      metricQuery: [
        { id: 'result', expression: options.expression, label: options.label, returnData: true },
        ...ids.map((id) => {
          const m = options.metrics[id];
          return {
            id,
            returnData: false,
            metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, stat: m.statistic, period: m.periodSeconds ?? 60 },
          };
        }),
      ],
    });
  }

  /** The fields every alarm of this topic shares (name, thresholds, periods, actions) around its metric fields. */
  private notifyingAlarm(options: Omit<AlarmOptions, 'metric'>, metricFields: Partial<CloudwatchMetricAlarmConfig>): CloudwatchMetricAlarm {
    const evaluationPeriods = options.evaluationPeriods ?? ALARM_DEFAULTS.evaluationPeriods;
    const alarm = new CloudwatchMetricAlarm(this, `alarm-${options.name}`, {
      alarmName: `${this.name}-${options.name}`,
      alarmDescription: options.description,
      ...metricFields,
      threshold: options.threshold,
      comparisonOperator: options.comparison,
      evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm ?? evaluationPeriods,
      treatMissingData: options.treatMissingData ?? ALARM_DEFAULTS.treatMissingData,
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    });
    this.alarms.push(alarm);
    return alarm;
  }
}
