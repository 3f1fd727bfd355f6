import { Construct } from 'constructs';
import { ITerraformDependable, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ProfileConfig } from '../../config/types';
import { LoadBalancer } from '../../constructs/network/load-balancer';
import { OriginSecret } from '../../constructs/edge/origin-secret';
import { StaticAssets } from '../../constructs/edge/static-assets';
import { Cdn } from '../../constructs/edge/cdn';
import { Waf } from '../../constructs/edge/waf';
import { AliasTarget, Dns } from '../../constructs/edge/dns';
import { SERVICE_DEFAULTS } from '../../constructs/compute/ec2/service-props';
import { DnsValidatedCertificate } from '../../constructs/edge/certificate';
import { BeanstalkApp } from '../../constructs/compute/beanstalk/beanstalk';
import { BucketReplication } from '../../constructs/dr/bucket-replication';
import { DR_TAG, hasStandbyAppTier } from '../../constructs/dr/dr-props';
import { tagResources, useProvider } from '../../util/provider-scope';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { MAINTENANCE_PAGE, MAINTENANCE_PAGE_PATH } from '../../constructs/edge/static-assets';

export interface EdgeProps {
  readonly profile: ProfileConfig;
  /** Name prefix (`<project>-<environment>`). */
  readonly name: string;
  /** The stack's ALB; absent with compute "eks" (EKS Auto Mode attaches the WAF to the Ingress ALB by name) or "beanstalk". */
  readonly loadBalancer?: LoadBalancer;
  /**
   * The web service on Elastic Beanstalk (compute "beanstalk"): the WAF protects every environment's ALB and the site
   * name aliases the live CNAME. Validation refuses `cdn.albOrigin` there (each environment owns its ALB).
   */
  readonly beanstalk?: BeanstalkApp;
  /** The origin-verify secret the ALB already requires (created before it for the `https` origin leg). */
  readonly originSecret?: OriginSecret;
  /** The VPC's internet gateway: CloudFront creates a VPC origin only in a VPC that has one. */
  readonly internetGateway?: ITerraformDependable;
  /** Default tags for the us-east-1 provider. */
  readonly tags: Record<string, string>;
  /**
   * The DR region (with `disasterRecovery`): the static bucket is replicated there and CloudFront fails over to it;
   * with a standby app tier, the site name (or CloudFront's standby origin) fails over to the DR ALB.
   * @default - no DR region
   */
  readonly disasterRecovery?: EdgeDisasterRecovery;
}

export interface EdgeDisasterRecovery {
  readonly provider: AwsProvider;
  readonly strategy: string;
  /** The standby tier's ALB (pilot-light, warm-standby). */
  readonly loadBalancer?: LoadBalancer;
  /** The DR VPC's internet gateway (a CloudFront VPC origin needs one). */
  readonly internetGateway?: ITerraformDependable;
}

/** Name of the regional WAF web ACL (on the stack's ALB, or attached by the Ingress ALB by this name). */
export const albWafName = (name: string) => `${name}-alb`;

/**
 * How CloudFront reaches the ALB (`cdn.albOrigin`); the origin leg never crosses the internet in the clear:
 * - `vpc-origin` (no domain): an internal ALB in the private app subnets behind a CloudFront VPC origin,
 *   so there is no public ALB to go around the CDN and no secret header to keep;
 * - `https` (a domain): CloudFront connects with TLS 1.2+ to `origin.<domain>`, a name the ALB's
 *   certificate covers, and the ALB admits only CloudFront's origin-facing prefix list (plus the
 *   origin-verify header, since that list admits every CloudFront distribution, not only ours).
 */
export type OriginLeg = 'vpc-origin' | 'https';

/** The origin leg a profile gets (undefined without `cdn.albOrigin`). */
export function originLegOf(p: ProfileConfig): OriginLeg | undefined {
  if (!p.cdn?.albOrigin) return undefined;
  return p.dns ? 'https' : 'vpc-origin';
}

/** The name CloudFront connects to on the `https` leg; the ALB's certificate must cover it. */
export const originDomainOf = (dns: { readonly domainName: string }) => `origin.${dns.domainName}`;

/** Creates the origin-verify secret a profile's ALB must require, before the ALB exists; only for the `https` leg. */
export function originSecretFor(scope: Construct, profile: ProfileConfig, name: string): OriginSecret | undefined {
  if (originLegOf(profile) !== 'https') return undefined;
  // A standby DR ALB requires the same header: the secret is replicated there.
  const dr = profile.disasterRecovery;
  return new OriginSecret(scope, 'origin-secret', { name, replicaRegions: dr && hasStandbyAppTier(dr.strategy) ? [dr.region] : undefined });
}

