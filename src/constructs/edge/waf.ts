import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { checkWafRateLimit, refuse } from '../../util/rules';
import { LogGroup } from '../shared/log-group';
import { MANAGED_RULE_GROUPS, WAF_DEFAULTS, WafProps } from './waf-props';

export { MANAGED_RULE_GROUPS, WAF_DEFAULTS } from './waf-props';
export type { WafProps } from './waf-props';

/**
 * A WAFv2 web ACL: the rate rule first (cheapest, stops floods before anything else is evaluated),
 * then the AWS managed rule groups; CloudWatch metrics and sampled requests on every rule and on the
 * ACL, and full logs to a CloudWatch log group with a retention.
 */
export class Waf extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly arn: string;
  readonly logGroup: LogGroup;
  private readonly provider?: TerraformProvider;
  private associations = 0;

  constructor(scope: Construct, id: string, props: WafProps) {
    super(scope, id);
    refuse(`Waf ${props.name}`, checkWafRateLimit(props.rateLimit));
    if (props.scope === 'CLOUDFRONT' && !props.provider) {
      throw new Error('scope CLOUDFRONT needs provider: a us-east-1 AwsProvider (CloudFront web ACLs exist only there)');
    }
    this.provider = props.provider;
    const metric = props.name.replace(/[^A-Za-z0-9_-]/g, '-');
    const visibility = (suffix: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${metric}-${suffix}`,
    });

    const rules: Wafv2WebAclRule[] = [
      {
        name: props.rateLimitKey === 'FORWARDED_IP' ? 'rate-limit-per-forwarded-ip' : 'rate-limit-per-ip',
        priority: 0,
        action: { block: {} },
        // The statement block is untyped in the bindings: keys are Terraform's snake_case.
        statement: {
          rate_based_statement:
            props.rateLimitKey === 'FORWARDED_IP'
              ? {
                  limit: props.rateLimit,
                  aggregate_key_type: 'FORWARDED_IP',
                  // Requests without a valid header (never the case through CloudFront) are treated as matching.
                  forwarded_ip_config: { header_name: 'X-Forwarded-For', fallback_behavior: 'MATCH' },
                }
              : { limit: props.rateLimit, aggregate_key_type: 'IP' },
        },
        visibilityConfig: visibility('rate-limit'),
      },
      ...MANAGED_RULE_GROUPS.map(
        (group, i): Wafv2WebAclRule => ({
          name: group,
          priority: i + 1,
          overrideAction: { none: {} },
          statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
          visibilityConfig: visibility(group),
        }),
      ),
    ];

    this.webAcl = new Wafv2WebAcl(this, 'acl', {
      name: props.name,
      description: `${props.scope === 'CLOUDFRONT' ? 'CloudFront' : 'ALB'} protection for ${props.name}`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility('acl'),
      provider: props.provider,
    });
    this.arn = this.webAcl.arn;

    // WAF only logs to groups named aws-waf-logs-*, in the ACL's own region.
    this.logGroup = new LogGroup(this, 'logs', {
      name: `aws-waf-logs-${props.name}`,
      retentionDays: props.logRetentionDays ?? WAF_DEFAULTS.logRetentionDays,
      provider: props.provider,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: (props.redactedHeaders ?? WAF_DEFAULTS.redactedHeaders).map((h) => ({ singleHeader: { name: h.toLowerCase() } })),
      provider: props.provider,
    });
  }

  /** Protects a regional resource (an ALB) with this ACL; CloudFront attaches ACLs via `web_acl_id` instead. */
  associate(resourceArn: string): void {
    new Wafv2WebAclAssociation(this, `association-${this.associations++}`, {
      resourceArn,
      webAclArn: this.webAcl.arn,
      provider: this.provider,
    });
  }
}
