import { cafe, ecommerce, fastier, lab } from '../../src/config/profiles';
import { ProfileConfig, ServiceConfig } from '../../src/config/types';
import { selectProfiles } from '../../src/config/load';
import { cronProblems } from '../../src/config/rules/cron';
import { AWS_REGIONS } from '../../src/config/rules/regions';
import { nearest } from '../../src/config/suggest';
import { problemsOf } from '../support/problems';

const withService = (base: ProfileConfig, i: number, change: Partial<ServiceConfig>): ProfileConfig => ({
  ...base,
  services: base.services.map((s, j) => (i === j ? { ...s, ...change } : s)),
});

describe('regions: a table of real regions with their AZ counts', () => {
  test('an unknown region suggests the nearest real one', () => {
    expect(problemsOf({ ...cafe, region: 'eu-west-7' })).toEqual(['region "eu-west-7" is not an AWS region: did you mean "eu-west-1"?']);
    expect(problemsOf({ ...cafe, region: 'mars-1' })).toEqual(['region "mars-1" is not an AWS region: use e.g. "eu-west-1"']);
    expect(problemsOf({ ...fastier, disasterRecovery: { region: 'eu-centrl-1' } })).toEqual(['disasterRecovery.region "eu-centrl-1" is not an AWS region: did you mean "eu-central-1"?']);
  });

  test('network.azCount cannot exceed what the region has (it would wrap onto the first AZ)', () => {
    expect(problemsOf({ ...cafe, network: { ...cafe.network, azCount: 4 } })).toEqual([
      'network.azCount (4) is more than the 3 AZs eu-west-1 has: use at most 3, or a region with more AZs',
    ]);
    expect(problemsOf({ ...cafe, region: 'us-east-1', network: { ...cafe.network, azCount: 4 } })).toEqual([]);
    expect(problemsOf({ ...cafe, region: 'us-west-1', network: { ...cafe.network, azCount: 3 } })).toContainEqual(expect.stringMatching(/more than the 2 AZs us-west-1 has/));
  });

  test('every shipped profile region is in the table, and the table only holds whole AZ counts >= 2', () => {
    for (const p of [cafe, lab, fastier, ecommerce]) expect(AWS_REGIONS[p.region]).toBeGreaterThanOrEqual(p.network.azCount);
    for (const azs of Object.values(AWS_REGIONS)) expect(Number.isInteger(azs) && azs >= 2).toBe(true);
  });

  test('an S3 backend region is a real region', () => {
    expect(problemsOf({ ...lab, backend: { type: 's3', bucket: 'state-bucket', region: 'eu-west' } })).toEqual([
      'backend.region "eu-west" is not an AWS region: did you mean "eu-west-1"?',
    ]);
  });
});

describe('cron expressions are checked field by field', () => {
  test.each(['30 19 * * 5', '0 */2 * * *', '0 8 * * MON-FRI', '15,45 9-17 1 jan,jul *', '0 0 1-31/2 * 0,7'])('%s is valid', (cron) => {
    expect(cronProblems(cron)).toEqual([]);
  });
  test('each bad field is named with its range', () => {
    expect(cronProblems('61 24 0 13 8')).toEqual([
      'minute field "61" must be *, a value, a range a-b or a step */n with values 0-59',
      'hour field "24" must be *, a value, a range a-b or a step */n with values 0-23',
      'day of month field "0" must be *, a value, a range a-b or a step */n with values 1-31',
      'month field "13" must be *, a value, a range a-b or a step */n with values 1-12 or JAN-DEC',
      'day of week field "8" must be *, a value, a range a-b or a step */n with values 0-7 or SUN-SAT',
    ]);
    expect(cronProblems('5-1 * * FOO */0')).toEqual([
      'minute field "5-1" must be *, a value, a range a-b or a step */n with values 0-59',
      'month field "FOO" must be *, a value, a range a-b or a step */n with values 1-12 or JAN-DEC',
      'day of week field "*/0" must be *, a value, a range a-b or a step */n with values 0-7 or SUN-SAT',
    ]);
    expect(cronProblems('* * *')).toEqual([expect.stringMatching(/must be a 5-field cron expression .* found 3 field\(s\)/)]);
  });
  test('a schedule with a bad cron or time zone is refused at its path', () => {
    const schedules = [{ name: 'peak', recurrence: '30 25 * * 5', timeZone: 'Europe/Londn', min: 4 }];
    expect(problemsOf(withService(cafe, 0, { schedules }))).toEqual([
      'services[0] (web).schedules[0].recurrence "30 25 * * 5": hour field "25" must be *, a value, a range a-b or a step */n with values 0-23',
      'services[0] (web).schedules[0].timeZone "Europe/Londn" is not an IANA time zone: did you mean "Europe/London"?',
    ]);
  });
});

describe('cross-field rules users trip over', () => {
  test('two services claiming one path pattern (the second would never get that traffic)', () => {
    const api = { ...ecommerce.services[1], pathPatterns: ['/api/*', '/static/*'] };
    const search = { ...ecommerce.services[1], name: 'search', pathPatterns: ['/search/*', '/api/*'] };
    expect(problemsOf({ ...ecommerce, services: [ecommerce.services[0], api, search, ecommerce.services[2]] })).toEqual([
      'services[2] (search).pathPatterns[1] "/api/*" is already routed to services[1] (api): give each path pattern to one service',
    ]);
  });

  test('production keeps every service at min >= 2, queue workers included', () => {
    expect(problemsOf(withService(fastier, 1, { capacity: { min: 1, max: 4, desired: 1 } }))).toEqual([
      'services[1] (worker).capacity.min (1) must be >= 2 in production so an instance or AZ loss keeps processing the queue',
    ]);
    expect(problemsOf(withService({ ...fastier, environment: 'staging' }, 1, { capacity: { min: 1, max: 4, desired: 1 } }))).toEqual([]);
    for (const p of [cafe, fastier, ecommerce]) for (const s of p.services) expect(s.capacity.min).toBeGreaterThanOrEqual(2);
  });

  test('unknown profile names suggest the nearest one', () => {
    expect(() => selectProfiles('cafe,fastir')).toThrow(/Unknown profile\(s\) "fastir" \(did you mean "fastier"\?\) in STORMPROOF_PROFILES/);
    expect(() => selectProfiles('bakery')).toThrow(/Unknown profile\(s\) "bakery" in STORMPROOF_PROFILES\/context "profiles": use one or more of cafe, lab/);
  });

  test('nearest: typos within a third of the word, swaps count once, nothing for unrelated words', () => {
    expect(nearest('certificateArm', ['certificateArn', 'accessLogs'])).toBe('certificateArn');
    expect(nearest('regoin', ['region', 'project'])).toBe('region');
    expect(nearest('xyz', ['region', 'project'])).toBeUndefined();
    expect(nearest('ab', ['cd'])).toBeUndefined();
  });
});
