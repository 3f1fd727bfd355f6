import { Resources, synthProfile } from '../../support/synth';
import { cafe, ecommerce, exercise, fastier } from '../../../src/config/profiles';
import { DnsConfig, ProfileConfig } from '../../../src/config/types';
import { validateProfile } from '../../../src/config/validate';

type Blocks = Resources;

const synth = (profile: ProfileConfig) => {
  const { json, resource: r } = synthProfile(validateProfile(profile));
  return { json, r, providers: json.provider.aws as Record<string, any>[] };
};
/** Primary-region resources (a standby DR tier's, on the `aws.dr` provider, have their own tests). */
const all = (r: Blocks, type: string) => Object.values(r[type] ?? {}).filter((x) => x.provider !== 'aws.dr');
const dns: DnsConfig = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', domainName: 'shop.example.com', failover: 'maintenance-page' };
/** cafe with a domain: HTTPS on, its plain-HTTP waiver moot. */
const cafeWithDomain = (d: DnsConfig): ProfileConfig => ({ ...cafe, dns: d });
const albIngress = (r: Blocks) => all(r, 'aws_vpc_security_group_ingress_rule').filter((x) => /load-balancer_firewall_sg/.test(x.security_group_id));

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

  test('no domain: CloudFront reaches an internal ALB in the private app subnets through a VPC origin, no secret header', () => {
    const alb = (distribution.origin as any[]).find((o) => o.origin_id === 'alb');
    expect(alb.vpc_origin_config.vpc_origin_id).toMatch(/^\$\{aws_cloudfront_vpc_origin\..*\.id\}$/);
    expect(alb.custom_origin_config).toBeUndefined();
    expect(alb.custom_header).toBeUndefined();
    const lb = all(r, 'aws_lb')[0];
    expect(lb.internal).toBe(true);
    expect(lb.subnets).toEqual([0, 1, 2].map((i) => expect.stringMatching(new RegExp(`^\\$\\{aws_subnet\\.network_app-${i}_.*\\.id\\}$`))));
    const vpcOrigin = all(r, 'aws_cloudfront_vpc_origin')[0];
    expect(vpcOrigin.vpc_origin_endpoint_config[0]).toMatchObject({ arn: expect.stringMatching(/^\$\{aws_lb\..*\.arn\}$/), origin_protocol_policy: 'http-only', http_port: 80 });
    // CloudFront creates a VPC origin only in a VPC with an internet gateway.
    expect(vpcOrigin.depends_on).toEqual([expect.stringMatching(/^aws_internet_gateway\.network_igw_/)]);
    expect(r.aws_secretsmanager_secret).toBeUndefined();
    expect(all(r, 'aws_lb_listener_rule').flatMap((rule) => rule.condition as any[]).filter((c) => c.http_header)).toEqual([]);
  });

  test("the ALB's security group admits only CloudFront's origin-facing prefix list, on port 80, never 0.0.0.0/0", () => {
    expect(albIngress(r)).toEqual([expect.objectContaining({ from_port: 80, to_port: 80, prefix_list_id: expect.stringMatching(/data\.aws_ec2_managed_prefix_list\./) })]);
    // One lookup per region: the primary ALB's and the standby DR ALB's.
    expect(Object.values(json.data.aws_ec2_managed_prefix_list).map((d: any) => [d.name, d.provider ?? 'primary'])).toEqual([
      ['com.amazonaws.global.cloudfront.origin-facing', 'aws.dr'],
      ['com.amazonaws.global.cloudfront.origin-facing', 'primary'],
    ]);
  });

  test('site_url is CloudFront, since the internal ALB has no public name', () => {
    expect(json.output.site_url.value).toMatch(/^https:\/\/\$\{aws_cloudfront_distribution\..*\.domain_name\}$/);
    expect(synth(fastier).json.output.site_url.value).toBe(`https://${fastier.dns!.domainName}`);
    expect(synth(cafe).json.output.site_url.value).toMatch(/^http:\/\/\$\{aws_lb\..*\.dns_name\}$/);
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
    const cert = all(r, 'aws_acm_certificate').find((c) => c.provider === 'aws.us-east-1');
    expect(cert).toMatchObject({ domain_name: 'shop.example.com' });
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
    // The ALB got a regional certificate for the site name, so the check speaks HTTPS.
    expect(all(r, 'aws_route53_health_check')[0]).toMatchObject({ type: 'HTTPS', port: 443, resource_path: '/health' });
    expect(r.aws_secretsmanager_secret).toBeUndefined();
  });

  test('no CDN: the name aliases the ALB (its own health evaluated), with an HTTPS health check and no failover', () => {
    const { r, providers } = synth(cafeWithDomain({ ...dns, failover: 'none' }));
    const records = all(r, 'aws_route53_record').filter((x) => x.for_each === undefined);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ name: 'shop.example.com', type: 'A', alias: { evaluate_target_health: true } });
    expect(records[0].failover_routing_policy).toBeUndefined();
    expect(all(r, 'aws_route53_health_check')[0]).toMatchObject({ type: 'HTTPS', resource_path: '/health' });
    expect(providers.filter((p) => p.alias === 'us-east-1')).toEqual([]);
  });

  test('a domain without certificateArn: the stack issues a regional certificate (DNS-validated) and the ALB serves HTTPS, HTTP redirects', () => {
    const { r } = synth(cafeWithDomain({ ...dns, failover: 'none' }));
    const cert = all(r, 'aws_acm_certificate')[0];
    expect(cert).toMatchObject({ domain_name: 'shop.example.com', validation_method: 'DNS' });
    expect(cert.provider).toBeUndefined();
    expect(all(r, 'aws_route53_record').find((x) => x.for_each)).toMatchObject({ zone_id: 'Z0123456789ABCDEFGHIJ', allow_overwrite: true });
    const listeners = all(r, 'aws_lb_listener');
    const https = listeners.find((l) => l.port === 443)!;
    expect(https).toMatchObject({ protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(https.certificate_arn).toMatch(/^\$\{aws_acm_certificate_validation\.alb-certificate_validation_.*\.certificate_arn\}$/);
    expect(listeners.find((l) => l.port === 80)!.default_action[0].type).toBe('redirect');
    expect(albIngress(r).map((x) => [x.cidr_ipv4, x.from_port])).toEqual([['0.0.0.0/0', 80], ['0.0.0.0/0', 443]]);
  });

  test('fastier (warm standby): ACM in its region, the DR region and us-east-1; the name fails over from the HTTPS ALB to the DR ALB', () => {
    const { r } = synth(fastier);
    const domain = fastier.dns!.domainName;
    expect(all(r, 'aws_acm_certificate').map((c) => [c.domain_name, c.provider ?? 'regional']).sort()).toEqual([[domain, 'aws.us-east-1'], [domain, 'regional']]);
    expect(Object.values(r.aws_acm_certificate).filter((c) => c.provider === 'aws.dr').map((c) => c.domain_name)).toEqual([domain]);
    expect(all(r, 'aws_acm_certificate_validation')).toHaveLength(2);
    const site = all(r, 'aws_route53_record').filter((x) => x.name === domain);
    expect(site.map((x) => [x.failover_routing_policy.type, x.alias.name.replace(/\..*$/, '')]).sort()).toEqual([
      ['PRIMARY', '${aws_lb'],
      ['SECONDARY', '${aws_lb'],
    ]);
    const secondary = site.find((x) => x.failover_routing_policy.type === 'SECONDARY')!;
    expect(secondary.alias).toMatchObject({ name: expect.stringMatching(/^\$\{aws_lb\.dr_region_/), evaluate_target_health: true });
    expect(all(r, 'aws_route53_health_check')[0]).toMatchObject({ type: 'HTTPS', port: 443, fqdn: expect.stringMatching(/aws_lb\..*\.dns_name/) });
    expect(all(r, 'aws_cloudfront_distribution')[0].aliases).toEqual([domain]);
    // CloudFront serves static assets and the maintenance page only: the ALB stays the public HTTPS endpoint.
    expect(all(r, 'aws_lb')[0].internal).toBe(false);
    expect(r.aws_cloudfront_vpc_origin).toBeUndefined();
  });

  test('CDN in front of the ALB with a domain: https-only TLS 1.2 to origin.<domain> on an issued certificate, ALB admits only CloudFront on 443', () => {
    const { r, json } = synth({ ...ecommerce, dns });
    const alb = (all(r, 'aws_cloudfront_distribution')[0].origin as any[]).find((o) => o.origin_id === 'alb');
    expect(alb.domain_name).toBe('origin.shop.example.com');
    expect(alb.custom_origin_config).toMatchObject({ origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] });
    const regional = all(r, 'aws_acm_certificate').find((c) => c.provider === undefined);
    expect(regional).toMatchObject({ domain_name: 'origin.shop.example.com' });
    expect(all(r, 'aws_lb')[0].internal).toBe(false);
    expect(r.aws_cloudfront_vpc_origin).toBeUndefined();
    expect(albIngress(r)).toEqual([expect.objectContaining({ from_port: 443, prefix_list_id: expect.stringMatching(/aws_ec2_managed_prefix_list/) })]);
    expect(albIngress(r).filter((x) => x.cidr_ipv4 !== undefined)).toEqual([]);
    // One lookup per region: the primary ALB's and the standby DR ALB's.
    expect(Object.values(json.data.aws_ec2_managed_prefix_list).map((d: any) => [d.name, d.provider ?? 'primary'])).toEqual([
      ['com.amazonaws.global.cloudfront.origin-facing', 'aws.dr'],
      ['com.amazonaws.global.cloudfront.origin-facing', 'primary'],
    ]);
    // The prefix list admits every CloudFront distribution; the secret header (now inside TLS) admits only ours.
    const header = alb.custom_header[0];
    expect(header.value).toMatch(/^\$\{aws_secretsmanager_secret_version\..*\.secret_string\}$/);
    const conditions = all(r, 'aws_lb_listener_rule').flatMap((rule) => rule.condition as any[]).filter((c) => c.http_header);
    expect(conditions.length).toBeGreaterThan(0);
    for (const c of conditions) expect(c.http_header).toEqual({ http_header_name: header.name, values: [header.value] });
    const redacted = all(r, 'aws_wafv2_web_acl_logging_configuration').find((l) => l.provider === undefined)!.redacted_fields;
    expect(redacted).toContainEqual({ single_header: { name: 'x-origin-verify' } });
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
