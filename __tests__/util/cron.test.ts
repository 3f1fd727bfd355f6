import { cronMatches, parseCronExpression } from '../../src/util/cron';

const at = (weekday: number, hour = 9, minute = 0, day = 1, month = 1) => ({ minute, hour, day, month, weekday });

describe('one cron parser for the config rules and the simulator', () => {
  test('names, ranges, steps and lists evaluate as Auto Scaling evaluates them', () => {
    const { fields, problems } = parseCronExpression('*/30 9-17 * JAN,jul MON-FRI');
    expect(problems).toEqual([]);
    expect(cronMatches(fields, at(1, 9, 30))).toBe(true);
    expect(cronMatches(fields, at(5, 17, 0, 10, 7))).toBe(true);
    expect(cronMatches(fields, at(6, 9, 30))).toBe(false); // Saturday
    expect(cronMatches(fields, at(1, 9, 15))).toBe(false); // not on a 30-minute step
    expect(cronMatches(fields, at(1, 9, 0, 1, 2))).toBe(false); // February
  });

  test('a start with a step runs to the end of the field; 7 is Sunday', () => {
    const { fields } = parseCronExpression('5/20 0 * * 7');
    expect([5, 25, 45].every((m) => cronMatches(fields, at(0, 0, m)))).toBe(true);
    expect(cronMatches(fields, at(0, 0, 6))).toBe(false);
  });

  test('day of month and day of week: either matches when both are restricted', () => {
    const { fields } = parseCronExpression('0 0 13 * FRI');
    expect(cronMatches(fields, at(5, 0, 0, 2))).toBe(true);
    expect(cronMatches(fields, at(2, 0, 0, 13))).toBe(true);
    expect(cronMatches(fields, at(2, 0, 0, 14))).toBe(false);
  });

  test('an invalid expression has problems and no fields', () => {
    const parsed = parseCronExpression('0 24 * * *');
    expect(parsed.fields).toEqual([]);
    expect(parsed.problems).toEqual([expect.stringMatching(/^hour field "24" must be .* values 0-23$/)]);
  });
});
