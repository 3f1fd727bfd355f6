import { ecommerce, fastier, fastierBeanstalk } from '../../src/config/profiles';
import { BeanstalkConfig, ProfileConfig } from '../../src/config/types';
import { problemsOf } from '../support/problems';

const beanstalk: BeanstalkConfig = fastierBeanstalk.beanstalk!;
const withBeanstalk = (change: Partial<ProfileConfig>): ProfileConfig => ({ ...fastierBeanstalk, ...change });

describe('compute config validation', () => {
  test('fastier (ec2, memory target) and fastier-beanstalk are valid', () => {
    expect(problemsOf(fastier)).toEqual([]);
    expect(problemsOf(fastierBeanstalk)).toEqual([]);
  });

  test('compute "beanstalk" needs its section; the section needs compute "beanstalk"', () => {
    expect(problemsOf(withBeanstalk({ beanstalk: undefined }))).toEqual([expect.stringMatching(/^compute "beanstalk" needs a beanstalk section/)]);
    expect(problemsOf({ ...fastier, beanstalk })).toEqual([expect.stringMatching(/^the beanstalk section is only read with compute "beanstalk"/)]);
  });

  test('one web service, an application name that fits, no CloudFront ALB origin, HTTPS in production', () => {
    const problems = problemsOf({
      ...ecommerce,
      compute: 'beanstalk',
      beanstalk,
      loadBalancer: { ...ecommerce.loadBalancer, certificateArn: undefined },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^compute "beanstalk" runs exactly one web service \(found 2\)/),
      expect.stringMatching(/^cdn\.albOrigin is not supported with compute "beanstalk": each environment owns an ALB .* set cdn\.albOrigin to false/),
      expect.stringMatching(/^compute "beanstalk" in production serves HTTPS only: set dns .* or loadBalancer\.certificateArn/),
      // ecommerce's pilot light copies EC2 groups, which a Beanstalk web service does not have.
      expect.stringMatching(/^disasterRecovery\.strategy "pilot-light" copies the EC2 Auto Scaling groups .* needs compute "ec2" \(this is "beanstalk"\)/),
    ]);
    const longName = problemsOf(withBeanstalk({ project: 'fastier-elastic' }));
    expect(longName).toEqual([
      expect.stringMatching(/Beanstalk application name "fastier-elastic-production-web" .* is 30 characters/),
      expect.stringMatching(/the pipeline name "fastier-elastic-production-web" is 30 characters, over 27/),
    ]);
  });

  test('waf, dns and cdn without the ALB origin are accepted; the certificate comes from dns or certificateArn', () => {
    expect(fastierBeanstalk).toMatchObject({ waf: { rateLimit: 2000 }, cdn: { albOrigin: false }, dns: { failover: 'maintenance-page' } });
    expect(fastierBeanstalk.loadBalancer.certificateArn).toBeUndefined();
    expect(problemsOf(withBeanstalk({ cdn: { ...fastierBeanstalk.cdn!, albOrigin: true } }))).toEqual([expect.stringMatching(/^cdn\.albOrigin is not supported with compute "beanstalk"/)]);
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f6c1b2a-3d4e-4f50-8a9b-0c1d2e3f4a5b';
    // Without dns: the given certificate (and no maintenance-page failover, which needs the name).
    expect(problemsOf(withBeanstalk({ dns: undefined, loadBalancer: { certificateArn } }))).toEqual([]);
    expect(problemsOf(withBeanstalk({ dns: undefined, cdn: undefined, waf: undefined }))).toEqual([
      expect.stringMatching(/^production serves plain HTTP/),
      expect.stringMatching(/^compute "beanstalk" in production serves HTTPS only/),
    ]);
    expect(problemsOf(withBeanstalk({ environment: 'staging', dns: undefined }))).toEqual([]);
  });

  test('every beanstalk field is checked, naming the field and the fix', () => {
    const problems = problemsOf(
      withBeanstalk({
        beanstalk: { platform: 'node' as any, solutionStack: 'Python 3', deployment: 'canary' as any, versionsToKeep: 1, platformUpdateWindow: '04:00' },
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^beanstalk\.platform "node" must be "python" or "docker"/),
      expect.stringMatching(/^beanstalk\.solutionStack "Python 3" must be "latest", "pinned"/),
      expect.stringMatching(/^beanstalk\.deployment "canary" must be/),
      expect.stringMatching(/^beanstalk\.versionsToKeep \(1\) must be 2-1000/),
      expect.stringMatching(/^beanstalk\.platformUpdateWindow "04:00" must look like "Sun:04:00"/),
    ]);
  });

  test('memoryTargetPercent and compute values are range-checked', () => {
    const services = fastier.services.map((s) => (s.kind === 'web' ? { ...s, memoryTargetPercent: 100 } : s));
    expect(problemsOf({ ...fastier, services })).toEqual([expect.stringMatching(/^services\[0\] \(web\)\.memoryTargetPercent \(100\) must be 10-95/)]);
    expect(problemsOf({ ...fastier, compute: 'lambda' as any })).toEqual([expect.stringMatching(/^compute "lambda" must be "ec2", "eks" or "beanstalk"/)]);
  });
});
