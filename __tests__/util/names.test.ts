import { fitName, fitNamePrefix } from '../../src/util/names';

describe('fitName', () => {
  test('a name within the limit is unchanged', () => {
    expect(fitName('cafe-production-web', 32)).toBe('cafe-production-web');
    expect(fitName('x'.repeat(32), 32)).toBe('x'.repeat(32));
  });

  test('a long name is cut to the limit with a hash, so names sharing a prefix still differ', () => {
    const a = fitName('cafe-of-the-tv-show-production-web-frontend', 32);
    const b = fitName('cafe-of-the-tv-show-production-web-backend', 32);
    expect(a).toHaveLength(32);
    expect(b).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^cafe-of-the-tv-show-pro-[0-9a-f]{8}$/);
    expect(fitName('cafe-of-the-tv-show-production-web-frontend', 32)).toBe(a);
  });

  test('no double hyphen where the cut falls after one', () => {
    expect(fitName(`${'a'.repeat(22)}-${'b'.repeat(20)}`, 32)).toMatch(/^a{22}-[0-9a-f]{8}$/);
  });

  test('a name prefix keeps its trailing hyphen within the limit', () => {
    expect(fitNamePrefix('cafe-alb-logs-', 37)).toBe('cafe-alb-logs-');
    const long = fitNamePrefix(`${'shop'.repeat(10)}-alb-logs-`, 37);
    expect(long).toHaveLength(37);
    expect(long).toMatch(/-[0-9a-f]{8}-$/);
  });
});