/**
 * The ALB's regional certificate when the profile has a domain but no `loadBalancer.certificateArn`: the
 * site name (or `origin.<domain>` when CloudFront carries the site name), validated in the hosted zone.
 */
export function albCertificateFor(scope: Construct, profile: ProfileConfig): DnsValidatedCertificate | undefined {
  const dns = profile.dns;
  if (!dns || profile.loadBalancer.certificateArn !== undefined) return undefined;
  const name = originLegOf(profile) === 'https' ? originDomainOf(dns) : dns.domainName;
  return new DnsValidatedCertificate(scope, 'alb-certificate', { names: [name], hostedZoneId: dns.hostedZoneId });
}

/** Where the site name points when the ALB is the public endpoint, and how Route 53 health-checks it. */
interface SiteEndpoint {
  readonly target: AliasTarget;
  readonly protocol: 'http' | 'https';
}

/**
 * The edge of one profile, mapped from config: WAF on the ALB, the static bucket and CloudFront (with
 * its own WAF and certificate in us-east-1), and Route 53 records with a health check and failover.
 *
 * DNS failover: with CloudFront in front of the ALB, the distribution itself serves the maintenance
 * page when the ALB fails (custom error responses), because Route 53 cannot fail a name over to a second
 * distribution (CloudFront allows a name on one distribution only). Without the ALB origin, the name
 * points at the ALB (PRIMARY, health-checked) and fails over to CloudFront's maintenance page (SECONDARY).
 */
export class Edge extends Construct {
  /** The aliased us-east-1 provider (only when CloudFront needs a WAF or certificate). */
  readonly usEast1?: AwsProvider;
  readonly albWaf?: Waf;
  readonly cdnWaf?: Waf;
  readonly assets?: StaticAssets;
  readonly cdn?: Cdn;
  readonly dns?: Dns;
  /** The static/media bucket's replication into the DR region (with `disasterRecovery`). */
  readonly staticReplication?: BucketReplication;
  /** Route 53 failover between the primary and DR ALBs (a standby DR tier and a domain). */
  readonly drFailover?: { readonly recordName: string; readonly healthCheckId: string | null };

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const { profile: p, name, loadBalancer: lb, originSecret, beanstalk: eb } = props;
    // EKS attaches the WAF by name; Beanstalk environments own their ALBs, so the WAF and records go to each of them.
    if (!lb && !eb && p.compute !== 'eks') {
      if (p.waf || p.cdn || p.dns) throw new Error(`Edge ${name}: waf, cdn and dns need the stack's load balancer or the Beanstalk application`);
      return;
    }
    if (eb && p.cdn?.albOrigin) throw new Error(`Edge ${name}: cdn.albOrigin needs the stack's ALB; each Beanstalk environment owns its own`);
    // The alias and health check follow the live endpoint: the ALB, or the live Beanstalk CNAME (it moves with a swap).
    const site: SiteEndpoint | undefined = lb
      ? { target: { dnsName: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true }, protocol: lb.protocol }
      : eb && p.dns
        ? { target: eb.liveAliasTarget(), protocol: eb.protocol }
        : undefined;
    const output = (id: string, value: string, description: string) => new TerraformOutput(TerraformStack.of(this), id, { value, description });
    const dns = p.dns;
    const albOrigin = !!p.cdn?.albOrigin;
    const healthPath = p.services.find((s) => s.kind === 'web' && (s.pathPatterns ?? ['/*']).includes('/*'))?.healthCheckPath ?? SERVICE_DEFAULTS.healthCheckPath;

    if (p.cdn && (p.waf || dns)) {
      // CloudFront-scope WAF ACLs, their log groups and CloudFront certificates exist only in us-east-1.
      this.usEast1 = new AwsProvider(this, 'us-east-1', { alias: 'us-east-1', region: 'us-east-1', defaultTags: [{ tags: props.tags }] });
    }

