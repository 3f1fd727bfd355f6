/** The CostControls construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** Defaults of CostControlsProps. */
export const COST_CONTROLS_DEFAULTS = { anomalyThresholdUsd: 25 };

export interface CostControlsProps {
  /** Name prefix, e.g. `cafe-production`. */
  readonly name: string;
  /** Monthly budget in USD for everything tagged `tagKey=tagValue`. */
  readonly monthlyBudgetUsd: number;
  /** Cost-allocation tag that scopes the budget and the anomaly monitor (activate it once in Billing). */
  readonly tagKey: string;
  readonly tagValue: string;
  /** SNS topic for budget and anomaly alerts. */
  readonly alertTopicArn: string;
  /**
   * Addresses that get budget alerts and the daily cost-anomaly report by e-mail.
   * @default - alerts go to the topic only, and there is no daily report
   */
  readonly emails?: readonly string[];
  /**
   * Spend above the expected amount (USD) that counts as an anomaly worth an alert.
   * @default 25
   */
  readonly anomalyThresholdUsd?: number;
}
