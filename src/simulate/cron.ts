/**
 * The 5-field cron of Auto Scaling scheduled actions (minute hour day-of-month month day-of-week), evaluated in
 * the action's IANA time zone, as AWS does: "the recurrence is interpreted in the time zone you specify"
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/scheduled-scaling-recurring-schedules.html).
 * Supports `*`, lists, ranges and steps; day-of-month and day-of-week combine as in Unix cron (either matches
 * when both are restricted).
 */

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

type Field = Set<number> | '*';

function parseField(text: string, lo: number, hi: number, what: string, expr: string): Field {
  if (text === '*' || text === '?') return '*';
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [lo, hi];
    else if (range.includes('-')) [from, to] = range.split('-').map(Number) as [number, number];
    else [from, to] = [Number(range), stepText === undefined ? Number(range) : hi];
    if (![from, to, step].every(Number.isInteger) || from < lo || to > hi || from > to || step < 1) {
      throw new Error(`cron "${expr}": ${what} "${part}" must be ${lo}-${hi} (numbers, ranges a-b, steps /n, lists)`);
    }
    for (let v = from; v <= to; v += step) out.add(what === 'day-of-week' && v === 7 ? 0 : v);
  }
  return out;
}

export interface Cron {
  matches(t: LocalTime): boolean;
}

export function parseCron(expr: string): Cron {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`cron "${expr}" must have 5 fields: minute hour day-of-month month day-of-week`);
  const [minute, hour, dom, month, dow] = [
    parseField(fields[0], 0, 59, 'minute', expr),
    parseField(fields[1], 0, 23, 'hour', expr),
    parseField(fields[2], 1, 31, 'day-of-month', expr),
    parseField(fields[3], 1, 12, 'month', expr),
    parseField(fields[4], 0, 7, 'day-of-week', expr),
  ];
  const has = (f: Field, v: number) => f === '*' || f.has(v);
  return {
    matches(t) {
      if (!has(minute, t.minute) || !has(hour, t.hour) || !has(month, t.month)) return false;
      if (dom !== '*' && dow !== '*') return dom.has(t.day) || dow.has(t.weekday);
      return has(dom, t.day) && has(dow, t.weekday);
    },
  };
}
