import { Construct } from 'constructs';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { PrivateBucket } from '../shared/private-bucket';

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
   * Let `terraform destroy` delete non-empty buckets (dev and staging).
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/** Where the maintenance page lives: under `/static/*`, so CloudFront's S3 behaviour serves it. */
export const MAINTENANCE_PAGE_PATH = '/static/maintenance.html';

/** The maintenance page CloudFront serves while the origin fails (also put into a DR replica of the bucket). */
export const MAINTENANCE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Back shortly</title><meta name="robots" content="noindex">
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#222}</style>
</head><body><h1>We'll be back shortly</h1>
<p>The site is under heavy load or being maintained. Please try again in a minute.</p></body></html>
`;

/**
 * Private S3 storage for static assets and media, served only through CloudFront (Origin Access
 * Control), plus the edge log bucket for S3 server access logs and CloudFront standard logs.
 *
 * Encryption is SSE-S3, not KMS: CloudFront OAC reads SSE-S3 objects with no key policy, S3 and
 * CloudFront log delivery cannot write to SSE-KMS buckets, and public web assets gain nothing from a
 * customer-managed key while every GET would cost a KMS request.
 */
export class StaticAssets extends Construct {
  readonly bucket: PrivateBucket;
  readonly logBucket: PrivateBucket;
  /** Viewer path of the maintenance page CloudFront and DNS failover serve. */
  readonly maintenancePagePath = MAINTENANCE_PAGE_PATH;

  constructor(scope: Construct, id: string, props: StaticAssetsProps) {
    super(scope, id);
    const forceDestroy = props.forceDestroy ?? false;
    // CloudFront standard logging still writes with ACLs, so this one bucket keeps ACLs (owner preferred);
    // CloudFront grants its awslogsdelivery account itself when the distribution enables logging.
    this.logBucket = new PrivateBucket(this, 'logs', {
      namePrefix: `${props.name}-edge-logs-`,
      objectOwnership: 'BucketOwnerPreferred',
      lifecycle: { expirationDays: props.logExpirationDays ?? 90, noncurrentExpirationDays: 7 },
      forceDestroy,
    });
    this.bucket = new PrivateBucket(this, 'static', {
      namePrefix: `${props.name}-static-`,
      objectOwnership: 'BucketOwnerEnforced',
      lifecycle: {
        noncurrentExpirationDays: props.noncurrentExpirationDays ?? 30,
        glacierInstantRetrievalDays: props.glacierTransitionDays ?? 90,
      },
      accessLogs: { bucket: this.logBucket, prefix: 's3/static/' },
      forceDestroy,
    });
    new S3Object(this, 'maintenance-page', {
      bucket: this.bucket.bucketName,
      key: MAINTENANCE_PAGE_PATH.slice(1),
      content: MAINTENANCE_PAGE,
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'max-age=60',
    });
  }
}
