import { Construct } from 'constructs';
import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import { COST_CONTROLS_DEFAULTS, CostControlsProps } from './cost-controls-props';

export { COST_CONTROLS_DEFAULTS } from './cost-controls-props';
export type { CostControlsProps } from './cost-controls-props';

/**
 * Keeps the bill in sight: a monthly budget that warns at 80 % of actual and 100 % of forecast spend, and
 * Cost Anomaly Detection on this project's tag, alerting at once on the topic and reporting daily by e-mail.
 */
export class CostControls extends Construct {
  readonly budget: BudgetsBudget;
  readonly anomalyMonitor: CeAnomalyMonitor;

  constructor(scope: Construct, id: string, props: CostControlsProps) {
    super(scope, id);
    const emails = props.emails?.length ? [...props.emails] : undefined;
    const notify = (threshold: number, type: 'ACTUAL' | 'FORECASTED') => ({
      comparisonOperator: 'GREATER_THAN',
      threshold,
      thresholdType: 'PERCENTAGE',
      notificationType: type,
      subscriberSnsTopicArns: [props.alertTopicArn],
      subscriberEmailAddresses: emails,
    });
    this.budget = new BudgetsBudget(this, 'monthly', {
      name: `${props.name}-monthly`,
      budgetType: 'COST',
      limitAmount: props.monthlyBudgetUsd.toFixed(2),
      limitUnit: 'USD',
      timeUnit: 'MONTHLY',
      costFilter: [{ name: 'TagKeyValue', values: [`user:${props.tagKey}$${props.tagValue}`] }],
      notification: [notify(80, 'ACTUAL'), notify(100, 'ACTUAL'), notify(100, 'FORECASTED')],
    });

    // A CUSTOM monitor on the project tag: an account allows only one service-wide monitor, and several
    // Stormproof stacks may share an account.
    this.anomalyMonitor = new CeAnomalyMonitor(this, 'anomaly-monitor', {
      name: `${props.name}-spend`,
      monitorType: 'CUSTOM',
      monitorSpecification: JSON.stringify({
        Tags: { Key: props.tagKey, Values: [props.tagValue], MatchOptions: ['EQUALS'] },
      }),
    });
    const threshold = {
      dimension: {
        key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
        matchOptions: ['GREATER_THAN_OR_EQUAL'],
        values: [String(props.anomalyThresholdUsd ?? COST_CONTROLS_DEFAULTS.anomalyThresholdUsd)],
      },
    };
    // SNS subscribers must be IMMEDIATE; the daily digest ("cost report") is e-mail only.
    new CeAnomalySubscription(this, 'anomaly-alerts', {
      name: `${props.name}-anomaly-alerts`,
      frequency: 'IMMEDIATE',
      monitorArnList: [this.anomalyMonitor.arn],
      subscriber: [{ type: 'SNS', address: props.alertTopicArn }],
      thresholdExpression: threshold,
    });
    if (emails) {
      new CeAnomalySubscription(this, 'daily-report', {
        name: `${props.name}-daily-cost-report`,
        frequency: 'DAILY',
        monitorArnList: [this.anomalyMonitor.arn],
        subscriber: emails.map((address) => ({ type: 'EMAIL', address })),
        thresholdExpression: threshold,
      });
    }
  }
}
