import { localTime, parseCron } from '../../../src/tools/simulate/cron';
import { blackFriday, flashSale, SCENARIOS, trafficFromCsv, tvEvening } from '../../../src/tools/simulate/traffic';

describe('cron in a time zone', () => {
  const fridayShow = parseCron('30 19 * * 5');
  test('the café schedule fires at 19:30 London: 18:30 UTC in summer, 19:30 UTC in winter', () => {
    expect(fridayShow.matches(localTime(Date.parse('2026-06-05T18:30:00Z'), 'Europe/London'))).toBe(true);
    expect(fridayShow.matches(localTime(Date.parse('2026-06-05T19:30:00Z'), 'Europe/London'))).toBe(false);
    expect(fridayShow.matches(localTime(Date.parse('2026-01-09T19:30:00Z'), 'Europe/London'))).toBe(true);
    expect(fridayShow.matches(localTime(Date.parse('2026-01-08T19:30:00Z'), 'Europe/London'))).toBe(false);
  });

  test('lists, ranges, steps and Sunday as 0 or 7; bad fields name the field', () => {
    const c = parseCron('*/15 9-17 * 1,6 1-5');
    expect(c.matches({ minute: 45, hour: 9, day: 3, month: 6, weekday: 2 })).toBe(true);
    expect(c.matches({ minute: 50, hour: 9, day: 3, month: 6, weekday: 2 })).toBe(false);
    expect(c.matches({ minute: 0, hour: 9, day: 3, month: 7, weekday: 2 })).toBe(false);
    expect(parseCron('0 0 * * 7').matches({ minute: 0, hour: 0, day: 4, month: 1, weekday: 0 })).toBe(true);
    expect(() => parseCron('0 25 * * *')).toThrow(/hour field "25" must be .* values 0-23/);
    expect(() => parseCron('0 0 * *')).toThrow(/must be a 5-field cron expression/);
  });
});

describe('traffic scenarios', () => {
  test('tv-evening: 10 req/s, 30x within 5 minutes of 20:00 London, held an hour, back to baseline', () => {
    const t = tvEvening();
    expect(new Date(t.startMs + t.spikeAtSeconds! * 1000).toISOString()).toBe('2026-06-05T19:00:00.000Z');
    expect(t.rate(0)).toBe(10);
    expect(t.rate(t.spikeAtSeconds! + 150)).toBeCloseTo(155);
    expect(t.rate(t.spikeAtSeconds! + 300)).toBe(300);
    expect(t.rate(t.spikeAtSeconds! + 3600)).toBe(300);
    expect(t.rate(t.durationSeconds)).toBe(10);
  });

  test('black-friday spans a day with bursts above the plateau; flash-sale jumps within a minute', () => {
    const bf = blackFriday();
    expect(bf.durationSeconds).toBe(86400);
    const samples = Array.from({ length: 1440 }, (_, m) => bf.rate(m * 60));
    expect(Math.min(...samples)).toBe(40);
    expect(Math.max(...samples)).toBe(40 * 4 * 6);
    const fs = flashSale();
    expect(fs.rate(fs.spikeAtSeconds! + 60)).toBe(500);
    expect(Object.keys(SCENARIOS).sort()).toEqual(['black-friday', 'flash-sale', 'launch-week', 'load-test-day', 'tv-evening']);
  });

  test('CSV of ISO times and requests per minute, interpolated', () => {
    const t = trafficFromCsv('time,requests_per_minute\n2026-03-01T10:00:00Z,600\n2026-03-01T10:10:00Z,6000\n', 'shop-logs');
    expect(t.startMs).toBe(Date.parse('2026-03-01T10:00:00Z'));
    expect(t.durationSeconds).toBe(600);
    expect(t.rate(0)).toBe(10);
    expect(t.rate(300)).toBe(55);
    expect(t.rate(600)).toBe(100);
  });

  test('CSV of seconds and requests per second; bad rows are refused with the row number', () => {
    const t = trafficFromCsv('seconds,rps\n0,5\n60,15\n120,5\n');
    expect(t.rate(30)).toBe(10);
    expect(() => trafficFromCsv('t,rps\n0,5\n60,lots\n')).toThrow(/row 3 "60,lots"/);
    expect(() => trafficFromCsv('t,rps\n0,5\n0,6\n')).toThrow(/times must increase/);
    expect(() => trafficFromCsv('t,rps\n0,5\n')).toThrow(/at least two rows/);
  });
});
