import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { TARGET_GROUP_DEFAULTS } from '../network/target-group-props';
import { AliasTarget, DNS_DEFAULTS, DnsProps } from './dns-props';

export { DNS_DEFAULTS } from './dns-props';
export type { AliasTarget, DnsHealthCheck, DnsProps } from './dns-props';

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
      const protocol = hc.protocol ?? DNS_DEFAULTS.healthCheckProtocol;
      this.healthCheck = new Route53HealthCheck(this, 'primary-health', {
        fqdn: hc.fqdn,
        type: protocol,
        port: protocol === 'HTTPS' ? 443 : 80,
        resourcePath: hc.path ?? TARGET_GROUP_DEFAULTS.healthCheckPath,
        enableSni: protocol === 'HTTPS' ? true : undefined,
        failureThreshold: hc.failureThreshold ?? DNS_DEFAULTS.failureThreshold,
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
      evaluateTargetHealth: t.evaluateTargetHealth ?? DNS_DEFAULTS.evaluateTargetHealth,
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
