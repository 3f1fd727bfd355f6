import type { PrivateBucket } from '../shared/private-bucket';

/** The StaticAssets construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** Defaults of StaticAssetsProps. */
export const STATIC_ASSETS_DEFAULTS = { glacierTransitionDays: 90, noncurrentExpirationDays: 30, logExpirationDays: 90, forceDestroy: false };

/** The edge log bucket's name prefix for `name` (S3 allows at most 37 characters: config checks the room). */
export function edgeLogBucketPrefix(name: string): string {
  return `${name}-edge-logs-`;
}

export interface StaticAssetsProps {
  /** Name prefix, e.g. `shop-production`. */
  readonly name: string;
  /**
   * Days before current objects move to Glacier Instant Retrieval (still millisecond reads for CloudFront).
   * @default 90
   */
  readonly glacierTransitionDays?: number;
  /**
   * Days before noncurrent object versions expire.
   * @default 30
   */
  readonly noncurrentExpirationDays?: number;
  /**
   * Days the edge log bucket keeps S3 access logs and CloudFront standard logs.
   * @default 90
   */
  readonly logExpirationDays?: number;
  /**
   * A log bucket of your own for the S3 server access logs and CloudFront standard logs (e.g. an account-wide log
   * bucket), used instead of creating one. CloudFront's standard logging writes with ACLs: it must be created with
   * `objectOwnership: 'BucketOwnerPreferred'` and without a KMS key. `logExpirationDays` then does not apply.
   * @default - an edge log bucket this construct creates (ACLs kept, SSE-S3, `logExpirationDays`)
   */
  readonly logBucket?: PrivateBucket;
  /**
   * Let `terraform destroy` delete non-empty buckets (dev and staging).
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/** Where the maintenance page lives: under `/static/*`, so CloudFront's S3 behaviour serves it. */
export const MAINTENANCE_PAGE_PATH = '/static/maintenance.html';
