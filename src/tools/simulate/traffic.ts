/**
 * Traffic for the simulator: requests per second reaching the site (the ALB) over time, from a built-in
 * scenario or a CSV of real logs. Each scenario starts at a real wall-clock instant, because scheduled actions
 * fire on wall-clock cron times in their own time zone.
 */

export interface Traffic {
  readonly name: string;
  readonly description: string;
  /** Epoch milliseconds of t = 0. */
  readonly startMs: number;
  readonly durationSeconds: number;
  /** Site requests per second at t seconds after the start. */
  rate(t: number): number;
  /** Seconds from the start when the spike this scenario is about begins (for "time to absorb"). */
  readonly spikeAtSeconds?: number;
}

const MIN = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** Linear interpolation from a to b as t goes from t0 to t1 (clamped). */
const ramp = (t: number, t0: number, t1: number, a: number, b: number) => (t <= t0 ? a : t >= t1 ? b : a + ((b - a) * (t - t0)) / (t1 - t0));

/**
 * The café's TV evening: Friday 5 June 2026 from 18:00 London time. 10 req/s until the feature airs at 20:00,
 * 30x (300 req/s) within 5 minutes, held for an hour, then decaying back over an hour; runs to 00:45 so the
 * after-show schedule (00:30) is inside the window.
 */
export function tvEvening(baseline = 10, multiplier = 30): Traffic {
  const spike = 2 * HOUR;
  const peak = baseline * multiplier;
  return {
    name: 'tv-evening',
    description: `café TV evening: ${baseline} req/s, x${multiplier} in 5 min at 20:00 London, 1 h hold, 1 h decay`,
    startMs: Date.parse('2026-06-05T17:00:00Z'),
    durationSeconds: 6 * HOUR + 45 * MIN,
    spikeAtSeconds: spike,
    rate: (t) => {
      if (t < spike) return baseline;
      if (t < spike + 5 * MIN) return ramp(t, spike, spike + 5 * MIN, baseline, peak);
      if (t < spike + 65 * MIN) return peak;
      return ramp(t, spike + 65 * MIN, spike + 125 * MIN, peak, baseline);
    },
  };
}

/**
 * Black Friday, 27 November 2026, a whole day from midnight New York time: a night trough, the morning ramp to
 * the doors opening at 08:00, the day's plateau with four bursts (doorbusters at 08:00, lunch, evening and a
 * 21:00 e-mail campaign), then the night.
 */
export function blackFriday(baseline = 40): Traffic {
  const bursts = [
    { at: 8 * HOUR, x: 5, hold: 20 * MIN },
    { at: 12 * HOUR + 30 * MIN, x: 3, hold: 30 * MIN },
    { at: 18 * HOUR, x: 4, hold: 40 * MIN },
    { at: 21 * HOUR, x: 6, hold: 15 * MIN },
  ];
  return {
    name: 'black-friday',
    description: `Black Friday: ${baseline} req/s at night, x4 day plateau, four bursts up to x${Math.max(...bursts.map((b) => b.x)) * 4}`,
    startMs: Date.parse('2026-11-27T05:00:00Z'),
    durationSeconds: 24 * HOUR,
    spikeAtSeconds: 8 * HOUR,
    rate: (t) => {
      const day =
        t < 5 * HOUR ? baseline : t < 8 * HOUR ? ramp(t, 5 * HOUR, 8 * HOUR, baseline, 4 * baseline) : t < 22 * HOUR ? 4 * baseline : ramp(t, 22 * HOUR, 24 * HOUR, 4 * baseline, baseline);
      let x = 1;
      for (const b of bursts) {
        // 3-minute rise, hold, 10-minute fall.
        const up = ramp(t, b.at, b.at + 3 * MIN, 1, b.x);
        const down = ramp(t, b.at + 3 * MIN + b.hold, b.at + 13 * MIN + b.hold, b.x, 1);
        if (t >= b.at && t < b.at + 13 * MIN + b.hold) x = Math.max(x, t < b.at + 3 * MIN ? up : down);
      }
      return day * x;
    },
  };
}

/** A flash sale announced by push notification: 20 req/s, 25x within one minute at 12:00 UTC, 20 minutes, 10-minute fall. */
export function flashSale(baseline = 20, multiplier = 25): Traffic {
  const spike = 30 * MIN;
  return {
    name: 'flash-sale',
    description: `flash sale: ${baseline} req/s, x${multiplier} within 1 min, 20 min hold, 10 min fall`,
    startMs: Date.parse('2026-03-10T11:30:00Z'),
    durationSeconds: 2 * HOUR,
    spikeAtSeconds: spike,
    rate: (t) => {
      if (t < spike) return baseline;
      if (t < spike + MIN) return ramp(t, spike, spike + MIN, baseline, baseline * multiplier);
      if (t < spike + 21 * MIN) return baseline * multiplier;
      return ramp(t, spike + 21 * MIN, spike + 31 * MIN, baseline * multiplier, baseline);
    },
  };
}

/**
 * A load-test day on a training stack (lab, exercise): Tuesday 8 September 2026, 08:00-18:00 London. 2 req/s of
 * background; four sessions (09:30, 11:00, 14:00, 15:30) where a class runs `npm run load-test` against the site:
 * a 2-minute ramp to 120 req/s (twice what the minimum two instances take at their CPU target), 15 minutes held, then back.
 */
