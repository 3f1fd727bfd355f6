import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import {
  CloudfrontDistribution,
  CloudfrontDistributionCustomErrorResponse,
  CloudfrontDistributionOrigin,
  CloudfrontDistributionDefaultCacheBehavior,
  CloudfrontDistributionOrderedCacheBehavior,
  CloudfrontDistributionViewerCertificate,
} from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { StaticAssets } from './static-assets';
import { PrivateBucket } from '../shared/private-bucket';
import { DnsValidatedCertificate } from './certificate';
import { albVpcOrigin, CdnVpcOrigin } from './vpc-origin';

export type { CdnVpcOrigin } from './vpc-origin';

/** AWS managed CloudFront policies: fixed, documented ids, so no lookup is needed at plan time. */
export const MANAGED_POLICY = {
  /** Cache policy: long TTLs, gzip/brotli keys, no headers/cookies/query strings in the key. */
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  /** Cache policy: never cache (dynamic pages). */
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  /** Origin-request policy: every viewer header, cookie and query string except Host (the ALB keeps its own). */
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
  /** Origin-request policy for S3: CORS headers only. */
  corsS3Origin: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
  /** Response-headers policy: HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy, XSS protection. */
  securityHeaders: '67f7725c-6f97-4210-82d7-5512b31e9d03',
} as const;

/** Route 53 hosted zone id of every CloudFront distribution (for alias records). */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

const S3_ORIGIN = 's3-static';
const S3_DR_ORIGIN = 's3-static-dr';
const S3_GROUP = 's3-static-failover';
const ALB_ORIGIN = 'alb';
/** The DR ALB's origin id: unused by any behaviour until a region failover points the default one at it. */
export const ALB_STANDBY_ORIGIN = 'alb-dr';
const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];

export interface CdnAlbOrigin {
  /** Name CloudFront connects to: the ALB's DNS name, or a name its certificate covers when `httpsOnly`. */
  readonly domainName: string;
  /**
   * Connect over HTTPS (TLS 1.2+), checking the ALB's certificate against `domainName`. Required for a
   * public ALB: the origin leg crosses the internet and must never do so in the clear.
   */
  readonly httpsOnly: boolean;
  /**
   * Reach an internal ALB through a CloudFront VPC origin instead (inside AWS's network, HTTP to the
   * ALB's port 80 unless `httpsOnly`).
   * @default - a public origin (then `httpsOnly` must be true)
   */
  readonly vpcOrigin?: CdnVpcOrigin;
  /** Header CloudFront adds to every origin request; the ALB forwards only requests carrying it. */
  readonly originHeader?: { readonly name: string; readonly value: string };
}

export interface CdnDomain {
  /** Site names (first is the certificate's subject), e.g. `['shop.example.com']`. */
  readonly names: readonly string[];
  /** Public hosted zone that holds the names (DNS validation records go there). */
  readonly hostedZoneId: string;
  /** A us-east-1 AwsProvider: CloudFront only uses ACM certificates from us-east-1. */
  readonly certificateProvider: TerraformProvider;
}

export interface CdnProps {
  /** Name prefix, e.g. `shop-production`. */
  readonly name: string;
  /** The private bucket served under `/static/*` and `/media/*`, and the log bucket. */
  readonly assets: StaticAssets;
  /**
   * Edge locations paid for.
   * @default 'PriceClass_100'
   */
  readonly priceClass?: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  /**
   * The ALB as the origin of every path except static ones.
   * @default - no dynamic origin: the bucket is the default origin and errors show the maintenance page
   */
  readonly albOrigin?: CdnAlbOrigin;
  /**
   * Custom domain with an ACM certificate validated in DNS.
   * @default - the `*.cloudfront.net` name and CloudFront's default certificate
   */
  readonly domain?: CdnDomain;
  /**
   * ARN of a CLOUDFRONT-scope WAFv2 web ACL (us-east-1).
   * @default - no WAF
   */
  readonly webAclArn?: string;
  /**
   * Seconds CloudFront caches an origin error before asking the origin again.
   * @default 10
   */
  readonly errorCachingSeconds?: number;
  /**
   * A replica of the static bucket (another region): static paths read through an origin group that fails
   * over to it when the primary bucket answers 5xx or cannot be reached (GET/HEAD/OPTIONS only, as CloudFront does).
   * @default - the static bucket alone
   */
  readonly failoverBucket?: PrivateBucket;
  /**
   * A second ALB (the DR region's, behind its own VPC origin) kept as origin `alb-dr` for a failover to point the
   * default behaviour at. Not an origin group: CloudFront allows those only on GET/HEAD/OPTIONS behaviours.
   * @default - none
   */
  readonly standbyAlbOrigin?: CdnAlbOrigin;
}

