import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { TARGET_GROUP_DEFAULTS } from '../network/target-group-props';

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

/**
 * Route 53 records for the site: an alias to the primary endpoint, a health check on it, and, with a
 * secondary, failover routing that moves the name to the secondary while the primary is unhealthy.
 */
export class Dns extends Construct {
  readonly healthCheck?: Route53HealthCheck;
  readonly records: Route53Record[] = [];

  constructor(scope: Construct, id: string, props: DnsProps) {
    super(scope, id);
    if (props.secondary && !props.healthCheck && !props.primary.evaluateTargetHealth) {
      throw new Error('secondary needs healthCheck (or a primary with evaluateTargetHealth): failover routing moves traffic only when the primary is unhealthy');
    }
    const hc = props.healthCheck;
    if (hc) {
      const protocol = hc.protocol ?? 'HTTPS';
      this.healthCheck = new Route53HealthCheck(this, 'primary-health', {
        fqdn: hc.fqdn,
        type: protocol,
        port: protocol === 'HTTPS' ? 443 : 80,
        resourcePath: hc.path ?? TARGET_GROUP_DEFAULTS.healthCheckPath,
        enableSni: protocol === 'HTTPS' ? true : undefined,
        failureThreshold: hc.failureThreshold ?? 3,
        requestInterval: 30,
        measureLatency: true,
        tags: { Name: `${props.name}-primary` },
      });
    }

    const types = props.ipv6 ? ['A', 'AAAA'] : ['A'];
    const dependsOn = (t: AliasTarget) => (t.dependsOn?.length ? t.dependsOn : undefined);
    const alias = (t: AliasTarget) => ({
      name: t.dnsName,
      zoneId: t.zoneId,
      evaluateTargetHealth: t.evaluateTargetHealth ?? false,
    });
    for (const type of types) {
      const suffix = type.toLowerCase();
      if (props.secondary) {
        this.records.push(
          new Route53Record(this, `primary-${suffix}`, {
            zoneId: props.hostedZoneId,
            name: props.domainName,
            type,
            setIdentifier: 'primary',
            failoverRoutingPolicy: { type: 'PRIMARY' },
            healthCheckId: this.healthCheck?.id,
            alias: alias(props.primary),
            dependsOn: dependsOn(props.primary),
          }),
          new Route53Record(this, `secondary-${suffix}`, {
            zoneId: props.hostedZoneId,
            name: props.domainName,
            type,
            setIdentifier: 'secondary',
            failoverRoutingPolicy: { type: 'SECONDARY' },
            alias: alias(props.secondary),
            dependsOn: dependsOn(props.secondary),
          }),
        );
      } else {
        this.records.push(
          new Route53Record(this, `site-${suffix}`, {
            zoneId: props.hostedZoneId,
            name: props.domainName,
            type,
            alias: alias(props.primary),
            dependsOn: dependsOn(props.primary),
          }),
        );
      }
    }
  }
}
