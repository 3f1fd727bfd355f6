import { cafe, ecommerce, exercise, fastier, lab } from '../../src/config/profiles';
import { DnsConfig, ProfileConfig } from '../../src/config/types';
import { problemsOf } from '../support/problems';

const dns: DnsConfig = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', domainName: 'cafe.example.com', failover: 'none' };
const certificateArn = 'arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab';
/** cafe without its plain-HTTP waiver, plus `extra`. */
const cafeWith = (extra: Partial<ProfileConfig>, lb: Partial<ProfileConfig['loadBalancer']> = {}): ProfileConfig => ({
  ...cafe,
  ...extra,
  loadBalancer: { ...cafe.loadBalancer, plainHttp: undefined, ...lb },
});

describe('TLS: production serves HTTPS unless it says it is a plain-HTTP demo', () => {
  test('the shipped profiles pass; only cafe (production without a domain or CDN) carries the waiver', () => {
    for (const p of [cafe, lab, exercise, fastier, ecommerce]) expect(problemsOf(p)).toEqual([]);
    expect([cafe, lab, exercise, fastier, ecommerce].filter((p) => p.loadBalancer.plainHttp !== undefined).map((p) => p.name)).toEqual(['cafe']);
  });

  test('production without a certificate, domain or CloudFront in front is refused, naming every way out', () => {
    expect(problemsOf(cafeWith({}))).toEqual([
      expect.stringMatching(/^production serves plain HTTP: set dns .* or loadBalancer\.certificateArn, or put CloudFront in front \(cdn\.albOrigin\); .* loadBalancer\.plainHttp "demo-only"$/),
    ]);
  });

  test.each<[string, ProfileConfig]>([
    ['a domain (the stack issues the certificate)', cafeWith({ dns })],
    ['loadBalancer.certificateArn', cafeWith({}, { certificateArn })],
    ['CloudFront in front of the ALB (VPC origin)', cafeWith({ cdn: { ...exercise.cdn!, albOrigin: true } })],
    ['the explicit demo waiver', cafeWith({}, { plainHttp: 'demo-only' })],
  ])('production is accepted with %s', (_, p) => {
    expect(problemsOf(p)).toEqual([]);
  });

  test('a CDN for static assets only does not make the ALB HTTPS', () => {
    expect(problemsOf(cafeWith({ cdn: { ...exercise.cdn!, albOrigin: false } }))).toEqual([expect.stringMatching(/^production serves plain HTTP/)]);
  });

  test('dev and staging may serve plain HTTP without saying so', () => {
    expect(problemsOf(cafeWith({ environment: 'staging' }))).toEqual([]);
    expect(problemsOf({ ...lab, loadBalancer: { ...lab.loadBalancer, plainHttp: undefined } })).toEqual([]);
  });

  test('with HTTPS the inherited waiver is moot: cafe plus a domain alone is valid (a config file cannot delete the key)', () => {
    expect(problemsOf({ ...cafe, dns })).toEqual([]);
    expect(cafe.loadBalancer.plainHttp).toBe('demo-only');
  });

  test('an unknown waiver value (e.g. from a JSON config) is refused with the one accepted value', () => {
    expect(problemsOf(cafeWith({}, { plainHttp: 'yes' as 'demo-only' }))).toEqual([
      expect.stringMatching(/^loadBalancer\.plainHttp "yes" is not a known value: use "demo-only"/),
    ]);
  });
});
