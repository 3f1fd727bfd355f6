import type { TerraformProvider } from 'cdktf';

/** The DnsValidatedCertificate construct's props, without the AWS provider. */

export interface DnsValidatedCertificateProps {
  /** Names the certificate covers; the first is its subject, e.g. `['shop.example.com', 'origin.shop.example.com']`. */
  readonly names: readonly string[];
  /** Public Route 53 hosted zone that holds the names (the validation records go there). */
  readonly hostedZoneId: string;
  /**
   * Provider of the region the certificate lives in (CloudFront only uses certificates in us-east-1).
   * @default - the stack's default provider (a regional certificate, e.g. for the ALB)
   */
  readonly provider?: TerraformProvider;
}
