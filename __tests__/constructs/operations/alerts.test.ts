import { Alerts } from '../../../src/constructs/operations/alerts';
import { metric } from '../../../src/constructs/shared/metric';
import { only, synthConstruct } from '../../support/synth';

describe('Alerts', () => {
  const { resource } = synthConstruct((stack) => {
    const alerts = new Alerts(stack, 'alerts', { name: 'demo-production', emails: ['a@example.com', 'b@example.com'] });
    alerts.alarm({
      name: 'alb-5xx',
      description: 'too many 5xx',
      metric: metric('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', { LoadBalancer: 'app/demo/123' }, 'Sum'),
      threshold: 10,
      comparison: 'GreaterThanOrEqualToThreshold',
    });
    alerts.alarm({
      name: 'latency',
      description: 'slow',
      metric: metric('AWS/ApplicationELB', 'TargetResponseTime', { LoadBalancer: 'app/demo/123' }, 'p95'),
      threshold: 1.5,
      comparison: 'GreaterThanThreshold',
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    return alerts;
  });

  test('the topic is encrypted with a rotating customer-managed key that the monitoring services may use', () => {
    const topic = only(resource, 'aws_sns_topic');
    expect(topic.name).toBe('demo-production-alerts');
    expect(topic.kms_master_key_id).toMatch(/aws_kms_key\..*\.arn/);
    const key = only(resource, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    const statements = JSON.parse(key.policy).Statement;
    const services = statements.find((s: any) => s.Sid === 'AwsServicesEncryptForThisAccount');
    expect(services.Principal.Service).toEqual(['cloudwatch.amazonaws.com', 'budgets.amazonaws.com', 'costalerts.amazonaws.com']);
    expect(services.Action).toEqual(['kms:GenerateDataKey*', 'kms:Decrypt']);
    expect(services.Condition.StringEquals['aws:SourceAccount']).toMatch(/data\.aws_caller_identity/);
  });

  test('only AWS monitoring services of this account may publish, and only over TLS', () => {
    const policy = JSON.parse(only(resource, 'aws_sns_topic_policy').policy);
    const [allow, deny] = policy.Statement;
    expect(allow).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish' });
    expect(allow.Principal.Service).toContain('cloudwatch.amazonaws.com');
    expect(allow.Condition.StringEquals['aws:SourceAccount']).toBeDefined();
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test('one e-mail subscription per address', () => {
    const subs = Object.values(resource.aws_sns_topic_subscription);
    expect(subs.map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'a@example.com'],
      ['email', 'b@example.com'],
    ]);
  });

  test('alarms notify the topic when they fire and when they recover; percentiles use extended_statistic', () => {
    const alarms = Object.values(resource.aws_cloudwatch_metric_alarm);
    const errors = alarms.find((a) => a.alarm_name === 'demo-production-alb-5xx')!;
    expect(errors).toMatchObject({ statistic: 'Sum', threshold: 10, period: 60, evaluation_periods: 3, datapoints_to_alarm: 3, treat_missing_data: 'notBreaching' });
    expect(errors.alarm_actions[0]).toMatch(/aws_sns_topic\..*\.arn/);
    expect(errors.ok_actions).toEqual(errors.alarm_actions);
    const latency = alarms.find((a) => a.alarm_name === 'demo-production-latency')!;
    expect(latency.extended_statistic).toBe('p95');
    expect(latency.statistic).toBeUndefined();
    expect(latency).toMatchObject({ evaluation_periods: 5, datapoints_to_alarm: 3 });
  });
});
