/** Auto Scaling scheduled actions take Unix cron: five fields, each a list of values, ranges and steps. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, first: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, first: 0 },
] as const;

/** The problems of a 5-field cron expression, field by field (empty when valid). */
export function cronProblems(expression: string): string[] {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return [`must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "30 19 * * 5"; found ${parts.length} field(s)`];
  const problems: string[] = [];
  parts.forEach((part, i) => {
    const f = FIELDS[i];
    const value = (text: string): number | undefined => {
      if (/^\d+$/.test(text)) return Number(text);
      const index = 'names' in f ? (f.names as readonly string[]).indexOf(text.toLowerCase()) : -1;
      return index >= 0 && 'first' in f ? index + f.first : undefined;
    };
    for (const item of part.split(',')) {
      const m = /^(\*|([^-/]+)(?:-([^-/]+))?)(?:\/(\d+))?$/.exec(item);
      const from = m?.[2] !== undefined ? value(m[2]) : f.min;
      const to = m?.[3] !== undefined ? value(m[3]) : from;
      const step = m?.[4] !== undefined ? Number(m[4]) : 1;
      const ok = !!m && from !== undefined && to !== undefined && from >= f.min && to <= f.max && from <= to && step >= 1;
      if (!ok) {
        const names = 'names' in f ? ` or ${f.names[0].toUpperCase()}-${f.names[f.names.length - 1].toUpperCase()}` : '';
        problems.push(`${f.name} field "${item}" must be *, a value, a range a-b or a step */n with values ${f.min}-${f.max}${names}`);
      }
    }
  });
  return problems;
}
