/**
 * The moto runs retry an apply/destroy only when every error is a dropped connection (a loaded machine),
 * never when moto or the provider reported a real problem. Pure functions: no terraform runs here.
 */
import { erroredAddresses, onlyTransientErrors, terraformErrors } from './support/harness';

/* eslint-disable max-len -- provider error output, verbatim */
const closedConnection = `aws_sns_topic.alerts: Creating...

Error: setting SNS Topic (arn:aws:sns:eu-west-1:123456789012:cafe-alerts) attribute (Policy): operation error SNS: SetTopicAttributes, https response error StatusCode: 0, RequestID: , request send failed, Post "http://127.0.0.1:41234/": write tcp 127.0.0.1:50122->127.0.0.1:41234: use of closed network connection

  with aws_sns_topic_policy.alerts,
  on cdk.tf.json line 1022, in resource.aws_sns_topic_policy.alerts:
1022:       }
`;
const reset = `
Error: reading SQS Queue (http://127.0.0.1:41234/123456789012/cafe-jobs): operation error SQS: GetQueueAttributes, https response error StatusCode: 0, RequestID: , request send failed, Post "http://127.0.0.1:41234/": read tcp 127.0.0.1:50130->127.0.0.1:41234: read: connection reset by peer

  with aws_sqs_queue.jobs,
  on cdk.tf.json line 2000, in resource.aws_sqs_queue.jobs:
`;
const real = `
Error: creating RDS DB Instance (cafe-db): operation error RDS: CreateDBInstance, https response error StatusCode: 400, RequestID: 1, api error InvalidParameterCombination: Cannot find version 99.1 for postgres

  with aws_db_instance.db,
  on cdk.tf.json line 300, in resource.aws_db_instance.db:
`;
/* eslint-enable max-len */

describe('transient connection errors from moto', () => {
  test('every Error: block is found, with its detail', () => {
    const errors = terraformErrors(closedConnection + reset + real);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^setting SNS Topic .*use of closed network connection/);
    expect(errors[2]).toMatch(/InvalidParameterCombination/);
  });

  test('a run that failed only on dropped connections is retried', () => {
    expect(onlyTransientErrors(closedConnection)).toBe(true);
    expect(onlyTransientErrors(closedConnection + reset)).toBe(true);
  });

  test('a real error among them is never retried', () => {
    expect(onlyTransientErrors(real)).toBe(false);
    expect(onlyTransientErrors(closedConnection + real)).toBe(false);
  });

  test('a failure without any Error: block (killed, crashed) is not called transient', () => {
    expect(onlyTransientErrors('')).toBe(false);
    expect(onlyTransientErrors('panic: runtime error: invalid memory address')).toBe(false);
  });

  test('box-drawn output (without -no-color) is read the same way', () => {
    const boxed = closedConnection.split('\n').map((l) => (l ? `│ ${l}` : '│')).join('\n').replace('│ Error:', '╷\n│ Error:');
    expect(onlyTransientErrors(boxed)).toBe(true);
  });

  test('the addresses of the errored resources are named for an untaint before the retry', () => {
    expect(erroredAddresses(closedConnection + reset)).toEqual(['aws_sns_topic_policy.alerts', 'aws_sqs_queue.jobs']);
    const boxed = closedConnection.split('\n').map((l) => (l ? `│ ${l}` : '│')).join('\n');
    expect(erroredAddresses(boxed)).toEqual(['aws_sns_topic_policy.alerts']);
  });
});
