import type { TerraformProvider } from 'cdktf';
import type { PrivateBucket } from '../shared/private-bucket';
import type { StaticAssets } from './static-assets';
import type { CdnVpcOrigin } from './vpc-origin-props';

/** The Cdn construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

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

/** Defaults of CdnProps. */
export const CDN_DEFAULTS = { priceClass: 'PriceClass_100', errorCachingSeconds: 10 } as const;

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
   * Where CloudFront writes its standard logs (under `cloudfront/`), e.g. an account-wide log bucket. CloudFront
   * writes with ACLs: the bucket must be created with `objectOwnership: 'BucketOwnerPreferred'` and without a KMS key.
   * @default - `assets.logBucket`
   */
  readonly logBucket?: PrivateBucket;
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
