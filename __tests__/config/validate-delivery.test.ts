import { cafe, ecommerce, fastier, fastierBeanstalk } from '../../src/config/profiles';
import { ProfileConfig } from '../../src/config/types';
import { problemsOf } from '../support/problems';

const withDeploy = (base: ProfileConfig, index: number, deploy: any): ProfileConfig => ({
  ...base,
  services: base.services.map((s, i) => (i === index ? { ...s, deploy } : s)),
});

describe('deploy switch and delivery config', () => {
  test('blue-green is on for the web services of fastier and ecommerce only; every other service rolls', () => {
    const blueGreen = (p: ProfileConfig) => p.services.filter((s) => s.deploy === 'blue-green').map((s) => s.name);
    expect(blueGreen(fastier)).toEqual(['web']);
    expect(blueGreen(ecommerce)).toEqual(['web', 'api']);
    expect(blueGreen(cafe)).toEqual([]);
  });

  test('an unknown deploy value is refused with the allowed ones', () => {
    expect(problemsOf(withDeploy(cafe, 0, 'canary'))).toEqual(['services[0] (web).deploy "canary" must be "rolling" or "blue-green"']);
  });

  test('a worker cannot go blue-green (its rollback watches a target group)', () => {
    expect(problemsOf(withDeploy(fastier, 1, 'blue-green'))).toEqual([
      'services[1] (worker).deploy "blue-green" rolls back on its target group\'s 5xx rate and unhealthy hosts: only web services can use it; set deploy "rolling" for a worker',
    ]);
  });

  test('a Beanstalk pipeline name too long for its artifact bucket prefix names the fix; EC2 services have no pipeline to name', () => {
    const long = { ...fastierBeanstalk, project: 'cafe-of-the-tv-show' };
    expect(problemsOf(long)).toContainEqual(
      expect.stringMatching(/^services\[0\] \(web\): the pipeline name "cafe-of-the-tv-show-production-web" is 34 characters, over 27 .*shorten project or the service name$/),
    );
    expect(problemsOf(withDeploy({ ...cafe, project: 'cafe-of-the-tv-show' }, 0, 'blue-green'))).toEqual([]);
  });

  test('delivery (the Beanstalk pipeline) on an EC2 stack is refused, naming the EC2 release path instead', () => {
    expect(problemsOf({ ...fastier, delivery: { keepOldFleetMinutes: 30 } })).toEqual([
      expect.stringMatching(/^delivery configures the Elastic Beanstalk release pipeline \(compute "beanstalk"\); EC2 services with deploy "blue-green" have no pipeline: .*scripts\/ci\/release-fleets.sh.*: remove delivery$/),
    ]);
  });

  test('delivery settings are checked field by field and need a blue-green service', () => {
    const p: ProfileConfig = {
      ...fastierBeanstalk,
      services: fastierBeanstalk.services.map((s) => ({ ...s, deploy: undefined })),
      delivery: { keepOldFleetMinutes: 5000, connection: { connectionArn: 'arn:aws:iam::1:role/x', repository: 'shop', branch: 'main' } },
    };
    expect(problemsOf(p)).toEqual([
      'delivery.keepOldFleetMinutes (5000) must be a whole number from 0 to 2880 (two days)',
      expect.stringMatching(/^delivery.connection.connectionArn "arn:aws:iam::1:role\/x" must be a CodeStar connection ARN/),
      'delivery.connection.repository "shop" must be "owner/name"',
      'delivery configures release pipelines, but no service has deploy "blue-green": set it on a web service or remove delivery',
    ]);
    expect(problemsOf({ ...fastierBeanstalk, delivery: { keepOldFleetMinutes: 30 } })).toEqual([]);
  });
});
