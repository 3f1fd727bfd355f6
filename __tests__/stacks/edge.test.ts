import { Resources, synthProfile } from '../support/synth';
import { cafe, ecommerce, exercise } from '../../src/config/profiles';
import { DnsConfig, ProfileConfig } from '../../src/config/types';
import { validateProfile } from '../../src/config/validate';

type Blocks = Resources;

const synth = (profile: ProfileConfig) => {
  const { json, resource: r } = synthProfile(validateProfile(profile));
  return { json, r, providers: json.provider.aws as Record<string, any>[] };
};
const all = (r: Blocks, type: string) => Object.values(r[type] ?? {});
const dns: DnsConfig = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', domainName: 'shop.example.com', failover: 'maintenance-page' };

describe('edge of the ecommerce profile (CDN + WAF on ALB and CloudFront)', () => {
  const { json, r, providers } = synth(ecommerce);
  const acls = all(r, 'aws_wafv2_web_acl');
  const regional = acls.find((a) => a.scope === 'REGIONAL')!;
  const cloudfront = acls.find((a) => a.scope === 'CLOUDFRONT')!;
  const distribution = all(r, 'aws_cloudfront_distribution')[0];

  test('an aliased us-east-1 provider next to the default one', () => {
    expect(providers.filter((p) => p.alias === 'us-east-1')).toEqual([expect.objectContaining({ region: 'us-east-1' })]);
    expect(providers.filter((p) => p.alias === undefined)).toHaveLength(1);
  });

  test('a REGIONAL ACL associated with the ALB, a CLOUDFRONT ACL in us-east-1 attached to the distribution', () => {
    expect(acls).toHaveLength(2);
    expect(regional.provider).toBeUndefined();
    const association = all(r, 'aws_wafv2_web_acl_association');
    expect(association).toHaveLength(1);
    expect(association[0].resource_arn).toMatch(/^\$\{aws_lb\..*\.arn\}$/);
    expect(cloudfront.provider).toBe('aws.us-east-1');
    expect(distribution.web_acl_id).toMatch(/^\$\{aws_wafv2_web_acl\.edge_cdn-waf_.*\.arn\}$/);
    const groups = all(r, 'aws_cloudwatch_log_group').filter((g) => String(g.name).startsWith('aws-waf-logs-'));
    expect(groups.map((g) => [g.name, g.provider, g.retention_in_days]).sort()).toEqual([
      ['aws-waf-logs-shop-production-alb', undefined, 90],
      ['aws-waf-logs-shop-production-cdn', 'aws.us-east-1', 90],
    ]);
    // The ALB sees only CloudFront edges: it rate-limits the forwarded viewer IP; CloudFront limits the real one.
    expect(regional.rule.find((x: any) => x.statement.rate_based_statement).statement.rate_based_statement).toMatchObject({ limit: 2000, aggregate_key_type: 'FORWARDED_IP' });
    expect(cloudfront.rule.find((x: any) => x.statement.rate_based_statement).statement.rate_based_statement).toEqual({ limit: 2000, aggregate_key_type: 'IP' });
  });

  test('CloudFront sends the origin-verify secret and the ALB forwards only requests carrying the same value', () => {
    const alb = (distribution.origin as any[]).find((o) => o.origin_id === 'alb');
    const header = alb.custom_header[0];
    expect(header.value).toMatch(/^\$\{aws_secretsmanager_secret_version\..*\.secret_string\}$/);
    expect(alb.domain_name).toMatch(/^\$\{aws_lb\..*\.dns_name\}$/);
    expect(alb.custom_origin_config.origin_protocol_policy).toBe('http-only');
    const conditions = all(r, 'aws_lb_listener_rule').flatMap((rule) => rule.condition as any[]).filter((c) => c.http_header);
    expect(conditions.length).toBeGreaterThan(0);
    for (const c of conditions) expect(c.http_header).toEqual({ http_header_name: header.name, values: [header.value] });
    const redacted = all(r, 'aws_wafv2_web_acl_logging_configuration').find((l) => l.provider === undefined)!.redacted_fields;
    expect(redacted).toContainEqual({ single_header: { name: 'x-origin-verify' } });
  });

  test('outputs the CDN domain and the static bucket', () => {
    expect(json.output.cdn_domain_name.value).toMatch(/aws_cloudfront_distribution\..*\.domain_name/);
    expect(json.output.static_bucket_name.value).toMatch(/aws_s3_bucket\.edge_static-assets_static_bucket_.*\.bucket/);
  });
});