    if (p.waf) {
      this.albWaf = new Waf(this, 'alb-waf', {
        name: albWafName(name),
        scope: 'REGIONAL',
        rateLimit: p.waf.rateLimit,
        // Behind CloudFront every connection comes from an edge: count the viewer address it forwards.
        rateLimitKey: albOrigin ? 'FORWARDED_IP' : 'IP',
        logRetentionDays: p.waf.logRetentionDays,
        // The regional ACL sees the origin-verify header CloudFront adds: keep it out of the logs.
        redactedHeaders: ['authorization', ...(originSecret ? [originSecret.headerName] : [])],
      });
      if (lb) this.albWaf.associate(lb.arn);
      // Both environments' ALBs: a swap moves the live name between them, never the protection.
      for (const env of eb?.environments ?? []) this.albWaf.associate(eb!.loadBalancerArn(env));
    }

    if (!p.cdn) {
      const drLb = props.disasterRecovery?.loadBalancer;
      if (dns && site) this.dns = this.albRecords(p, name, site, healthPath, drLb ? { dnsName: drLb.dnsName, zoneId: drLb.zoneId, evaluateTargetHealth: true } : undefined);
      if (dns && site && drLb) this.drFailover = { recordName: dns.domainName, healthCheckId: this.dns!.healthCheck!.id };
      return;
    }

    this.assets = new StaticAssets(this, 'static-assets', {
      name,
      glacierTransitionDays: p.cdn.glacierTransitionDays,
      noncurrentExpirationDays: p.cdn.noncurrentExpirationDays,
      logExpirationDays: Math.max(p.logRetentionDays, 30),
      forceDestroy: p.environment !== 'production',
    });
    const dr = props.disasterRecovery;
    if (dr) this.staticReplication = this.replicateStatic(p, name, this.assets, dr);
    if (p.waf) {
      this.cdnWaf = new Waf(this, 'cdn-waf', {
        name: `${name}-cdn`,
        scope: 'CLOUDFRONT',
        rateLimit: p.waf.rateLimit,
        logRetentionDays: p.waf.logRetentionDays,
        provider: this.usEast1,
      });
    }

    // CloudFront checks the origin's certificate against the origin name, so HTTPS to the ALB needs a name
    // its certificate covers (origin.<domain>); without a domain the leg stays inside AWS (VPC origin).
    const leg = originLegOf(p);
    const httpsOrigin = leg === 'https' && lb?.protocol === 'https';
    const originName = httpsOrigin && dns ? originDomainOf(dns) : lb?.dnsName ?? '';
    // The CDN carries the site name when it is the primary endpoint or the maintenance-page secondary.
    const cdnHasDomain = !!dns && (albOrigin || dns.failover === 'maintenance-page');
    this.cdn = new Cdn(this, 'cdn', {
      name,
      assets: this.assets,
      priceClass: p.cdn.priceClass,
      albOrigin: albOrigin && lb
        ? {
            domainName: originName,
            httpsOnly: httpsOrigin,
            vpcOrigin: leg === 'vpc-origin' ? { albArn: lb.arn, dependsOn: props.internetGateway ? [props.internetGateway] : undefined } : undefined,
            originHeader: originSecret ? { name: originSecret.headerName, value: originSecret.headerValue } : undefined,
          }
        : undefined,
      domain: cdnHasDomain && dns && this.usEast1 ? { names: [dns.domainName], hostedZoneId: dns.hostedZoneId, certificateProvider: this.usEast1 } : undefined,
      webAclArn: this.cdnWaf?.arn,
      failoverBucket: this.staticReplication?.replica,
      // No domain: the DR ALB waits as a second VPC origin; failover points the default behaviour at it.
      standbyAlbOrigin:
        albOrigin && leg === 'vpc-origin' && dr?.loadBalancer
          ? { domainName: dr.loadBalancer.dnsName, httpsOnly: false, vpcOrigin: { albArn: dr.loadBalancer.arn, dependsOn: dr.internetGateway ? [dr.internetGateway] : undefined } }
          : undefined,
    });

    const drLb = dr?.loadBalancer;
    if (dns && albOrigin) {
      this.dns = this.cdnRecords(name, dns, this.cdn, healthPath, httpsOrigin ? lb : undefined, originName, httpsOrigin ? drLb : undefined);
      if (httpsOrigin && drLb) this.drFailover = { recordName: originName, healthCheckId: null };
    } else if (dns && site) {
      // With a standby DR ALB, the name fails over to it (it answers once its targets are healthy), not to the maintenance page.
      const secondary = drLb ? { dnsName: drLb.dnsName, zoneId: drLb.zoneId, evaluateTargetHealth: true } : dns.failover === 'maintenance-page' ? this.cdn : undefined;
      this.dns = this.albRecords(p, name, site, healthPath, secondary);
      if (drLb) this.drFailover = { recordName: dns.domainName, healthCheckId: this.dns.healthCheck!.id };
    }

