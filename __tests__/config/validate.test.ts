import { cafe, fastier, lab, PROFILES } from '../../src/config/profiles';
import { selectProfiles } from '../../src/config/load';
import { ProfileConfig, ServiceConfig } from '../../src/config/types';
import { ConfigError, validateProfile } from '../../src/config/validate';
import { problemsOf } from '../support/problems';

/** A copy of `base` with its first service changed. */
const withService = (base: ProfileConfig, change: Partial<ServiceConfig>): ProfileConfig => ({
  ...base,
  services: [{ ...base.services[0], ...change }, ...base.services.slice(1)],
});


describe('profiles', () => {
  test.each(Object.keys(PROFILES))('profile %s is valid', (name) => {
    expect(problemsOf(PROFILES[name])).toEqual([]);
  });

  test('ships the scenario profiles', () => {
    expect(Object.keys(PROFILES)).toEqual(expect.arrayContaining(['cafe', 'lab', 'exercise', 'fastier', 'ecommerce']));
  });

  test('selectProfiles picks named profiles, all by default, and refuses unknown names', () => {
    expect(selectProfiles(undefined).map((p) => p.name)).toEqual(Object.keys(PROFILES));
    expect(selectProfiles('').map((p) => p.name)).toEqual(Object.keys(PROFILES));
    expect(selectProfiles(' lab , cafe').map((p) => p.name)).toEqual(['lab', 'cafe']);
    expect(() => selectProfiles('cafe,bakery')).toThrow(/Unknown profile\(s\) "bakery".*use one or more of cafe, lab/);
  });
});

