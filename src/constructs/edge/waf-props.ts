import type { TerraformProvider } from 'cdktf';
import { LOG_GROUP_DEFAULTS } from '../shared/log-group-props';

/** The Waf construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** Defaults of WafProps. */
export const WAF_DEFAULTS = { rateLimitKey: 'IP', logRetentionDays: LOG_GROUP_DEFAULTS.retentionDays, redactedHeaders: ['authorization'] as readonly string[] } as const;

export interface WafProps {
  /** Name prefix, e.g. `shop-production-alb`; also the metric-name prefix. */
  readonly name: string;
  /** `REGIONAL` for an ALB; `CLOUDFRONT` for a distribution (then `provider` must be us-east-1). */
  readonly scope: 'REGIONAL' | 'CLOUDFRONT';
  /** Requests per 5 minutes from one client IP before the rate rule blocks it. */
  readonly rateLimit: number;
  /**
   * What the rate rule counts per client: the connecting IP, or the first address in X-Forwarded-For for an
   * ALB behind CloudFront (there every connection comes from a CloudFront edge, so per-IP counting would
   * throttle whole edge locations; CloudFront's own ACL still limits by the true viewer IP).
   * @default 'IP'
   */
  readonly rateLimitKey?: 'IP' | 'FORWARDED_IP';
  /**
   * Days to keep WAF logs.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Provider the ACL and its log group are created with. CloudFront-scope ACLs (and their log groups)
   * exist only in us-east-1, whatever the stack's region.
   * @default - the stack's default provider (REGIONAL only)
   */
  readonly provider?: TerraformProvider;
  /**
   * Request headers redacted from WAF logs (e.g. the origin-verify secret).
   * @default ['authorization']
   */
  readonly redactedHeaders?: readonly string[];
}

/** AWS managed rule groups every ACL runs, in priority order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;
