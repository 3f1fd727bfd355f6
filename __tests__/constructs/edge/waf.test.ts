import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Waf, WafProps, MANAGED_RULE_GROUPS } from '../../../src/constructs/edge/waf';
import { only, synthConstruct } from '../../support/synth';

const synthWaf = (props: (east: AwsProvider) => Partial<WafProps>, associate?: string) => {
  return synthConstruct((stack) => {
    const east = new AwsProvider(stack, 'us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
    const waf = new Waf(stack, 'waf', { name: 'shop-alb', scope: 'REGIONAL', rateLimit: 2000, ...props(east) });
    if (associate) waf.associate(associate);
  }).resource;
};

describe('Waf REGIONAL (ALB)', () => {
  const r = synthWaf(() => ({ logRetentionDays: 90, redactedHeaders: ['authorization', 'X-Origin-Verify'] }), 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shop/abc');
  const acl = only(r, 'aws_wafv2_web_acl');
  const rules = acl.rule as any[];

  test('regional scope, default allow, on the default provider', () => {
    expect(acl).toMatchObject({ name: 'shop-alb', scope: 'REGIONAL', default_action: { allow: {} } });
    expect(acl.provider).toBeUndefined();
  });

  test('the four AWS managed rule groups, with their own actions (override none)', () => {
    const managed = rules.filter((x) => x.statement.managed_rule_group_statement);
    expect(managed.map((x) => x.statement.managed_rule_group_statement.name).sort()).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
    ]);
    expect(managed.every((x) => x.statement.managed_rule_group_statement.vendor_name === 'AWS')).toBe(true);
    expect(managed.every((x) => JSON.stringify(x.override_action) === JSON.stringify({ none: {} }))).toBe(true);
    expect(MANAGED_RULE_GROUPS).toHaveLength(4);
  });

  test('a rate-based rule per IP blocks first, with the limit from props', () => {
    const rate = rules.find((x) => x.statement.rate_based_statement);
    expect(rate.statement.rate_based_statement).toEqual({ limit: 2000, aggregate_key_type: 'IP' });
    expect(rate.action).toEqual({ block: {} });
    expect(rate.priority).toBe(0);
    expect(new Set(rules.map((x) => x.priority)).size).toBe(rules.length);
  });

  test('CloudWatch metrics and sampled requests on every rule and on the ACL, unique metric names', () => {
    for (const v of [...rules.map((x) => x.visibility_config), acl.visibility_config]) {
      expect(v).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
      expect(v.metric_name).toMatch(/^shop-alb-/);
    }
    const names = [...rules.map((x) => x.visibility_config.metric_name), acl.visibility_config.metric_name];
    expect(new Set(names).size).toBe(names.length);
  });

  test('logs to an aws-waf-logs-* group with retention, secret headers redacted', () => {
    const group = only(r, 'aws_cloudwatch_log_group');
    expect(group.name).toBe('aws-waf-logs-shop-alb');
    expect(group.retention_in_days).toBe(90);
    const logging = only(r, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging.log_destination_configs).toEqual([expect.stringMatching(/aws_cloudwatch_log_group\..*\.arn/)]);
    expect(logging.resource_arn).toMatch(/aws_wafv2_web_acl\..*\.arn/);
    expect(logging.redacted_fields).toEqual([{ single_header: { name: 'authorization' } }, { single_header: { name: 'x-origin-verify' } }]);
  });

  test('associated with the ALB', () => {
    const assoc = only(r, 'aws_wafv2_web_acl_association');
    expect(assoc.resource_arn).toBe('arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/shop/abc');
    expect(assoc.web_acl_arn).toMatch(/aws_wafv2_web_acl\..*\.arn/);
  });
});

describe('Waf CLOUDFRONT', () => {
  const r = synthWaf((east) => ({ name: 'shop-cdn', scope: 'CLOUDFRONT', provider: east, rateLimit: 500 }));

  test('the ACL, its log group and logging configuration all use the us-east-1 provider', () => {
    const acl = only(r, 'aws_wafv2_web_acl');
    expect(acl).toMatchObject({ scope: 'CLOUDFRONT', provider: 'aws.us-east-1' });
    const group = only(r, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: 'aws-waf-logs-shop-cdn', provider: 'aws.us-east-1', retention_in_days: 30 });
    expect(only(r, 'aws_wafv2_web_acl_logging_configuration').provider).toBe('aws.us-east-1');
    expect(r.aws_wafv2_web_acl_association).toBeUndefined();
  });

  test('behind CloudFront the ALB ACL can count the forwarded viewer IP instead of the edge address', () => {
    const r2 = synthWaf(() => ({ rateLimitKey: 'FORWARDED_IP' }));
    const rate = (only(r2, 'aws_wafv2_web_acl').rule as any[]).find((x) => x.statement.rate_based_statement);
    expect(rate.statement.rate_based_statement).toEqual({
      limit: 2000,
      aggregate_key_type: 'FORWARDED_IP',
      forwarded_ip_config: { header_name: 'X-Forwarded-For', fallback_behavior: 'MATCH' },
    });
  });

  test('refuses CLOUDFRONT scope without a provider, and a rate limit WAF rejects', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    expect(() => new Waf(stack, 'a', { name: 'a', scope: 'CLOUDFRONT', rateLimit: 100 })).toThrow(/us-east-1/);
    expect(() => new Waf(stack, 'b', { name: 'b', scope: 'REGIONAL', rateLimit: 5 })).toThrow(/rateLimit \(5\)/);
  });
});