    output('cdn_domain_name', this.cdn.domainName, 'CloudFront distribution domain name');
    output('cdn_url', `https://${dns && cdnHasDomain ? dns.domainName : this.cdn.domainName}`, 'Site URL through CloudFront');
    output('static_bucket_name', this.assets.bucket.bucketName, 'S3 bucket for static assets (/static/*) and media (/media/*)');
  }

  /** The site name on CloudFront (health-checked through it to the app), and origin.<domain> on the ALB for the HTTPS leg. */
  private cdnRecords(
    name: string,
    dns: NonNullable<ProfileConfig['dns']>,
    cdn: Cdn,
    healthPath: string,
    httpsOriginLb: LoadBalancer | undefined,
    originName: string,
    drOriginLb?: LoadBalancer,
  ): Dns {
    const records = new Dns(this, 'dns', {
      name,
      hostedZoneId: dns.hostedZoneId,
      domainName: dns.domainName,
      primary: { dnsName: cdn.domainName, zoneId: cdn.hostedZoneId },
      // Through CloudFront to the ALB and app; the maintenance page answers 503, so an outage reads unhealthy.
      healthCheck: { fqdn: cdn.domainName, path: healthPath, protocol: 'HTTPS' },
      ipv6: true,
    });
    if (httpsOriginLb) {
      new Dns(this, 'origin-dns', {
        name: `${name}-origin`,
        hostedZoneId: dns.hostedZoneId,
        domainName: originName,
        primary: { dnsName: httpsOriginLb.dnsName, zoneId: httpsOriginLb.zoneId, evaluateTargetHealth: true },
        // The origin name fails over to the DR ALB when the primary has no healthy targets (a health check
        // could not send the origin header the ALB requires, so the ALB's own target health decides).
        secondary: drOriginLb ? { dnsName: drOriginLb.dnsName, zoneId: drOriginLb.zoneId, evaluateTargetHealth: true } : undefined,
      });
    }
    return records;
  }

  /** The site name on the ALB or live Beanstalk CNAME (health-checked), failing over to CloudFront's maintenance page when given. */
  private albRecords(p: ProfileConfig, name: string, site: SiteEndpoint, healthPath: string, secondary?: AliasTarget | Cdn): Dns {
    const dns = p.dns!;
    return new Dns(this, 'dns', {
      name,
      hostedZoneId: dns.hostedZoneId,
      domainName: dns.domainName,
      primary: site.target,
      // Route 53 HTTPS checks skip certificate validation, so the ALB's own DNS name (or the live CNAME) works.
      healthCheck: { fqdn: site.target.dnsName, path: healthPath, protocol: site.protocol === 'https' ? 'HTTPS' : 'HTTP' },
      secondary: secondary instanceof Cdn ? { dnsName: secondary.domainName, zoneId: secondary.hostedZoneId } : secondary,
    });
  }

  /** The static/media bucket replicated into the DR region (SSE-S3 like its source), with the maintenance page there too. */
  private replicateStatic(p: ProfileConfig, name: string, assets: StaticAssets, dr: EdgeDisasterRecovery): BucketReplication {
    const scope = new Construct(this, 'dr');
    tagResources(scope, { [DR_TAG]: dr.strategy });
    const replication = new BucketReplication(scope, 'static', {
      name: `${name}-static`,
      source: assets.bucket,
      provider: dr.provider,
      // SSE-S3 as the source: CloudFront OAC reads it without a key policy (StaticAssets says why).
      lifecycle: { noncurrentExpirationDays: p.cdn!.noncurrentExpirationDays, glacierInstantRetrievalDays: p.cdn!.glacierTransitionDays },
      forceDestroy: p.environment !== 'production',
      tags: { [DR_TAG]: dr.strategy },
    });
    // Objects written before the rule are not replicated: the page CloudFront shows on failure is put there directly.
    const page = new Construct(scope, 'dr-region');
    useProvider(page, dr.provider);
    new S3Object(page, 'maintenance-page', {
      bucket: replication.replica.bucketName,
      key: MAINTENANCE_PAGE_PATH.slice(1),
      content: MAINTENANCE_PAGE,
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'max-age=60',
    });
    return replication;
  }
}