describe('profiles without the edge pieces', () => {
  test('exercise: CDN without WAF or DNS needs no us-east-1 provider', () => {
    const { r, providers } = synth(exercise);
    expect(providers.filter((p) => p.alias === 'us-east-1')).toEqual([]);
    expect(all(r, 'aws_cloudfront_distribution')).toHaveLength(1);
    expect(r.aws_wafv2_web_acl).toBeUndefined();
    expect(all(r, 'aws_cloudfront_distribution')[0].viewer_certificate).toEqual({ cloudfront_default_certificate: true });
  });

  test('cafe: no CDN, no WAF, no origin secret, and the ALB takes every request', () => {
    const { r, providers } = synth(cafe);
    expect(providers.filter((p) => p.alias === 'us-east-1')).toEqual([]);
    for (const t of ['aws_cloudfront_distribution', 'aws_wafv2_web_acl', 'aws_secretsmanager_secret', 'aws_route53_record']) expect(r[t]).toBeUndefined();
    const headers = all(r, 'aws_lb_listener_rule').flatMap((rule) => rule.condition as any[]).filter((c) => c.http_header);
    expect(headers).toEqual([]);
  });
});

describe('edge with a domain', () => {
  test('CDN in front of the ALB: certificate in us-east-1, A/AAAA aliases to CloudFront, health check through it', () => {
    const { r } = synth({ ...ecommerce, dns });
    const cert = all(r, 'aws_acm_certificate')[0];
    expect(cert).toMatchObject({ domain_name: 'shop.example.com', provider: 'aws.us-east-1' });
    const site = all(r, 'aws_route53_record').filter((x) => x.name === 'shop.example.com');
    expect(site.map((x) => x.type).sort()).toEqual(['A', 'AAAA']);
    for (const x of site) expect(x.alias.name).toMatch(/aws_cloudfront_distribution\..*\.domain_name/);
    const hc = all(r, 'aws_route53_health_check')[0];
    expect(hc).toMatchObject({ type: 'HTTPS', resource_path: '/health' });
    expect(hc.fqdn).toMatch(/aws_cloudfront_distribution\..*\.domain_name/);
    expect(all(r, 'aws_cloudfront_distribution')[0].aliases).toEqual(['shop.example.com']);
  });

  test('CDN for static assets only: the name fails over from the ALB (PRIMARY) to the CloudFront maintenance page (SECONDARY)', () => {
    const { r } = synth({ ...exercise, dns, cdn: { ...exercise.cdn!, albOrigin: false } });
    const records = all(r, 'aws_route53_record').filter((x) => x.name === 'shop.example.com');
    const primary = records.find((x) => x.failover_routing_policy?.type === 'PRIMARY')!;
    const secondary = records.find((x) => x.failover_routing_policy?.type === 'SECONDARY')!;
    expect(primary.alias).toMatchObject({ name: expect.stringMatching(/aws_lb\..*\.dns_name/), evaluate_target_health: true });
    expect(primary.health_check_id).toMatch(/aws_route53_health_check/);
    expect(secondary.alias.name).toMatch(/aws_cloudfront_distribution\..*\.domain_name/);
    expect(all(r, 'aws_route53_health_check')[0]).toMatchObject({ type: 'HTTP', port: 80, resource_path: '/health' });
    expect(r.aws_secretsmanager_secret).toBeUndefined();
  });

  test('no CDN: the name aliases the ALB (its own health evaluated), with an HTTP health check and no failover', () => {
    const { r, providers } = synth({ ...cafe, dns: { ...dns, failover: 'none' } });
    const records = all(r, 'aws_route53_record');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ name: 'shop.example.com', type: 'A', alias: { evaluate_target_health: true } });
    expect(records[0].failover_routing_policy).toBeUndefined();
    expect(all(r, 'aws_route53_health_check')[0]).toMatchObject({ type: 'HTTP', resource_path: '/health' });
    expect(providers.filter((p) => p.alias === 'us-east-1')).toEqual([]);
  });

  test('an ALB certificate makes CloudFront use HTTPS to origin.<domain>, an alias of the ALB', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab';
    const { r } = synth({ ...ecommerce, dns, loadBalancer: { ...ecommerce.loadBalancer, certificateArn } });
    const alb = (all(r, 'aws_cloudfront_distribution')[0].origin as any[]).find((o) => o.origin_id === 'alb');
    expect(alb.domain_name).toBe('origin.shop.example.com');
    expect(alb.custom_origin_config.origin_protocol_policy).toBe('https-only');
    const origin = all(r, 'aws_route53_record').find((x) => x.name === 'origin.shop.example.com')!;
    expect(origin.alias.name).toMatch(/aws_lb\..*\.dns_name/);
  });
});
