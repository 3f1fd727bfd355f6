import { cafe, ecommerce, exercise } from '../../src/config/profiles';
import { CdnConfig, DnsConfig, ProfileConfig, WafConfig } from '../../src/config/types';
import { problemsOf } from '../support/problems';


const cdn: CdnConfig = { priceClass: 'PriceClass_100', albOrigin: true, glacierTransitionDays: 90, noncurrentExpirationDays: 30 };
const waf: WafConfig = { rateLimit: 2000, logRetentionDays: 30 };
const dns: DnsConfig = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', domainName: 'shop.example.com', failover: 'maintenance-page' };
const withEdge = (edge: Partial<ProfileConfig>): ProfileConfig => ({ ...cafe, cdn, waf, dns, ...edge });

describe('edge config validation', () => {
  test('the edge profiles and a full edge section are valid', () => {
    expect(problemsOf(exercise)).toEqual([]);
    expect(problemsOf(ecommerce)).toEqual([]);
    expect(problemsOf(withEdge({}))).toEqual([]);
  });

  test.each([
    [5, /waf\.rateLimit \(5\) must be a whole number from 10/],
    [2_000_000_001, /waf\.rateLimit \(2000000001\)/],
    [100.5, /waf\.rateLimit \(100\.5\)/],
  ])('waf.rateLimit %p is refused', (rateLimit, message) => {
    expect(problemsOf(withEdge({ waf: { ...waf, rateLimit } }))).toEqual([expect.stringMatching(message)]);
  });

  test('waf.logRetentionDays must be a CloudWatch Logs retention', () => {
    expect(problemsOf(withEdge({ waf: { ...waf, logRetentionDays: 10 } }))).toEqual([
      expect.stringMatching(/waf\.logRetentionDays \(10\) is not a CloudWatch Logs retention/),
    ]);
  });

  test('cdn lifecycle days must be whole numbers >= 1', () => {
    expect(problemsOf(withEdge({ cdn: { ...cdn, glacierTransitionDays: 0, noncurrentExpirationDays: 1.5 } }))).toEqual([
      expect.stringMatching(/cdn\.glacierTransitionDays \(0\)/),
      expect.stringMatching(/cdn\.noncurrentExpirationDays \(1\.5\)/),
    ]);
  });

  test('a project name too long for the CDN bucket prefixes is refused with the maximum length', () => {
    const problems = problemsOf(withEdge({ project: 'averyveryverylongnam', environment: 'production' }));
    expect(problems).toEqual([expect.stringMatching(/project "averyveryverylongnam" is too long .* shorten project to at most 15 characters/)]);
  });

  test('an HTTPS ALB origin needs a dns section (CloudFront must reach the ALB by a name its certificate covers)', () => {
    const certificateArn = 'arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab';
    const p = withEdge({ dns: undefined, loadBalancer: { ...cafe.loadBalancer, certificateArn } });
    expect(problemsOf(p)).toEqual([expect.stringMatching(/cdn\.albOrigin with loadBalancer\.certificateArn .* add a dns section/)]);
    expect(problemsOf({ ...p, dns })).toEqual([]);
    expect(problemsOf({ ...p, cdn: { ...cdn, albOrigin: false } })).toEqual([]);
  });

  test('dns.failover "maintenance-page" needs the CDN that serves the page', () => {
    expect(problemsOf(withEdge({ cdn: undefined }))).toEqual([expect.stringMatching(/dns\.failover "maintenance-page" serves the page from the CDN/)]);
    expect(problemsOf(withEdge({ cdn: undefined, dns: { ...dns, failover: 'none' } }))).toEqual([]);
  });

  test('dns names: domain and hosted zone id shapes', () => {
    expect(problemsOf(withEdge({ dns: { ...dns, domainName: 'Not A Domain', hostedZoneId: 'zone-1' } }))).toEqual([
      expect.stringMatching(/dns\.domainName "Not A Domain" is not a domain name/),
      expect.stringMatching(/dns\.hostedZoneId "zone-1" is not a Route 53 zone id/),
    ]);
  });
});
