import { Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { CostControls } from '../../../src/constructs/operations/cost-controls';

/** The construct alone in cdktf's test scope (no profile, no PlatformStack): the JSON for cdktf's matchers. */
const synthRaw = (emails?: string[]) =>
  Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
    new CostControls(scope, 'cost', {
      name: 'cafe-production',
      monthlyBudgetUsd: 400,
      tagKey: 'Project',
      tagValue: 'cafe',
      alertTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
      emails,
    });
  });
const synth = (emails?: string[]) => JSON.parse(synthRaw(emails)).resource as Record<string, Record<string, any>>;

describe('CostControls', () => {
  const raw = synthRaw(['owner@cafe.example.com']);
  const resource = JSON.parse(raw).resource as Record<string, Record<string, any>>;

  test('a monthly cost budget scoped to the project tag, warning at 80 % and 100 % actual and 100 % forecast', () => {
    expect(raw).toHaveResourceWithProperties(BudgetsBudget, { budget_type: 'COST', limit_amount: '400.00', limit_unit: 'USD', time_unit: 'MONTHLY' });
    const budget = Object.values(resource.aws_budgets_budget)[0];
    expect(budget.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:Project$cafe'] }]);
    expect(budget.notification.map((n: any) => [n.threshold, n.notification_type])).toEqual([
      [80, 'ACTUAL'],
      [100, 'ACTUAL'],
      [100, 'FORECASTED'],
    ]);
    for (const n of budget.notification) {
      expect(n.subscriber_sns_topic_arns).toEqual(['arn:aws:sns:eu-west-1:123456789012:alerts']);
      expect(n.subscriber_email_addresses).toEqual(['owner@cafe.example.com']);
    }
  });

  test('cost anomaly detection on the project tag: immediate alerts to SNS, a daily report by e-mail', () => {
    const monitor = Object.values(resource.aws_ce_anomaly_monitor)[0];
    expect(monitor.monitor_type).toBe('CUSTOM');
    expect(JSON.parse(monitor.monitor_specification)).toEqual({ Tags: { Key: 'Project', Values: ['cafe'], MatchOptions: ['EQUALS'] } });
    const subs = Object.values(resource.aws_ce_anomaly_subscription);
    expect(subs.map((s) => [s.frequency, s.subscriber[0].type])).toEqual([
      ['IMMEDIATE', 'SNS'],
      ['DAILY', 'EMAIL'],
    ]);
    expect(subs[0].threshold_expression.dimension).toEqual({
      key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
      match_options: ['GREATER_THAN_OR_EQUAL'],
      values: ['25'],
    });
  });

  test('without e-mails: topic only, no daily report', () => {
    const bare = synth();
    expect(Object.values(bare.aws_budgets_budget)[0].notification[0].subscriber_email_addresses).toBeUndefined();
    expect(Object.values(bare.aws_ce_anomaly_subscription).map((s) => s.frequency)).toEqual(['IMMEDIATE']);
  });
});
