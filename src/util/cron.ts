/**
 * Unix cron as Auto Scaling scheduled actions take it (minute hour day-of-month month day-of-week): each field
 * `*`, a value, a name (JAN-DEC, SUN-SAT), a range a-b, a step /n, or a list of those. One parser for both the
 * config rules (which report problems) and the spike simulator (which evaluates the expression).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly { name: string; min: number; max: number; names?: readonly string[]; first?: number }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, first: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, first: 0 },
];

/** The values a field allows, or `*` for every value. */
export type CronField = ReadonlySet<number> | '*';

export interface ParsedCron {
  /** minute, hour, day of month, month, day of week (0 = Sunday; 7 is folded onto 0). Empty when there are problems. */
  readonly fields: readonly CronField[];
  /** What is wrong, field by field (empty when valid). */
  readonly problems: readonly string[];
}

export function parseCronExpression(expression: string): ParsedCron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    return { fields: [], problems: [`must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "30 19 * * 5"; found ${parts.length} field(s)`] };
  }
  const problems: string[] = [];
  const fields = parts.map((part, i): CronField => {
    const f = FIELDS[i];
    if (part === '*' || part === '?') return '*';
    const value = (text: string): number | undefined => {
      if (/^\d+$/.test(text)) return Number(text);
      const index = f.names ? f.names.indexOf(text.toLowerCase()) : -1;
      return index >= 0 ? index + (f.first ?? 0) : undefined;
    };
    const values = new Set<number>();
    for (const item of part.split(',')) {
      const m = /^(\*|([^-/]+)(?:-([^-/]+))?)(?:\/(\d+))?$/.exec(item);
      const from = m?.[2] !== undefined ? value(m[2]) : f.min;
      // `*` and `a/n` run to the field's end; `a` alone is one value.
      const to = m?.[3] !== undefined ? value(m[3]) : m?.[2] === undefined || m?.[4] !== undefined ? f.max : from;
      const step = m?.[4] !== undefined ? Number(m[4]) : 1;
      if (!m || from === undefined || to === undefined || from < f.min || to > f.max || from > to || step < 1) {
        const names = f.names ? ` or ${f.names[0].toUpperCase()}-${f.names[f.names.length - 1].toUpperCase()}` : '';
        problems.push(`${f.name} field "${item}" must be *, a value, a range a-b or a step */n with values ${f.min}-${f.max}${names}`);
        continue;
      }
      for (let v = from; v <= to; v += step) values.add(i === 4 && v === 7 ? 0 : v);
    }
    return values;
  });
  return problems.length ? { fields: [], problems } : { fields, problems };
}

/** Wall-clock fields of one minute, as cron matches them. */
export interface CronTime {
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
  readonly month: number;
  /** 0 = Sunday. */
  readonly weekday: number;
}

/** Whether a valid expression's fields fire at `t`; day of month and day of week combine as in Unix cron. */
export function cronMatches(fields: readonly CronField[], t: CronTime): boolean {
  const [minute, hour, dom, month, dow] = fields;
  const has = (f: CronField, v: number) => f === '*' || f.has(v);
  if (!has(minute, t.minute) || !has(hour, t.hour) || !has(month, t.month)) return false;
  if (dom !== '*' && dow !== '*') return dom.has(t.day) || dow.has(t.weekday);
  return has(dom, t.day) && has(dow, t.weekday);
}
