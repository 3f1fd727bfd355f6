/** Auto Scaling scheduled actions take Unix cron: five fields, each a list of values, ranges and steps. */
import { parseCronExpression } from '../../util/cron';

/** The problems of a 5-field cron expression, field by field (empty when valid). */
export function cronProblems(expression: string): string[] {
  return [...parseCronExpression(expression).problems];
}
