import { Testing, TerraformStack } from 'cdktf';
import { Dns, DnsProps } from '../../../src/constructs/edge/dns';
import { CLOUDFRONT_HOSTED_ZONE_ID } from '../../../src/constructs/edge/cdn';
import { synthConstruct } from '../../support/synth';

const ALB = { dnsName: 'shop-alb-1.eu-west-1.elb.amazonaws.com', zoneId: 'Z32O12XQLNTSW2', evaluateTargetHealth: true };
const CDN = { dnsName: 'd111111abcdef8.cloudfront.net', zoneId: CLOUDFRONT_HOSTED_ZONE_ID };
const synthDns = (props: Partial<DnsProps>) => {
  return synthConstruct((stack) => new Dns(stack, 'dns', { name: 'shop', hostedZoneId: 'Z0123456789ABCDEFGHIJ', domainName: 'shop.example.com', primary: ALB, ...props })).resource;
};

describe('Dns with maintenance-page failover', () => {
  const r = synthDns({ healthCheck: { fqdn: ALB.dnsName, protocol: 'HTTPS' }, secondary: CDN });
  const records = Object.values(r.aws_route53_record);

  test('HTTPS health check on the primary endpoint /health', () => {
    const hc = Object.values(r.aws_route53_health_check);
    expect(hc).toHaveLength(1);
    expect(hc[0]).toMatchObject({ fqdn: ALB.dnsName, type: 'HTTPS', port: 443, resource_path: '/health', failure_threshold: 3, request_interval: 30 });
  });

  test('PRIMARY alias to the ALB with the health check, SECONDARY alias to the CloudFront maintenance page', () => {
    expect(records).toHaveLength(2);
    const primary = records.find((x) => x.failover_routing_policy.type === 'PRIMARY')!;
    const secondary = records.find((x) => x.failover_routing_policy.type === 'SECONDARY')!;
    expect(primary).toMatchObject({ name: 'shop.example.com', type: 'A', set_identifier: 'primary', zone_id: 'Z0123456789ABCDEFGHIJ' });
    expect(primary.health_check_id).toMatch(/aws_route53_health_check\..*\.id/);
    expect(primary.alias).toEqual({ name: ALB.dnsName, zone_id: ALB.zoneId, evaluate_target_health: true });
    expect(secondary).toMatchObject({ name: 'shop.example.com', type: 'A', set_identifier: 'secondary' });
    expect(secondary.alias).toEqual({ name: CDN.dnsName, zone_id: 'Z2FDTNDATAQYW2', evaluate_target_health: false });
    expect(secondary.health_check_id).toBeUndefined();
  });
});

describe('Dns without failover', () => {
  test('plain A and AAAA aliases to CloudFront, health check kept for alarms', () => {
    const r = synthDns({ primary: CDN, ipv6: true, healthCheck: { fqdn: CDN.dnsName } });
    const records = Object.values(r.aws_route53_record);
    expect(records.map((x) => x.type).sort()).toEqual(['A', 'AAAA']);
    for (const x of records) {
      expect(x.failover_routing_policy).toBeUndefined();
      expect(x.alias).toMatchObject({ name: CDN.dnsName, zone_id: 'Z2FDTNDATAQYW2' });
    }
    expect(Object.values(r.aws_route53_health_check)[0]).toMatchObject({ fqdn: CDN.dnsName, type: 'HTTPS' });
  });

  test('a secondary without a health check is refused', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    expect(() => new Dns(stack, 'd', { name: 'x', hostedZoneId: 'Z1', domainName: 'a.example.com', primary: { ...ALB, evaluateTargetHealth: false }, secondary: CDN })).toThrow(/healthCheck/);
    // An ALB primary with evaluateTargetHealth fails over on its own targets' health (no health check).
    const d = new Dns(stack, 'e', { name: 'x', hostedZoneId: 'Z1', domainName: 'b.example.com', primary: { ...ALB, evaluateTargetHealth: true }, secondary: CDN });
    expect(d.records.map((r) => r.failoverRoutingPolicyInput?.type)).toEqual(['PRIMARY', 'SECONDARY']);
  });
});
