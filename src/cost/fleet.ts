/**
 * Instance-hours of an Auto Scaling group in a month: at min (baseline), at max (peak), or for a traffic
 * scenario, where the group sits at max during the peak hours and otherwise at the floor its scheduled
 * actions set (weekly crons such as the café's `30 19 * * 5` before the show and `30 0 * * 6` after it).
 */
import { HOURS_PER_MONTH } from './prices';

const WEEK_MINUTES = 7 * 24 * 60;

export interface ScheduledFloor {
  /** Minute of the week (Sunday 00:00 = 0) the action runs. */
  readonly at: number;
  /** min_size the action sets. */
  readonly min: number;
}

export interface FleetHours {
  readonly baseline: number;
  readonly scenario: number;
  readonly peak: number;
  /** How the scenario's hours were derived, one line. */
  readonly how: string;
}

/**
 * Weekly times of a cron `M H * * D` (D a day 0-7 or `*`); undefined for anything else (monthly or
 * multi-value crons are not modelled: the group then stays at min outside the peak).
 */
export function weeklyMinutes(recurrence: string): number[] | undefined {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\*|[0-7])$/.exec(recurrence.trim());
  if (!m) return undefined;
  const minute = Number(m[1]) + 60 * Number(m[2]);
  if (m[3] === '*') return [0, 1, 2, 3, 4, 5, 6].map((d) => d * 1440 + minute);
  return [(Number(m[3]) % 7) * 1440 + minute];
}

/** Hours a week at each floor, from the group's min and its scheduled actions. */
export function weeklyFloors(min: number, max: number, actions: readonly ScheduledFloor[]): { floor: number; hours: number }[] {
  const sorted = [...actions].sort((a, b) => a.at - b.at);
  if (sorted.length === 0) return [{ floor: min, hours: 168 }];
  const clamp = (n: number) => Math.min(max, Math.max(min, n));
  const out: { floor: number; hours: number }[] = [];
  // Before the week's first action, the floor is what the week's last action set.
  for (let i = 0; i < sorted.length; i++) {
    const end = i + 1 < sorted.length ? sorted[i + 1].at : sorted[0].at + WEEK_MINUTES;
    out.push({ floor: clamp(sorted[i].min), hours: (end - sorted[i].at) / 60 });
  }
  return out;
}

/**
 * Instance-hours a month for a group with `min`/`max` and scheduled floors, with `peakHoursPerMonth`
 * at max: the peak is placed in the highest scheduled window (the schedule exists for it).
 */
export function fleetHours(min: number, max: number, actions: readonly ScheduledFloor[], peakHoursPerMonth: number): FleetHours {
  const toMonth = HOURS_PER_MONTH / 168;
  const floors = weeklyFloors(min, max, actions);
  const peakWeekly = Math.min(168, peakHoursPerMonth / toMonth);
  const ordered = [...floors].sort((a, b) => b.floor - a.floor);
  let left = peakWeekly;
  let weekly = 0;
  for (const f of ordered) {
    const atPeak = Math.min(left, f.hours);
    left -= atPeak;
    weekly += atPeak * max + (f.hours - atPeak) * f.floor;
  }
  const scheduled = floors.filter((f) => f.floor > min);
  const how = scheduled.length
    ? `${peakHoursPerMonth.toFixed(1)} h/month at max ${max}, scheduled floor ${scheduled.map((f) => `${f.floor} for ${f.hours} h/week`).join(', ')}, min ${min} otherwise`
    : `${peakHoursPerMonth.toFixed(1)} h/month at max ${max}, min ${min} otherwise`;
  return { baseline: min * HOURS_PER_MONTH, scenario: weekly * toMonth, peak: max * HOURS_PER_MONTH, how };
}
