import type { ITerraformDependable } from 'cdktf';

/** The Dns construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** Defaults of DnsHealthCheck and AliasTarget. */
export const DNS_DEFAULTS = { healthCheckProtocol: 'HTTPS', failureThreshold: 3, evaluateTargetHealth: false } as const;

/** Where an alias record points: a CloudFront distribution or a load balancer. */
export interface AliasTarget {
  /** Target DNS name, e.g. `dxxxx.cloudfront.net` or the ALB's DNS name. */
  readonly dnsName: string;
  /** Target's Route 53 hosted zone id (CloudFront's fixed one, or the ALB's `zone_id`). */
  readonly zoneId: string;
  /**
   * Let Route 53 use the target's own health (ALBs); CloudFront aliases do not support it.
   * @default false
   */
  readonly evaluateTargetHealth?: boolean;
  /**
   * What must exist before a record aliases the target, when `dnsName` is a name rather than a reference
   * (a Beanstalk application's live CNAME, which no single environment attribute keeps after a swap).
   * @default - none: the references in `dnsName` order the records
   */
  readonly dependsOn?: ITerraformDependable[];
}

export interface DnsHealthCheck {
  /** Host the checkers connect to (not the site name, which would follow the failover itself). */
  readonly fqdn: string;
  /**
   * Path checked.
   * @default '/health'
   */
  readonly path?: string;
  /**
   * HTTPS checks do not validate the certificate, so an ALB's DNS name works too.
   * @default 'HTTPS'
   */
  readonly protocol?: 'HTTPS' | 'HTTP';
  /**
   * Consecutive failures before the endpoint counts as unhealthy.
   * @default 3
   */
  readonly failureThreshold?: number;
}

export interface DnsProps {
  /** Name used in tags, e.g. `shop-production`. */
  readonly name: string;
  /** Public hosted zone id. */
  readonly hostedZoneId: string;
  /** Site name, e.g. `shop.example.com`. */
  readonly domainName: string;
  /** What the site name serves normally. */
  readonly primary: AliasTarget;
  /**
   * Health check of the primary endpoint.
   * @default - none (then there is no failover either)
   */
  readonly healthCheck?: DnsHealthCheck;
  /**
   * Served while the primary's health check fails, e.g. a maintenance page on CloudFront.
   * @default - no failover: one plain alias record
   */
  readonly secondary?: AliasTarget;
  /**
   * Also publish AAAA records (both targets must answer IPv6, as CloudFront does).
   * @default false
   */
  readonly ipv6?: boolean;
}
