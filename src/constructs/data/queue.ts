import { Construct } from 'constructs';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { AutoscalingPolicyTargetTrackingConfigurationCustomizedMetricSpecification as CustomizedMetric } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { denyInsecureTransport, grant, IGrantable, policyDocument, PolicyStatement } from '../shared/iam';
import { checkDeadLetterRetention, refuse } from '../../util/rules';
import { alarmMetricFields, metric, Metric, MetricOptions } from '../shared/metric';
import { QUEUE_DEFAULTS, QueueProps } from './queue-props';

export { QUEUE_DEFAULTS } from './queue-props';
export type { QueueProps, QueueSettings } from './queue-props';

/**
 * An SQS work queue with server-side encryption, long polling, a dead-letter queue (redrive after
 * `maxReceiveCount` receives, only this queue may redrive into it) and policies refusing non-TLS access.
 * `grantConsumeMessages(service)`/`grantSendMessages(service)` give consumers and producers least privilege.
 */
export class Queue extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly deadLetterAlarm: CloudwatchMetricAlarm;
  /** The queue's name as a plain string (`name` is a Terraform reference), for consumers outside Terraform such as Kubernetes manifests. */
  readonly queueName: string;

  constructor(scope: Construct, id: string, props: QueueProps) {
    super(scope, id);
    const fifo = props.fifo ?? QUEUE_DEFAULTS.fifo;
    const retention = props.retentionSeconds ?? QUEUE_DEFAULTS.retentionSeconds;
    const dlqRetention = props.deadLetterRetentionSeconds ?? QUEUE_DEFAULTS.deadLetterRetentionSeconds;
    refuse(`Queue ${props.name}`, checkDeadLetterRetention(dlqRetention, retention));
    const suffix = fifo ? '.fifo' : '';
    this.queueName = `${props.name}${suffix}`;
    const fifoSettings = fifo ? { fifoQueue: true, contentBasedDeduplication: true } : {};

    this.deadLetterQueue = new SqsQueue(this, 'dlq', {
      name: `${props.name}-dlq${suffix}`,
      ...fifoSettings,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: dlqRetention,
      receiveWaitTimeSeconds: 20,
      tags: { Name: `${props.name}-dlq` },
    });
    this.queue = new SqsQueue(this, 'queue', {
      name: `${props.name}${suffix}`,
      ...fifoSettings,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: retention,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? QUEUE_DEFAULTS.visibilityTimeoutSeconds,
      // Long polling: fewer empty receives, lower cost and latency.
      receiveWaitTimeSeconds: 20,
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueue.arn,
        maxReceiveCount: props.maxReceiveCount ?? QUEUE_DEFAULTS.maxReceiveCount,
      }),
      tags: { Name: props.name },
    });
    // A separate resource: inline on the DLQ it would reference the queue that references the DLQ.
    new SqsQueueRedriveAllowPolicy(this, 'dlq-redrive-allow', {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
    });
    new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: this.queue.url,
      policy: policyDocument(denyInsecureTransport('sqs:*', [this.queue.arn])),
    });
    new SqsQueuePolicy(this, 'dlq-policy', {
      queueUrl: this.deadLetterQueue.url,
      policy: policyDocument(denyInsecureTransport('sqs:*', [this.deadLetterQueue.arn])),
    });

    this.deadLetterAlarm = new CloudwatchMetricAlarm(this, 'dlq-alarm', {
      alarmName: `${props.name}-dlq-not-empty`,
      alarmDescription: `Messages failed ${props.maxReceiveCount ?? QUEUE_DEFAULTS.maxReceiveCount} times and wait in ${props.name}-dlq${suffix}`,
      ...alarmMetricFields(this.metricDeadLetterMessages({ periodSeconds: 300 })),
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: props.alarmActions,
      okActions: props.alarmActions,
    });

    this.name = this.queue.name;
    this.arn = this.queue.arn;
    this.url = this.queue.url;
  }

  /**
   * Backlog per instance, as AWS documents for SQS-based scaling: visible messages divided by the
   * consuming group's in-service instances (metric math), for target tracking on `asgName`.
   */
  backlogPerInstanceMetric(asgName: string): CustomizedMetric {
    return {
      metrics: [
        {
          id: 'm1',
          label: 'Messages waiting in the queue',
          metricStat: {
            metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', value: this.name }] },
            stat: 'Sum',
          },
          returnData: false,
        },
        {
          id: 'm2',
          label: 'In-service instances of the consumer group',
          metricStat: {
            metric: { namespace: 'AWS/AutoScaling', metricName: 'GroupInServiceInstances', dimensions: [{ name: 'AutoScalingGroupName', value: asgName }] },
            stat: 'Average',
          },
          returnData: false,
        },
        { id: 'e1', label: 'Backlog per instance', expression: 'm1 / m2', returnData: true },
      ],
    };
  }

  /** Messages waiting to be received (the backlog), maximum over the period. */
  metricVisibleMessages(options?: MetricOptions): Metric {
    return metric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: this.name }, 'Maximum', options);
  }

  /** Age in seconds of the oldest message waiting: consumers are stuck or too few when it grows. */
  metricOldestMessageAge(options?: MetricOptions): Metric {
    return metric('AWS/SQS', 'ApproximateAgeOfOldestMessage', { QueueName: this.name }, 'Maximum', options);
  }

  /** Messages in the dead-letter queue: each failed `maxReceiveCount` times. */
  metricDeadLetterMessages(options?: MetricOptions): Metric {
    return metric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: this.deadLetterQueue.name }, 'Maximum', options);
  }

  /** Lets `grantee` consume (as aws-cdk's grantConsumeMessages): receive, delete, extend visibility. */
  grantConsumeMessages(grantee: IGrantable): PolicyStatement[] {
    return grant(grantee, {
      Sid: 'ConsumeMessages',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      Resource: this.arn,
    });
  }

  /** Lets `grantee` produce (as aws-cdk's grantSendMessages): send only. */
  grantSendMessages(grantee: IGrantable): PolicyStatement[] {
    return grant(grantee, {
      Sid: 'SendMessages',
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      Resource: this.arn,
    });
  }
}
