/**
 * The moto runs retry an apply/destroy only when every error is a dropped connection (a loaded machine),
 * never when moto or the provider reported a real problem. Pure functions: no terraform runs here.
 */
import { erroredAddresses, lostCreates, onlyTransientErrors, taintedAddresses, terraformErrors } from './support/harness';

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

  test('the addresses of the errored resources are named', () => {
    expect(erroredAddresses(closedConnection + reset)).toEqual(['aws_sns_topic_policy.alerts', 'aws_sqs_queue.jobs']);
    const boxed = closedConnection.split('\n').map((l) => (l ? `│ ${l}` : '│')).join('\n');
    expect(erroredAddresses(boxed)).toEqual(['aws_sns_topic_policy.alerts']);
  });

  // Provider 5.100's layout: headline, the with/on lines, then the cause in a paragraph wrapped at 80 columns.
  const wrapped = `aws_kms_key.state-key: Creating...

Error: reading STS Caller Identity

  with data.aws_caller_identity.account,
  on cdk.tf.json line 24, in data.aws_caller_identity.account:
  24:       }

operation error STS: GetCallerIdentity, exceeded maximum number of attempts,
1, https response error StatusCode: 0, RequestID: , request send failed, Post
"http://127.0.0.1:43807/": read tcp 127.0.0.1:58486->127.0.0.1:43807: read: connection
reset by peer
`;
  test('the cause after the with/on lines belongs to its error, even wrapped mid-phrase', () => {
    expect(terraformErrors(wrapped)[0]).toMatch(/^reading STS Caller Identity\n[\s\S]*operation error STS/);
    expect(onlyTransientErrors(wrapped)).toBe(true);
    expect(onlyTransientErrors(wrapped + real)).toBe(false);
  });

  test('an answer cut off mid-header (a reset while moto answered) is a dropped connection', () => {
    expect(onlyTransientErrors(`Error: waiting for KMS Key (k) policy update: operation error KMS: GetKeyPolicy, exceeded maximum number of attempts, 1, https response error StatusCode: 0, RequestID: , request send failed, Post "http://127.0.0.1:45971/": net/http: HTTP/1.x transport connection broken: malformed MIME header: missing colon: "Access-Control-"

  with aws_kms_key.state-key,
`)).toBe(true);
  });
});

describe('what a dropped connection leaves behind', () => {
  const aliasReset = `Error: creating KMS Alias (alias/stormproof-terraform-state): operation error KMS: CreateAlias, exceeded maximum number of attempts, 1, https response error StatusCode: 0, RequestID: , request send failed, Post "http://127.0.0.1:42375/": read tcp 127.0.0.1:43946->127.0.0.1:42375: read: connection reset by peer

  with aws_kms_alias.state-key-alias,
  on cdk.tf.json line 80, in resource.aws_kms_alias.state-key-alias:
  80:       }
`;
  // eslint-disable-next-line max-len -- the provider's error line, verbatim
  const aliasExists = `Error: creating KMS Alias (alias/stormproof-terraform-state): operation error KMS: CreateAlias, https response error StatusCode: 400, RequestID: LN, AlreadyExistsException: An alias with the name arn:aws:kms:eu-west-1:123456789012:alias/stormproof-terraform-state already exists

  with aws_kms_alias.state-key-alias,
  on cdk.tf.json line 80, in resource.aws_kms_alias.state-key-alias:
  80:       }
`;

  test('a create that finds its object there after that create\'s connection dropped is a lost answer, imported by the id it names', () => {
    const dropped = new Set(erroredAddresses(aliasReset));
    expect(lostCreates(aliasExists, dropped)).toEqual([{ address: 'aws_kms_alias.state-key-alias', id: 'alias/stormproof-terraform-state' }]);
  });

  test('"already exists" without an earlier dropped connection for that address is a real error', () => {
    expect(lostCreates(aliasExists, new Set())).toEqual([]);
    expect(lostCreates(aliasExists, new Set(['aws_s3_bucket.state']))).toEqual([]);
    expect(lostCreates(real, new Set(['aws_db_instance.db']))).toEqual([]);
  });

  test('tainted instances are read from the state (a create that failed partway)', () => {
    const state = JSON.stringify({
      version: 4,
      resources: [
        { mode: 'managed', type: 'aws_kms_key', name: 'state-key', instances: [{ status: 'tainted', attributes: { id: 'k', key_id: null } }] },
        { mode: 'managed', type: 'aws_s3_bucket', name: 'b', instances: [{ attributes: { id: 'b' } }] },
        { mode: 'managed', type: 'aws_subnet', name: 's', instances: [{ index_key: 0, attributes: {} }, { index_key: 1, status: 'tainted', attributes: {} }] },
        { mode: 'data', type: 'aws_caller_identity', name: 'a', instances: [{ status: 'tainted', attributes: {} }] },
      ],
    });
    expect(taintedAddresses(state)).toEqual(['aws_kms_key.state-key', 'aws_subnet.s[1]']);
    expect(taintedAddresses('')).toEqual([]);
  });
});
