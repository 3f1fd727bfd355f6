import { Construct } from 'constructs';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { PrivateBucket } from '../shared/private-bucket';
import { edgeLogBucketPrefix, MAINTENANCE_PAGE_PATH, STATIC_ASSETS_DEFAULTS, StaticAssetsProps } from './static-assets-props';

export { edgeLogBucketPrefix, MAINTENANCE_PAGE_PATH, STATIC_ASSETS_DEFAULTS } from './static-assets-props';
export type { StaticAssetsProps } from './static-assets-props';

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
    const forceDestroy = props.forceDestroy ?? STATIC_ASSETS_DEFAULTS.forceDestroy;
    // CloudFront standard logging still writes with ACLs, so this one bucket keeps ACLs (owner preferred);
    // CloudFront grants its awslogsdelivery account itself when the distribution enables logging.
    if (props.logBucket) props.logBucket.checkCloudFrontLogging(`StaticAssets ${props.name}: logBucket`);
    this.logBucket = props.logBucket ?? new PrivateBucket(this, 'logs', {
      namePrefix: edgeLogBucketPrefix(props.name),
      objectOwnership: 'BucketOwnerPreferred',
      lifecycle: { expirationDays: props.logExpirationDays ?? STATIC_ASSETS_DEFAULTS.logExpirationDays, noncurrentExpirationDays: 7 },
      forceDestroy,
    });
    this.bucket = new PrivateBucket(this, 'static', {
      namePrefix: `${props.name}-static-`,
      objectOwnership: 'BucketOwnerEnforced',
      lifecycle: {
        noncurrentExpirationDays: props.noncurrentExpirationDays ?? STATIC_ASSETS_DEFAULTS.noncurrentExpirationDays,
        glacierInstantRetrievalDays: props.glacierTransitionDays ?? STATIC_ASSETS_DEFAULTS.glacierTransitionDays,
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
