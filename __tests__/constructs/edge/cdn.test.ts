import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { StaticAssets } from '../../../src/constructs/edge/static-assets';
import { Cdn, CdnProps, MANAGED_POLICY } from '../../../src/constructs/edge/cdn';
import { OriginSecret } from '../../../src/constructs/edge/origin-secret';
import { only, synthConstruct } from '../../support/synth';

const synthCdn = (extra: (stack: TerraformStack, east: AwsProvider) => Partial<CdnProps>) => {
  const { json, resource: r, data } = synthConstruct((stack) => {
    const east = new AwsProvider(stack, 'us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
    const assets = new StaticAssets(stack, 'assets', { name: 'shop' });
    new Cdn(stack, 'cdn', { name: 'shop', assets, ...extra(stack, east) });
  });
  return { json, r, data };
};

describe('Cdn with the ALB as dynamic origin and a custom domain', () => {
  const { r, data } = synthCdn((stack, east) => {
    const secret = new OriginSecret(stack, 'origin-secret', { name: 'shop' });
    return {
      priceClass: 'PriceClass_All',
      albOrigin: { domainName: 'origin.shop.example.com', httpsOnly: true, originHeader: { name: secret.headerName, value: secret.headerValue } },
      domain: { names: ['shop.example.com'], hostedZoneId: 'Z0123456789ABCDEFGHIJ', certificateProvider: east },
      webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/shop/abc',
    };
  });
  const d = only(r, 'aws_cloudfront_distribution');
  const origin = (id: string) => (d.origin as any[]).find((o) => o.origin_id === id);

  test('S3 origin through Origin Access Control (sigv4, always signing), no legacy OAI', () => {
    const oac = only(r, 'aws_cloudfront_origin_access_control');
    expect(oac).toMatchObject({ origin_access_control_origin_type: 's3', signing_behavior: 'always', signing_protocol: 'sigv4' });
    const s3 = origin('s3-static');
    expect(s3.origin_access_control_id).toMatch(/^\$\{aws_cloudfront_origin_access_control\.cdn_oac_.*\.id\}$/);
    expect(s3.domain_name).toMatch(/aws_s3_bucket\.assets_static_bucket_.*\.bucket_regional_domain_name/);
    expect(s3.s3_origin_config).toBeUndefined();
    expect(r.aws_cloudfront_origin_access_identity).toBeUndefined();
  });

  test('the static bucket policy admits only this distribution (SourceArn = its ARN)', () => {
    const policy = Object.entries(r.aws_s3_bucket_policy).find(([id]) => id.startsWith('assets_static_'))![1];
    const allow = (JSON.parse(policy.policy).Statement as any[]).filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allow[0].Condition.StringEquals['AWS:SourceArn']).toMatch(/^\$\{aws_cloudfront_distribution\.cdn_distribution_.*\.arn\}$/);
  });

  test('public ALB origin: https-only with TLS 1.2 to a name its certificate covers, sends the secret origin header from Secrets Manager', () => {
    const alb = origin('alb');
    expect(alb.domain_name).toBe('origin.shop.example.com');
    expect(alb.custom_origin_config).toMatchObject({ origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] });
    expect(alb.vpc_origin_config).toBeUndefined();
    expect(r.aws_cloudfront_vpc_origin).toBeUndefined();
    expect(alb.custom_header).toEqual([
      { name: 'X-Origin-Verify', value: expect.stringMatching(/^\$\{aws_secretsmanager_secret_version\..*\.secret_string\}$/) },
    ]);
  });

  test('the origin secret is stable: random value stored once, later plans ignore the data source', () => {
    const version = only(r, 'aws_secretsmanager_secret_version');
    expect(version.lifecycle.ignore_changes).toEqual(['secret_string']);
    expect(version.secret_string).toMatch(/data\.aws_secretsmanager_random_password\..*\.random_password/);
    expect(only(data, 'aws_secretsmanager_random_password')).toMatchObject({ password_length: 48, exclude_punctuation: true });
  });

  test('dynamic paths go to the ALB uncached with every viewer header but Host; /static and /media from S3 cached', () => {
    expect(d.default_cache_behavior).toMatchObject({
      target_origin_id: 'alb',
      viewer_protocol_policy: 'redirect-to-https',
      cache_policy_id: MANAGED_POLICY.cachingDisabled,
      origin_request_policy_id: MANAGED_POLICY.allViewerExceptHostHeader,
      compress: true,
    });
    expect(d.default_cache_behavior.allowed_methods).toContain('POST');
    const ordered = d.ordered_cache_behavior as any[];
    expect(ordered.map((b) => b.path_pattern)).toEqual(['/static/*', '/media/*']);
    for (const b of ordered) {
      expect(b).toMatchObject({ target_origin_id: 's3-static', viewer_protocol_policy: 'redirect-to-https', cache_policy_id: MANAGED_POLICY.cachingOptimized, compress: true });
    }
  });

  test('HTTPS only (redirect), HTTP/2 and HTTP/3, IPv6, price class from props, WAF attached', () => {
    expect(d).toMatchObject({ http_version: 'http2and3', is_ipv6_enabled: true, price_class: 'PriceClass_All', enabled: true });
    expect(d.web_acl_id).toBe('arn:aws:wafv2:us-east-1:111122223333:global/webacl/shop/abc');
  });

  test('standard logging to the edge log bucket', () => {
    expect(d.logging_config).toMatchObject({ prefix: 'cloudfront/', include_cookies: false });
    expect(d.logging_config.bucket).toMatch(/aws_s3_bucket\.assets_logs_bucket_.*\.bucket_domain_name/);
  });

  test('origin errors show the maintenance page from S3 with a short error TTL, still as 503', () => {
    const errors = d.custom_error_response as any[];
    expect(errors.map((e) => e.error_code)).toEqual([500, 502, 503, 504]);
    for (const e of errors) expect(e).toMatchObject({ response_page_path: '/static/maintenance.html', response_code: 503, error_caching_min_ttl: 10 });
  });

  test('ACM certificate in us-east-1 with DNS validation in the hosted zone; aliases and TLSv1.2_2021', () => {
    const cert = only(r, 'aws_acm_certificate');
    expect(cert).toMatchObject({ domain_name: 'shop.example.com', validation_method: 'DNS', provider: 'aws.us-east-1' });
    expect(cert.lifecycle.create_before_destroy).toBe(true);
    const validation = only(r, 'aws_acm_certificate_validation');
    expect(validation.provider).toBe('aws.us-east-1');
    expect(validation.validation_record_fqdns).toMatch(/aws_route53_record\.cdn_certificate_validation-record_.*\.fqdn/);
    const record = only(r, 'aws_route53_record');
    expect(record.zone_id).toBe('Z0123456789ABCDEFGHIJ');
    expect(record.for_each).toMatch(/domain_validation_options/);
    expect(d.aliases).toEqual(['shop.example.com']);
    expect(d.viewer_certificate).toMatchObject({ ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' });
    expect(d.viewer_certificate.acm_certificate_arn).toMatch(/aws_acm_certificate_validation\..*\.certificate_arn/);
    expect(d.viewer_certificate.cloudfront_default_certificate).toBeUndefined();
  });
});

describe('Cdn without ALB or domain', () => {
  const { r } = synthCdn(() => ({}));
  const d = only(r, 'aws_cloudfront_distribution');

  test('the default certificate, no aliases and no ACM', () => {
    expect(d.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(d.aliases).toBeUndefined();
    expect(r.aws_acm_certificate).toBeUndefined();
    expect(d.price_class).toBe('PriceClass_100');
  });

  test('the bucket is the default origin; unknown keys (S3 403) also show the maintenance page', () => {
    expect(d.origin).toHaveLength(1);
    expect(d.default_cache_behavior).toMatchObject({ target_origin_id: 's3-static', viewer_protocol_policy: 'redirect-to-https' });
    expect((d.custom_error_response as any[]).map((e) => e.error_code)).toEqual([403, 404, 500, 502, 503, 504]);
  });

  test('HTTPS ALB origin when the ALB has a certificate', () => {
    const { r: r2 } = synthCdn(() => ({ albOrigin: { domainName: 'origin.shop.example.com', httpsOnly: true } }));
    const alb = (only(r2, 'aws_cloudfront_distribution').origin as any[]).find((o) => o.origin_id === 'alb');
    expect(alb.custom_origin_config.origin_protocol_policy).toBe('https-only');
    expect(alb.custom_header).toBeUndefined();
  });

  test('a public ALB origin in plain HTTP is refused: the leg would cross the internet in the clear', () => {
    expect(() => synthCdn(() => ({ albOrigin: { domainName: 'shop-alb-123.eu-west-1.elb.amazonaws.com', httpsOnly: false } }))).toThrow(
      /plain HTTP: set httpsOnly .* or make the ALB internal and give vpcOrigin/,
    );
  });
});

describe('Cdn with an internal ALB behind a CloudFront VPC origin', () => {
  const albArn = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shop-alb/0123456789abcdef';
  const { r } = synthCdn((stack) => {
    const igw = new InternetGateway(stack, 'igw', { vpcId: 'vpc-0123456789abcdef0' });
    return { albOrigin: { domainName: 'internal-shop-alb-1.eu-west-1.elb.amazonaws.com', httpsOnly: false, vpcOrigin: { albArn, dependsOn: [igw] } } };
  });
  const d = only(r, 'aws_cloudfront_distribution');
  const alb = (d.origin as any[]).find((o) => o.origin_id === 'alb');

  test('the VPC origin points at the ALB (HTTP to port 80 inside AWS, TLS 1.2 if ever switched to HTTPS), after its dependencies', () => {
    const vpcOrigin = only(r, 'aws_cloudfront_vpc_origin');
    expect(vpcOrigin.vpc_origin_endpoint_config).toEqual([
      { name: 'shop-alb', arn: albArn, http_port: 80, https_port: 443, origin_protocol_policy: 'http-only', origin_ssl_protocols: [{ items: ['TLSv1.2'], quantity: 1 }] },
    ]);
    expect(vpcOrigin.depends_on).toEqual(['aws_internet_gateway.igw']);
  });

  test('the distribution reaches the ALB through the VPC origin: no custom (public) origin config, no secret header', () => {
    expect(alb.vpc_origin_config).toEqual({
      vpc_origin_id: expect.stringMatching(/^\$\{aws_cloudfront_vpc_origin\.cdn_alb-vpc-origin_.*\.id\}$/),
      origin_read_timeout: 30,
      origin_keepalive_timeout: 5,
    });
    expect(alb.custom_origin_config).toBeUndefined();
    expect(alb.custom_header).toBeUndefined();
    expect(d.default_cache_behavior.target_origin_id).toBe('alb');
  });
});
