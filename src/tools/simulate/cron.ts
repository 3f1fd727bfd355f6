/**
 * The 5-field cron of Auto Scaling scheduled actions (minute hour day-of-month month day-of-week), evaluated in
 * the action's IANA time zone, as AWS does: "the recurrence is interpreted in the time zone you specify"
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/scheduled-scaling-recurring-schedules.html).
 * Parsing and matching are src/util/cron.ts's, shared with the config rules.
 */

import { cronMatches, parseCronExpression } from '../../util/cron';

export interface LocalTime {
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
  readonly month: number;
  /** 0 = Sunday. */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock fields of an instant in a time zone (DST included). */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(epochMs)) parts[p.type] = p.value;
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour),
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

export interface Cron {
  matches(t: LocalTime): boolean;
}

/** The expression as the simulator evaluates it; throws on an invalid one (the config rules report those first). */
export function parseCron(expr: string): Cron {
  const { fields, problems } = parseCronExpression(expr);
  if (problems.length) throw new Error(`cron "${expr}": ${problems.join('; ')}`);
  return { matches: (t) => cronMatches(fields, t) };
}
