import { cafe, ecommerce, ecommerceEks, fastierBeanstalk } from '../../src/config/profiles';
import { EksConfig, ProfileConfig } from '../../src/config/types';
import { problemsOf } from '../support/problems';

const eks: EksConfig = ecommerceEks.eks!;
const withEks = (overrides: Partial<EksConfig> = {}, profile: Partial<ProfileConfig> = {}): ProfileConfig => ({
  ...ecommerceEks,
  ...profile,
  eks: { ...eks, ...overrides },
});

describe('compute and eks config validation', () => {
  test('ecommerce-eks and the EC2 profiles are valid; compute defaults to ec2', () => {
    expect(problemsOf(ecommerceEks)).toEqual([]);
    expect(ecommerce.compute).toBeUndefined();
    expect(problemsOf(ecommerce)).toEqual([]);
    expect(problemsOf({ ...cafe, compute: 'ec2' })).toEqual([]);
  });

  test('an unknown compute value is refused', () => {
    expect(problemsOf({ ...cafe, compute: 'lambda' as never })).toEqual([expect.stringMatching(/compute "lambda" must be "ec2", "eks" or "beanstalk"/)]);
  });

  test('compute "eks" needs an eks section; an eks section or pod sizes without it are refused', () => {
    expect(problemsOf({ ...ecommerceEks, eks: undefined })).toEqual([expect.stringMatching(/compute "eks" needs an eks section/)]);
    expect(problemsOf({ ...ecommerce, eks })).toEqual([expect.stringMatching(/eks is set but compute is not "eks"/)]);
    const withPod = { ...ecommerce, services: ecommerce.services.map((s) => ({ ...s, pod: eks.defaultPod })) };
    expect(problemsOf(withPod)).toEqual(ecommerce.services.map((s, i) => expect.stringMatching(new RegExp(`services\\[${i}\\] \\(${s.name}\\)\\.pod is for compute "eks"`))));
  });

  test('the Kubernetes version must be in EKS standard support (1.35 until 2027-03-27; 1.33 and 1.34 have left it)', () => {
    expect(eks.version).toBe('1.35');
    for (const v of ['1.29', '1.33', '1.34']) {
      const message = new RegExp(`eks\\.version "${v.replace('.', '\\.')}" is not supported here: use one of 1\\.35 \\(in EKS standard support`);
      expect(problemsOf(withEks({ version: v }))).toEqual([expect.stringMatching(message)]);
    }
  });

  test('the public API endpoint is off or limited: 0.0.0.0/0 and bad CIDRs are refused', () => {
    expect(problemsOf(withEks({ publicAccessCidrs: ['203.0.113.0/24'] }))).toEqual([]);
    expect(problemsOf(withEks({ publicAccessCidrs: ['0.0.0.0/0', '10.0.0.300/8'] }))).toEqual([
      expect.stringMatching(/eks\.publicAccessCidrs\[0\] "0\.0\.0\.0\/0" opens the API endpoint to the internet/),
      expect.stringMatching(/eks\.publicAccessCidrs\[1\] "10\.0\.0\.300\/8" is not a valid IPv4 CIDR/),
    ]);
  });

  test('node groups: sizes, instance types, disks, Spot diversity and the production baseline', () => {
    const problems = problemsOf(withEks({
      onDemand: { instanceTypes: ['m6i.huge'], min: 1, max: 0, desired: 3, diskGb: 10 },
      spot: { instanceTypes: ['m6i.large'], min: 0, max: 5, desired: 0, diskGb: 50 },
    }));
    expect(problems).toEqual([
      expect.stringMatching(/eks\.onDemand\.instanceTypes\[0\] "m6i\.huge" is not an EC2 instance type/),
      expect.stringMatching(/eks\.onDemand\.min \(1\) must be <= max \(0\): lower min or raise max/),
      expect.stringMatching(/eks\.onDemand\.desired \(3\) must be within \[min \(1\), max \(0\)\]/),
      expect.stringMatching(/eks\.onDemand\.max \(0\) must be 1-450/),
      expect.stringMatching(/eks\.onDemand\.diskGb \(10\) must be 20-16384/),
      expect.stringMatching(/eks\.spot\.instanceTypes has 1 type\(s\): list at least 2/),
      expect.stringMatching(/eks\.onDemand\.min \(1\) must be >= 2 in production/),
    ]);
  });

  test('add-on versions must be pinned; role names, namespace, image and pod sizes are checked', () => {
    const problems = problemsOf(withEks({
      addons: { metricsServer: 'latest' },
      adminRoleNames: ['arn:aws:iam::123456789012:role/admin'],
      namespace: 'kube-shop',
      image: 'python',
      defaultPod: { cpuMillis: 500, cpuLimitMillis: 250, memoryMiB: 16 },
    }));
    expect(problems).toEqual([
      expect.stringMatching(/eks\.addons\.metricsServer "latest" must be a pinned add-on version/),
      expect.stringMatching(/eks\.adminRoleNames "arn:aws:iam::123456789012:role\/admin" is not an IAM role name/),
      expect.stringMatching(/eks\.namespace "kube-shop" must be a DNS label .* and not kube-\*/),
      expect.stringMatching(/eks\.image "python" must be a pinned image reference/),
      expect.stringMatching(/eks\.defaultPod\.cpuLimitMillis \(250\) must be >= cpuMillis \(500\)/),
      expect.stringMatching(/eks\.defaultPod\.memoryMiB \(16\) must be a whole number >= 32/),
    ]);
  });

  test('what needs the stack\'s own ALB (CloudFront ALB origin, DNS records, access logs) or an ASG is refused with the fix', () => {
    const problems = problemsOf({
      ...ecommerceEks,
      cdn: { ...ecommerceEks.cdn!, albOrigin: true },
      dns: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', domainName: 'shop.example.com', failover: 'none' },
      loadBalancer: { ...ecommerceEks.loadBalancer, accessLogs: true },
      services: ecommerceEks.services.map((s, i) => (i === 0 ? { ...s, warmPool: { minSize: 1, state: 'Stopped' as const } } : s)),
    });
    expect(problems).toEqual([
      expect.stringMatching(/services\[0\] \(web\): warmPool, cpuAlarms and schedules are Auto Scaling group features/),
      expect.stringMatching(/cdn\.albOrigin needs the stack's own ALB.*set cdn\.albOrigin to false/),
      expect.stringMatching(/dns records point at the stack's own ALB.*remove dns/),
      expect.stringMatching(/loadBalancer\.accessLogs .* set it to false/),
    ]);
  });
});

test('the control-plane log retention must be one CloudWatch Logs accepts', () => {
  expect(problemsOf({ ...ecommerceEks, eks: { ...ecommerceEks.eks!, logRetentionDays: 45 } })).toEqual([
    expect.stringMatching(/eks\.logRetentionDays \(45\) is not a CloudWatch Logs retention: use one of 1, 3, 5/),
  ]);
});

test('blue-green releases (CodeDeploy to an Auto Scaling group) are refused with compute "eks"', () => {
  const services = ecommerceEks.services.map((s, i) => (i === 1 ? { ...s, deploy: 'blue-green' as const } : s));
  expect(problemsOf({ ...ecommerceEks, services })).toEqual(expect.arrayContaining([expect.stringMatching(/services\[1\] \(api\)\.deploy "blue-green" releases through CodeDeploy .* remove deploy/)]));
});

test('container port, probe paths and resources are checked, each problem naming the field', () => {
  const container = {
    image: 'shop/api:1',
    port: 80,
    readinessPath: 'ready',
    livenessPath: '/alive ok',
    resources: { cpuMillis: 5, memoryMiB: 256, cpuLimitMillis: 4, memoryLimitMiB: 128 },
  };
  const services = ecommerceEks.services.map((s, i) => (i === 1 ? { ...s, container } : s));
  const problems = problemsOf({ ...ecommerceEks, services });
  for (const message of [
    /services\[1\] \(api\)\.container\.port \(80\) must be a whole number from 1024 to 65535/,
    /services\[1\] \(api\)\.container\.readinessPath "ready" must be an HTTP path starting with '\/'/,
    /services\[1\] \(api\)\.container\.livenessPath "\/alive ok" must be an HTTP path/,
    /services\[1\] \(api\)\.container\.resources\.cpuMillis \(5\) must be a whole number >= 10/,
    /services\[1\] \(api\)\.container\.resources\.cpuLimitMillis \(4\) must be >= cpuMillis \(5\)/,
    /services\[1\] \(api\)\.container\.resources\.memoryLimitMiB \(128\) must be >= memoryMiB \(256\)/,
  ]) {
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  }
  const fine = ecommerceEks.services.map((s, i) => (i === 1 ? { ...s, container: { image: 'shop/api:1', port: 9000, readinessPath: '/ready', resources: { cpuMillis: 500, memoryMiB: 768 } } } : s));
  expect(problemsOf({ ...ecommerceEks, services: fine })).toEqual([]);
});

test('a Beanstalk web service takes a bundle (its application version) but no image or userData; a zip is refused there', () => {
  const withBundle = (bundle: { path: string; start: string }, extra = {}) => ({
    ...fastierBeanstalk,
    services: fastierBeanstalk.services.map((s) => (s.kind === 'web' ? { ...s, bundle, ...extra } : s)),
  });
  expect(problemsOf(withBundle({ path: 'examples/startup-python/app', start: 'exec python3 web.py' }))).toEqual([]);
  expect(problemsOf(withBundle({ path: 'examples/startup-python/app', start: 'x' }, { userData: 'echo hi' }))).toEqual([
    expect.stringMatching(/services\[0\] \(web\)\.userData applies to EC2 services only: with compute "beanstalk" the web service runs on Beanstalk/),
  ]);
});
