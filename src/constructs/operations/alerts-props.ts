import type { Metric } from '../shared/metric';

/** The Alerts construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

export interface AlertsProps {
  /** Name prefix, e.g. `cafe-production`. */
  readonly name: string;
  /**
   * E-mail addresses subscribed to every alert (each confirms once by e-mail).
   * @default - none: subscribe a pager or chat integration to `topicArn` instead
   */
  readonly emails?: readonly string[];
}

/** Defaults of AlarmOptions. */
export const ALARM_DEFAULTS = { evaluationPeriods: 3, treatMissingData: 'notBreaching' } as const;

export interface AlarmOptions {
  /** Unique alarm name suffix, e.g. `alb-5xx`. */
  readonly name: string;
  /** What it means and what to do, shown in the notification. */
  readonly description: string;
  /** The metric to watch, from a construct's `metric*()` method (it carries statistic and period). */
  readonly metric: Metric;
  readonly threshold: number;
  readonly comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  /** @default 3 */
  readonly evaluationPeriods?: number;
  /** Breaching datapoints out of `evaluationPeriods`. @default - all of them */
  readonly datapointsToAlarm?: number;
  /** @default 'notBreaching' (no traffic is not an incident) */
  readonly treatMissingData?: 'notBreaching' | 'breaching' | 'ignore' | 'missing';
}

/** An alarm on metric math: `expression` over `metrics` (ids are lower-case names the expression uses). */
export interface MathAlarmOptions extends Omit<AlarmOptions, 'metric'> {
  /** Input metrics by expression id, e.g. `{ errors: service.metricTarget5xx(), requests: service.metricRequestCount() }`. */
  readonly metrics: Record<string, Metric>;
  /** CloudWatch metric math over those ids, e.g. `100 * errors / requests`. */
  readonly expression: string;
  /** What the expression's value is, shown on the alarm's graph. */
  readonly label: string;
}