describe('validation names the field and the fix', () => {
  test('min > max capacity', () => {
    expect(problemsOf(withService(lab, { capacity: { min: 5, max: 2, desired: 2 } }))).toContainEqual(
      expect.stringMatching(/services\[0\] \(web\)\.capacity\.min \(5\) must be <= capacity\.max \(2\): lower min or raise max/),
    );
  });

  test('desired outside [min, max]', () => {
    expect(problemsOf(withService(lab, { capacity: { min: 2, max: 4, desired: 9 } }))).toContainEqual(
      expect.stringMatching(/capacity\.desired \(9\) must be within \[capacity\.min \(2\), capacity\.max \(4\)\]/),
    );
    expect(problemsOf(withService(lab, { capacity: { min: 2, max: 4, desired: 1 } }))).toContainEqual(
      expect.stringMatching(/capacity\.desired \(1\)/),
    );
  });

  test('fewer than 2 AZs, or more than 6', () => {
    expect(problemsOf({ ...lab, network: { ...lab.network, azCount: 1 } })).toContainEqual(
      expect.stringMatching(/network\.azCount \(1\) must be a whole number from 2 to 6: high availability needs at least 2 AZs/),
    );
    expect(problemsOf({ ...lab, network: { ...lab.network, azCount: 7 } })).toContainEqual(expect.stringMatching(/network\.azCount \(7\)/));
  });

  test('malformed or misaligned VPC CIDR', () => {
    expect(problemsOf({ ...lab, network: { ...lab.network, cidr: '10.0.0.1/16' } })).toContainEqual(
      expect.stringMatching(/network\.cidr "10\.0\.0\.1\/16" is not a valid IPv4 CIDR/),
    );
    expect(problemsOf({ ...lab, network: { ...lab.network, cidr: '10.0.0.0/8' } })).toContainEqual(
      expect.stringMatching(/between \/16 and \/28/),
    );
  });

  test('VPC too small for the default subnet plan', () => {
    expect(problemsOf({ ...lab, network: { ...lab.network, cidr: '10.0.0.0/26' } })).toContainEqual(
      expect.stringMatching(/network\.cidr "10\.0\.0\.0\/26" is too small .* use \/23 or larger, or set network\.subnetCidrs/),
    );
  });

  test('explicit subnets that overlap or do not fit the VPC', () => {
    const subnetCidrs = {
      public: ['10.20.0.0/24', '10.20.1.0/24'],
      app: ['10.20.1.128/25', '10.20.2.0/24'],
      data: ['10.21.0.0/24', '10.20.3.0/24'],
    };
    const problems = problemsOf({ ...lab, network: { ...lab.network, subnetCidrs } });
    expect(problems).toContainEqual(
      expect.stringMatching(/network\.subnetCidrs\.public\[1\] "10\.20\.1\.0\/24" overlaps network\.subnetCidrs\.app\[0\] "10\.20\.1\.128\/25": give each subnet its own range/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/network\.subnetCidrs\.data\[0\] "10\.21\.0\.0\/24" does not fit in network\.cidr "10\.20\.0\.0\/16"/),
    );
  });

  test('explicit subnets must give one CIDR per AZ', () => {
    const subnetCidrs = { public: ['10.20.0.0/24'], app: ['10.20.2.0/24', '10.20.3.0/24'], data: ['10.20.4.0/24', '10.20.5.0/24'] };
    expect(problemsOf({ ...lab, network: { ...lab.network, subnetCidrs } })).toContainEqual(
      expect.stringMatching(/network\.subnetCidrs\.public has 1 CIDRs: give exactly one per AZ \(2\)/),
    );
  });

  test('valid explicit subnets pass', () => {
    const subnetCidrs = {
      public: ['10.20.0.0/24', '10.20.1.0/24'],
      app: ['10.20.16.0/20', '10.20.32.0/20'],
      data: ['10.20.4.0/24', '10.20.5.0/24'],
    };
    expect(problemsOf({ ...lab, network: { ...lab.network, subnetCidrs } })).toEqual([]);
  });

  test('instance type shape', () => {
    for (const bad of ['t3', 'T3.small', 't3.huge', 'small']) {
      expect(problemsOf(withService(lab, { instanceType: bad }))).toContainEqual(
        expect.stringMatching(/instanceType ".*" is not an EC2 instance type.*: (use family\.size, e\.g\. "t3\.small"|t3 comes in nano, .*|did you mean "t3\.small"\?)$/),
      );
    }
    for (const good of ['t3.micro', 'm7g.2xlarge', 'c6in.metal', 'r6id.24xlarge']) {
      expect(problemsOf(withService(lab, { instanceType: good }))).toEqual([]);
    }
  });

  test('health-check path must start with /', () => {
    expect(problemsOf(withService(lab, { healthCheckPath: 'health' }))).toContainEqual(
      expect.stringMatching(/healthCheckPath "health" must start with '\/': use e\.g\. "\/health"/),
    );
  });

  test('unknown profile', () => {
    expect(() => selectProfiles('nope')).toThrow(/Unknown profile\(s\) "nope"/);
  });

  test('production keeps at least two web instances', () => {
    expect(problemsOf(withService(cafe, { capacity: { min: 1, max: 4, desired: 1 } }))).toContainEqual(
      expect.stringMatching(/capacity\.min \(1\) must be >= 2 in production/),
    );
  });

  test('log retention must be a CloudWatch value', () => {
    expect(problemsOf({ ...lab, logRetentionDays: 10 })).toContainEqual(
      expect.stringMatching(/logRetentionDays \(10\) is not a CloudWatch Logs retention: use one of 1, 3, 5, 7/),
    );
  });

  test('one web service routes /*, names are unique', () => {
    const twoDefaults = { ...lab, services: [lab.services[0], { ...lab.services[0], name: 'web2' }] };
    expect(problemsOf(twoDefaults)).toContainEqual(expect.stringMatching(/exactly one web service must route "\/\*"/));
    const dup = { ...lab, services: [lab.services[0], { ...lab.services[0], pathPatterns: ['/api/*'] }] };
    expect(problemsOf(dup)).toContainEqual(expect.stringMatching(/name "web" is used twice/));
  });

  test('cpu alarms: low below high', () => {
    const cpuAlarms = { highPercent: 20, lowPercent: 70, periodSeconds: 60, evaluationPeriods: 2 };
    expect(problemsOf(withService(lab, { cpuAlarms }))).toContainEqual(
      expect.stringMatching(/cpuAlarms\.lowPercent \(70\) must be < cpuAlarms\.highPercent \(20\)/),
    );
  });

  test('scheduled actions are checked', () => {
    const schedules = [{ name: 'Bad Name', recurrence: '* *', min: 5, max: 2 }];
    const problems = problemsOf(withService(cafe, { schedules }));
    expect(problems).toContainEqual(expect.stringMatching(/schedules\[0\]\.name "Bad Name"/));
    expect(problems).toContainEqual(expect.stringMatching(/schedules\[0\]\.recurrence "\* \*" must be a 5-field cron expression/));
    expect(problems).toContainEqual(expect.stringMatching(/schedules\[0\]\.min \(5\) must be <= max \(2\)/));
  });

  test('certificate ARN shape', () => {
    expect(problemsOf({ ...lab, loadBalancer: { ...lab.loadBalancer, certificateArn: 'arn:aws:iam::123:server-certificate/x' } })).toContainEqual(
      expect.stringMatching(/loadBalancer\.certificateArn .* is not an ACM certificate ARN/),
    );
  });

  test('reports every problem at once', () => {
    const bad = withService({ ...lab, network: { ...lab.network, azCount: 1 } }, { healthCheckPath: 'x', instanceType: 'big' });
    expect(() => validateProfile(bad)).toThrow(ConfigError);
    expect(problemsOf(bad).length).toBeGreaterThanOrEqual(3);
    try {
      validateProfile(bad);
    } catch (e) {
      expect((e as Error).message).toMatch(/^Invalid Stormproof profile "lab":\n {2}- /);
    }
  });

  test('operations: e-mail shape, positive budget, backup retention past cold storage', () => {
    const ops = fastier.operations!;
    const bad: ProfileConfig = {
      ...fastier,
      operations: {
        ...ops,
        alertEmails: ['oncall-at-example.com'],
        monthlyBudgetUsd: 0,
        backup: { dailyRetentionDays: 7, monthlyRetentionDays: 100, coldStorageAfterDays: 30 },
      },
    };
    const problems = problemsOf(bad);
    expect(problems).toContainEqual(expect.stringMatching(/operations\.alertEmails\[0\] "oncall-at-example\.com" is not an e-mail address/));
    expect(problems).toContainEqual(expect.stringMatching(/operations\.monthlyBudgetUsd \(0\) must be > 0/));
    expect(problems).toContainEqual(
      expect.stringMatching(/operations\.backup\.monthlyRetentionDays \(100\) must be >= coldStorageAfterDays \(30\) \+ 90/),
    );
  });

  test('operations: backups need a database', () => {
    const problems = problemsOf({ ...lab, operations: { ...lab.operations!, backup: { dailyRetentionDays: 7, monthlyRetentionDays: 365, coldStorageAfterDays: 30 } } });
    expect(problems).toContainEqual(expect.stringMatching(/operations\.backup backs up the database: add a database section/));
  });
});
