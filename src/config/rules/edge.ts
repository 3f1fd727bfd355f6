import { ProfileConfig } from '../types';
import { checkWafRateLimit } from '../../util/rules';
import { Problems } from './shared';
import { edgeLogBucketPrefix } from '../../constructs/edge/static-assets-props';

const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;

/** CDN lifecycle and bucket-name room, WAF rate limit and logs, DNS names and failover. */
export function checkEdge(p: ProfileConfig, out: Problems): void {
  if (p.cdn) {
    out.need(Number.isInteger(p.cdn.glacierTransitionDays) && p.cdn.glacierTransitionDays >= 1, `cdn.glacierTransitionDays (${p.cdn.glacierTransitionDays}) must be a whole number >= 1`);
    out.need(Number.isInteger(p.cdn.noncurrentExpirationDays) && p.cdn.noncurrentExpirationDays >= 1, `cdn.noncurrentExpirationDays (${p.cdn.noncurrentExpirationDays}) must be a whole number >= 1`);
    // The longest edge bucket prefix is `<project>-<environment>-edge-logs-`; S3 allows 37 characters.
    const prefix = edgeLogBucketPrefix(`${p.project}-${p.environment}`);
    out.need(prefix.length <= 37, `project "${p.project}" is too long for the CDN's S3 bucket prefix "${prefix}" (${prefix.length} > 37 characters): shorten project to at most ${37 - (prefix.length - p.project.length)} characters`);
    out.need(
      !(p.cdn.albOrigin && p.loadBalancer.certificateArn !== undefined) || !!p.dns,
      'cdn.albOrigin with loadBalancer.certificateArn makes CloudFront connect over HTTPS to origin.<dns.domainName>, a name the certificate covers: add a dns section (or remove certificateArn to keep CloudFront -> ALB on HTTP)',
    );
  }
  if (p.waf) {
    out.report(checkWafRateLimit(p.waf.rateLimit, 'waf.'));
    out.retention('waf.logRetentionDays', p.waf.logRetentionDays);
  }
  if (p.dns) {
    out.need(DOMAIN.test(p.dns.domainName), `dns.domainName "${p.dns.domainName}" is not a domain name: use e.g. "shop.example.com"`);
    out.need(/^Z[A-Z0-9]{1,31}$/.test(p.dns.hostedZoneId), `dns.hostedZoneId "${p.dns.hostedZoneId}" is not a Route 53 zone id: use e.g. "Z0123456789ABCDEFGHIJ"`);
    out.need(!!p.cdn || p.dns.failover === 'none', 'dns.failover "maintenance-page" serves the page from the CDN: add a cdn section or set dns.failover to "none"');
  }
}
