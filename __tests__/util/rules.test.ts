import { Testing, TerraformStack } from 'cdktf';
import { LogGroup } from '../../src/constructs/log-group';
import {
  checkAppPort,
  checkCapacity,
  checkColdStorageRetention,
  checkDeadLetterRetention,
  checkFailoverNodes,
  checkLogRetention,
  checkWafRateLimit,
  refuse,
} from '../../src/util/rules';

/** The rules both layers share: each names the field and the fix, and holds silently when satisfied. */
describe('shared rules', () => {
  test('each returns a sentence with field and fix when broken, nothing when it holds', () => {
    expect(checkLogRetention('logRetentionDays', 30)).toBeUndefined();
    expect(checkLogRetention('logRetentionDays', 31)).toMatch(/^logRetentionDays \(31\) is not a CloudWatch Logs retention: use one of 1, 3/);
    expect(checkCapacity({ min: 2, max: 4, desired: 2 })).toEqual([]);
    expect(checkCapacity({ min: 5, max: 2, desired: 9 })).toEqual([
      'capacity.min (5) must be <= capacity.max (2): lower min or raise max',
      'capacity.desired (9) must be within [5, 2]',
    ]);
    expect(checkAppPort(80)).toMatch(/appPort \(80\) must be 1024-65535/);
    expect(checkAppPort(8080)).toBeUndefined();
    expect(checkFailoverNodes(true, 1)).toMatch(/raise nodes/);
    expect(checkFailoverNodes(false, 1)).toBeUndefined();
    expect(checkDeadLetterRetention(1209600, 345600)).toBeUndefined();
    expect(checkDeadLetterRetention(345600, 345600)).toMatch(/must be longer than retentionSeconds/);
    expect(checkWafRateLimit(5)).toMatch(/rateLimit \(5\)/);
    expect(checkColdStorageRetention(100, 30)).toMatch(/\+ 90/);
  });

  test('refuse throws every problem at once behind the subject, and nothing when all hold', () => {
    expect(() => refuse('Service demo', undefined, undefined)).not.toThrow();
    expect(() => refuse('Service demo', 'a is wrong', undefined, 'b is wrong')).toThrow('Service demo: a is wrong; b is wrong');
  });

  test('a LogGroup refuses a retention CloudWatch Logs would reject', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new LogGroup(stack, 'bad', { name: '/x', retentionDays: 31 })).toThrow(/LogGroup \/x: retentionDays \(31\) is not a CloudWatch Logs retention/);
  });
});