/** Dynamic paths to the ALB: nothing cached, every method, the viewer's headers except Host. */
const ALB_BEHAVIOR: CloudfrontDistributionDefaultCacheBehavior = {
  targetOriginId: ALB_ORIGIN,
  viewerProtocolPolicy: 'redirect-to-https',
  allowedMethods: ALL_METHODS,
  cachedMethods: ['GET', 'HEAD'],
  compress: true,
  cachePolicyId: MANAGED_POLICY.cachingDisabled,
  originRequestPolicyId: MANAGED_POLICY.allViewerExceptHostHeader,
  responseHeadersPolicyId: MANAGED_POLICY.securityHeaders,
};

/**
 * A CloudFront distribution in front of the site: static paths from the private bucket through Origin
 * Access Control, everything else from the ALB uncached; HTTPS for viewers (HTTP redirects), HTTP/2
 * and HTTP/3, compression, standard logs to the edge log bucket, and a maintenance page when the
 * origin fails.
 */
export class Cdn extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly originAccessControl: CloudfrontOriginAccessControl;
  readonly certificate?: AcmCertificate;
  /** The VPC origin of an internal ALB, when `albOrigin.vpcOrigin` is given. */
  readonly vpcOrigin?: CloudfrontVpcOrigin;
  readonly distributionId: string;
  readonly arn: string;
  /** `dxxxx.cloudfront.net`. */
  readonly domainName: string;
  /** Hosted zone id for Route 53 alias records. */
  readonly hostedZoneId: string;
  /** Id of the static origin group (primary bucket, DR bucket), when `failoverBucket` is given. */
  readonly originGroupId?: string;
  /** The DR ALB's VPC origin, when `standbyAlbOrigin` is given. */
  readonly standbyVpcOrigin?: CloudfrontVpcOrigin;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const { assets } = props;

    this.originAccessControl = new CloudfrontOriginAccessControl(this, 'oac', {
      name: `${props.name}-static`,
      description: `Signed (SigV4) CloudFront reads of the ${props.name} static bucket`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });

    const origins: CloudfrontDistributionOrigin[] = [
      {
        originId: S3_ORIGIN,
        domainName: assets.bucket.regionalDomainName,
        originAccessControlId: this.originAccessControl.id,
      },
    ];
    const alb = props.albOrigin;
    const albOrigin = alb && this.albOrigin(this, props.name, alb, ALB_ORIGIN);
    if (albOrigin) {
      this.vpcOrigin = albOrigin.vpcOrigin;
      origins.push(albOrigin.origin);
    }
    if (props.standbyAlbOrigin) {
      const standby = this.albOrigin(new Construct(this, 'standby'), `${props.name}-dr`, props.standbyAlbOrigin, ALB_STANDBY_ORIGIN);
      this.standbyVpcOrigin = standby.vpcOrigin;
      origins.push(standby.origin);
    }
    const failover = props.failoverBucket;
    if (failover) {
      origins.push({ originId: S3_DR_ORIGIN, domainName: failover.regionalDomainName, originAccessControlId: this.originAccessControl.id });
      this.originGroupId = S3_GROUP;
    }
    const staticTarget = failover ? S3_GROUP : S3_ORIGIN;

    const s3Behavior: CloudfrontDistributionDefaultCacheBehavior = {
      targetOriginId: staticTarget,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId: MANAGED_POLICY.cachingOptimized,
      originRequestPolicyId: MANAGED_POLICY.corsS3Origin,
      responseHeadersPolicyId: MANAGED_POLICY.securityHeaders,
    };
    const staticBehavior = (pathPattern: string): CloudfrontDistributionOrderedCacheBehavior => ({ ...s3Behavior, pathPattern });

    // Origin failures show the maintenance page, keeping a 503 so clients and health checks see the outage.
    const errorTtl = props.errorCachingSeconds ?? 10;
    const maintenance = (errorCode: number): CloudfrontDistributionCustomErrorResponse => ({
      errorCode,
      responseCode: 503,
      responsePagePath: assets.maintenancePagePath,
      errorCachingMinTtl: errorTtl,
    });
    // Without an ALB the bucket is the default origin and answers 403 for unknown keys: show the page too.
    const errorCodes = alb ? [500, 502, 503, 504] : [403, 404, 500, 502, 503, 504];

    const { certificate, viewerCertificate, aliases } = this.viewerCertificate(props.domain);
    this.certificate = certificate;

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${props.name} site and static assets`,
      aliases,
      priceClass: props.priceClass ?? 'PriceClass_100',
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      webAclId: props.webAclArn,
      origin: origins,
      // Static reads fail over to the DR region's replica when the primary bucket errs (5xx) or cannot be reached.
      originGroup: failover
        ? [{ originId: S3_GROUP, failoverCriteria: { statusCodes: [500, 502, 503, 504] }, member: [{ originId: S3_ORIGIN }, { originId: S3_DR_ORIGIN }] }]
        : undefined,
      defaultCacheBehavior: alb ? ALB_BEHAVIOR : s3Behavior,
      orderedCacheBehavior: [staticBehavior('/static/*'), staticBehavior('/media/*')],
      customErrorResponse: errorCodes.map(maintenance),
      loggingConfig: {
        bucket: assets.logBucket.domainName,
        prefix: 'cloudfront/',
        includeCookies: false,
      },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate,
    });
    this.distributionId = this.distribution.id;
    this.arn = this.distribution.arn;
    this.domainName = this.distribution.domainName;
    this.hostedZoneId = this.distribution.hostedZoneId;

    // Only this distribution may read the bucket (and its replica), and only signed by OAC.
    assets.bucket.grantCloudFrontRead(this.distribution.arn);
    failover?.grantCloudFrontRead(this.distribution.arn);
  }

  /** The ALB origin: over HTTPS to a name its certificate covers, or through a VPC origin to an internal ALB. */
  private albOrigin(scope: Construct, name: string, alb: CdnAlbOrigin, originId: string): { origin: CloudfrontDistributionOrigin; vpcOrigin?: CloudfrontVpcOrigin } {
    if (!alb.httpsOnly && !alb.vpcOrigin) {
      throw new Error(
        `Cdn ${name}: albOrigin would send viewers' requests (and any origin header) over the internet in plain HTTP: ` +
          'set httpsOnly with a certificate on the ALB that covers albOrigin.domainName, or make the ALB internal and give vpcOrigin',
      );
    }
    const vpcOrigin = alb.vpcOrigin ? albVpcOrigin(scope, `${name}-alb`, alb.vpcOrigin, alb.httpsOnly) : undefined;
    const timeouts = { originReadTimeout: 30, originKeepaliveTimeout: 5 };
    const origin: CloudfrontDistributionOrigin = {
      originId,
      domainName: alb.domainName,
      ...(vpcOrigin
        ? { vpcOriginConfig: { vpcOriginId: vpcOrigin.id, ...timeouts } }
        : { customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'], ...timeouts } }),
      customHeader: alb.originHeader ? [{ name: alb.originHeader.name, value: alb.originHeader.value }] : undefined,
    };
    return { origin, vpcOrigin };
  }

  /** CloudFront's default certificate, or a DNS-validated ACM certificate (us-east-1) for the domain's names. */
  private viewerCertificate(d: CdnProps['domain']): {
    certificate?: AcmCertificate;
    viewerCertificate: CloudfrontDistributionViewerCertificate;
    aliases?: string[];
  } {
    if (!d) return { viewerCertificate: { cloudfrontDefaultCertificate: true } };
    if (d.names.length === 0) throw new Error('domain.names must list at least one name');
    const issued = new DnsValidatedCertificate(this, 'certificate', { names: d.names, hostedZoneId: d.hostedZoneId, provider: d.certificateProvider });
    const certificate = issued.certificate;
    return {
      certificate,
      aliases: [...d.names],
      viewerCertificate: {
        // The validation's ARN, so CloudFront waits until the certificate is issued.
        acmCertificateArn: issued.arn,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      },
    };
  }
}
