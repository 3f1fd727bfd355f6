/** The AuditTrail construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** Defaults of AuditTrailProps. */
export const AUDIT_TRAIL_DEFAULTS = { logRetentionDays: 90, archiveAfterDays: 90, expireAfterDays: 2557, forceDestroy: false };

export interface AuditTrailProps {
  /** Name prefix, e.g. `shop-production`. */
  readonly name: string;
  /**
   * Days the CloudWatch Logs copy of the trail is kept (for searching and metric filters).
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Days before log files in S3 move to Glacier Flexible Retrieval (read only for audits).
   * @default 90
   */
  readonly archiveAfterDays?: number;
  /**
   * Days log files are kept in S3 before they expire (compliance often asks for 7 years).
   * @default 2557 (7 years)
   */
  readonly expireAfterDays?: number;
  /**
   * Let `terraform destroy` delete the log bucket with its logs (never in production).
   * @default false
   */
  readonly forceDestroy?: boolean;
}
