/**
 * One CloudWatch metric, as construct methods return it (`loadBalancer.metricElb5xx()`,
 * `database.metricCpu()`...), so alarms and dashboards never hand-assemble namespaces and dimensions.
 */
export interface Metric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  /** `Sum`, `Average`, `Maximum`, `Minimum` or a percentile such as `p95`. */
  readonly statistic: string;
  /** @default 60 */
  readonly periodSeconds?: number;
}

/** What a caller may change on a construct's metric. */
export interface MetricOptions {
  /** @default - the metric's own statistic */
  readonly statistic?: string;
  /** @default 60 */
  readonly periodSeconds?: number;
}

/** Builds a metric, letting `options` override the statistic and period. */
export function metric(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  statistic: string,
  options: MetricOptions = {},
): Metric {
  return { namespace, metricName, dimensions, statistic: options.statistic ?? statistic, periodSeconds: options.periodSeconds };
}

const isPercentile = (statistic: string) => /^p\d/.test(statistic);

/** The metric fields of an `aws_cloudwatch_metric_alarm` (percentiles go to `extended_statistic`). */
export function alarmMetricFields(m: Metric) {
  return {
    namespace: m.namespace,
    metricName: m.metricName,
    dimensions: m.dimensions,
    ...(isPercentile(m.statistic) ? { extendedStatistic: m.statistic } : { statistic: m.statistic }),
    period: m.periodSeconds ?? 60,
  };
}

/**
 * The metric as a dashboard widget row: `[namespace, name, dim, value, ...]`; a percentile says so on
 * the row, plain statistics come from the widget's `stat`.
 */
export function dashboardRow(m: Metric): unknown[] {
  const row: unknown[] = [m.namespace, m.metricName, ...Object.entries(m.dimensions).flat()];
  if (isPercentile(m.statistic)) row.push({ stat: m.statistic });
  return row;
}
