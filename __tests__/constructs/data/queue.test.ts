import { recordingGrantee, Resources, synthConstruct } from '../../support/synth';
import { Queue, QueueProps } from '../../../src/constructs/data/queue';

const synthQueue = (props: Partial<QueueProps> = {}) => {
  const { raw, resource, built: queue } = synthConstruct((stack) => new Queue(stack, 'jobs', { name: 'demo-jobs', ...props }));
  return { raw, queue, resource };
};

const queues = (resource: Resources) => {
  const entries = Object.entries(resource.aws_sqs_queue);
  return {
    main: entries.find(([id]) => id.includes('_queue_'))![1],
    dlq: entries.find(([id]) => id.includes('_dlq_'))![1],
  };
};

describe('Queue (standard)', () => {
  const { resource, queue } = synthQueue({ maxReceiveCount: 3, visibilityTimeoutSeconds: 180, retentionSeconds: 86400 });
  const { main, dlq } = queues(resource);

  test('server-side encryption, long polling, visibility timeout and retention from props', () => {
    expect(main).toMatchObject({
      name: 'demo-jobs',
      sqs_managed_sse_enabled: true,
      receive_wait_time_seconds: 20,
      visibility_timeout_seconds: 180,
      message_retention_seconds: 86400,
    });
    expect(main.fifo_queue).toBeUndefined();
    expect(dlq).toMatchObject({ name: 'demo-jobs-dlq', sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
  });

  test('redrive to the dead-letter queue after maxReceiveCount receives; only this queue may redrive into it', () => {
    const redrive = JSON.parse(main.redrive_policy);
    expect(redrive.maxReceiveCount).toBe(3);
    expect(redrive.deadLetterTargetArn).toMatch(/aws_sqs_queue\.jobs_dlq_\w+\.arn/);
    const allow = Object.values(resource.aws_sqs_queue_redrive_allow_policy)[0];
    expect(allow.queue_url).toMatch(/aws_sqs_queue\.jobs_dlq_\w+\.url/);
    const allowPolicy = JSON.parse(allow.redrive_allow_policy);
    expect(allowPolicy.redrivePermission).toBe('byQueue');
    expect(allowPolicy.sourceQueueArns).toEqual([expect.stringMatching(/aws_sqs_queue\.jobs_queue_\w+\.arn/)]);
  });

  test('both queues deny any request not made over TLS', () => {
    const policies = Object.values(resource.aws_sqs_queue_policy);
    expect(policies).toHaveLength(2);
    const targets = policies.map((p) => {
      const statement = JSON.parse(p.policy).Statement[0];
      expect(statement).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      return statement.Resource[0];
    });
    expect(targets.sort()).toEqual([expect.stringMatching(/jobs_dlq_/), expect.stringMatching(/jobs_queue_/)]);
  });

  test('an alarm fires as soon as the dead-letter queue holds a message', () => {
    const alarm = Object.values(resource.aws_cloudwatch_metric_alarm)[0];
    expect(alarm).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
    });
    expect(alarm.dimensions.QueueName).toMatch(/aws_sqs_queue\.jobs_dlq_\w+\.name/);
  });

  test('grants are least privilege on this queue only: consumers cannot send, producers cannot receive', () => {
    const consumer = recordingGrantee();
    const producer = recordingGrantee();
    const [consume] = queue.grantConsumeMessages(consumer);
    const [send] = queue.grantSendMessages(producer);
    expect(consumer.granted).toEqual([consume]);
    expect(producer.granted).toEqual([send]);
    expect(consume.Resource).toBe(queue.arn);
    expect(send.Resource).toBe(queue.arn);
    expect(consume.Action).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));
    expect(consume.Action).not.toContain('sqs:SendMessage');
    expect(send.Action).toContain('sqs:SendMessage');
    expect(send.Action).not.toContain('sqs:ReceiveMessage');
    for (const s of [consume, send]) expect(JSON.stringify(s.Action)).not.toMatch(/\*/);
  });
});

describe('Queue (FIFO and checks)', () => {
  test('FIFO: both names end in .fifo, content-based deduplication', () => {
    const { main, dlq } = queues(synthQueue({ fifo: true }).resource);
    expect(main).toMatchObject({ name: 'demo-jobs.fifo', fifo_queue: true, content_based_deduplication: true });
    expect(dlq).toMatchObject({ name: 'demo-jobs-dlq.fifo', fifo_queue: true });
  });
  test('a dead-letter retention not longer than the queue retention is refused', () => {
    expect(() => synthQueue({ retentionSeconds: 1209600 })).toThrow(/deadLetterRetentionSeconds \(1209600\) must be longer/);
  });
});

describe('Queue backlog metric', () => {
  test('backlog per instance = visible messages / in-service instances of the consumer group', () => {
    const { queue } = synthQueue();
    const spec = queue.backlogPerInstanceMetric('demo-worker-asg');
    const metrics = spec.metrics as any[];
    const byId = Object.fromEntries(metrics.map((m) => [m.id, m]));
    expect(byId.m1.metricStat.metric).toMatchObject({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible' });
    expect(byId.m1.metricStat.metric.dimensions).toEqual([{ name: 'QueueName', value: queue.name }]);
    expect(byId.m2.metricStat.metric).toMatchObject({ namespace: 'AWS/AutoScaling', metricName: 'GroupInServiceInstances' });
    expect(byId.m2.metricStat.metric.dimensions).toEqual([{ name: 'AutoScalingGroupName', value: 'demo-worker-asg' }]);
    expect(byId.e1).toMatchObject({ expression: 'm1 / m2', returnData: true });
    expect(metrics.filter((m) => m.returnData)).toHaveLength(1);
  });
});