export function loadTestDay(background = 2, session = 120): Traffic {
  const sessions = [1.5 * HOUR, 3 * HOUR, 6 * HOUR, 7.5 * HOUR];
  return {
    name: 'load-test-day',
    description: `load-test day: ${background} req/s, four class sessions of ${session} req/s for 15 min`,
    startMs: Date.parse('2026-09-08T07:00:00Z'),
    durationSeconds: 10 * HOUR,
    spikeAtSeconds: sessions[0],
    rate: (t) => {
      let r = background;
      for (const at of sessions) {
        if (t >= at && t < at + 19 * MIN) r = Math.max(r, t < at + 2 * MIN ? ramp(t, at, at + 2 * MIN, background, session) : t < at + 17 * MIN ? session : ramp(t, at + 17 * MIN, at + 19 * MIN, session, background));
      }
      return r;
    },
  };
}

/**
 * A product's launch week (fastier): Monday 14 September 2026 00:00 UTC for 7 days. A daily curve (15 req/s at night,
 * 45 by day); launch on Tuesday at 16:00 UTC: press and a front-page link multiply it by 8 within 10 minutes, decaying
 * over 6 hours; Wednesday and Thursday stay at twice the usual day.
 */
export function launchWeek(night = 15, day = 45, multiplier = 8): Traffic {
  const launch = DAY + 16 * HOUR;
  const daily = (t: number) => {
    const h = (t % DAY) / HOUR;
    return h < 6 ? night : h < 9 ? ramp(h, 6, 9, night, day) : h < 20 ? day : ramp(h, 20, 24, day, night);
  };
  return {
    name: 'launch-week',
    description: `launch week: ${night}-${day} req/s daily, x${multiplier} within 10 min at the Tuesday 16:00 UTC launch, x2 days after`,
    startMs: Date.parse('2026-09-14T00:00:00Z'),
    durationSeconds: 7 * DAY,
    spikeAtSeconds: launch,
    rate: (t) => {
      let x = 1;
      if (t >= launch && t < launch + 10 * MIN) x = ramp(t, launch, launch + 10 * MIN, 1, multiplier);
      else if (t >= launch + 10 * MIN && t < launch + 6 * HOUR) x = ramp(t, launch + 10 * MIN, launch + 6 * HOUR, multiplier, 2);
      else if (t >= launch + 6 * HOUR && t < 4 * DAY) x = 2;
      return daily(t) * x;
    },
  };
}

export const SCENARIOS: Readonly<Record<string, () => Traffic>> = {
  'tv-evening': () => tvEvening(),
  'black-friday': () => blackFriday(),
  'flash-sale': () => flashSale(),
  'load-test-day': () => loadTestDay(),
  'launch-week': () => launchWeek(),
};

/**
 * Traffic from a CSV of real logs: a header, then `time,value` rows. `time` is an ISO 8601 instant or seconds
 * from the start; the value column is requests per second, or per minute when its header says so
 * (`requests_per_minute`, `rpm`). Values between rows are interpolated linearly.
 */
export function trafficFromCsv(text: string, name = 'csv'): Traffic {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length < 3) throw new Error(`traffic CSV ${name}: needs a header and at least two rows (time,requests_per_second)`);
  const header = lines[0].toLowerCase().split(',').map((h) => h.trim());
  if (header.length < 2) throw new Error(`traffic CSV ${name}: header "${lines[0]}" must name two columns, e.g. time,requests_per_second`);
  const perMinute = /per_minute|rpm|per minute/.test(header[1]);
  const rows = lines.slice(1).map((line, i) => {
    const [timeText, valueText] = line.split(',').map((c) => c.trim());
    const value = Number(valueText);
    const iso = Date.parse(timeText);
    const time = /^-?\d+(\.\d+)?$/.test(timeText) ? Number(timeText) : iso;
    if (!Number.isFinite(time) || !Number.isFinite(value) || value < 0) {
      throw new Error(`traffic CSV ${name} row ${i + 2} "${line}": want <ISO time or seconds>,<requests >= 0>`);
    }
    return { time, value: perMinute ? value / 60 : value, iso: !/^-?\d+(\.\d+)?$/.test(timeText) };
  });
  const isoRows = rows.filter((r) => r.iso).length;
  if (isoRows !== 0 && isoRows !== rows.length) throw new Error(`traffic CSV ${name}: use either ISO times or seconds in every row, not both`);
  const startMs = isoRows ? rows[0].time : Date.parse('2026-01-01T00:00:00Z');
  const points = rows.map((r) => ({ t: isoRows ? (r.time - startMs) / 1000 : r.time - rows[0].time, v: r.value }));
  for (let i = 1; i < points.length; i++) {
    if (points[i].t <= points[i - 1].t) throw new Error(`traffic CSV ${name} row ${i + 2}: times must increase`);
  }
  return {
    name,
    description: `${name}: ${points.length} rows over ${Math.round(points[points.length - 1].t / 60)} min`,
    startMs,
    durationSeconds: points[points.length - 1].t,
    rate: (t) => {
      let lo = 0;
      let hi = points.length - 1;
      if (t <= points[0].t) return points[0].v;
      if (t >= points[hi].t) return points[hi].v;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (points[mid].t <= t) lo = mid;
        else hi = mid;
      }
      return ramp(t, points[lo].t, points[hi].t, points[lo].v, points[hi].v);
    },
  };
}
