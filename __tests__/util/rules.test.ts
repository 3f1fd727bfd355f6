import { Testing, TerraformStack } from 'cdktf';
import { LogGroup } from '../../src/constructs/shared/log-group';
import {
  checkAppPort,
  checkCapacity,
  checkColdStorageRetention,
  checkCpuAlarmThresholds,
  checkDeadLetterRetention,
  checkFailoverNodes,
  checkLogRetention,
  checkReplicasNeedBackups,
  checkWafRateLimit,
  checkWarmPool,
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
      'capacity.desired (9) must be within [capacity.min (5), capacity.max (2)]',
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

  test('config names the field as the user wrote it: `at` goes in front of every field a rule names', () => {
    expect(checkCapacity({ min: 0, max: 1, desired: 2 }, 'services[0] (web).')).toEqual(['services[0] (web).capacity.desired (2) must be within [capacity.min (0), capacity.max (1)]']);
    expect(checkCapacity({ min: 1, max: 3, desired: 4 }, 'eks.onDemand.', '')).toEqual(['eks.onDemand.desired (4) must be within [min (1), max (3)]']);
    expect(checkFailoverNodes(true, 1, 'cache.')).toBe('cache.automaticFailover needs at least 2 nodes (cache.nodes is 1): raise cache.nodes');
    expect(checkDeadLetterRetention(60, 60, 'queue.')).toMatch(/^queue\.deadLetterRetentionSeconds \(60\) must be longer than queue\.retentionSeconds \(60\)/);
    expect(checkReplicasNeedBackups('database.readReplicas.count (1)', 0, 'database.')).toBe(
      'database.readReplicas.count (1) needs automated backups: set database.backupRetentionDays >= 1 (is 0)',
    );
    expect(checkWarmPool(3, 2, 'services[1] (api).')).toBe('services[1] (api).warmPool.minSize (3) must be 0-capacity.max (2)');
    expect(checkCpuAlarmThresholds(70, 20, 'services[0] (web).')).toBe('services[0] (web).cpuAlarms.lowPercent (70) must be < cpuAlarms.highPercent (20)');
    expect(checkAppPort(22, 'services[0] (web).')).toMatch(/^services\[0\] \(web\)\.appPort \(22\)/);
    expect(checkWafRateLimit(1, 'waf.')).toMatch(/^waf\.rateLimit \(1\)/);
    expect(checkColdStorageRetention(100, 30, 'operations.backup.')).toMatch(/^operations\.backup\.monthlyRetentionDays \(100\) must be >= coldStorageAfterDays \(30\) \+ 90/);
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
