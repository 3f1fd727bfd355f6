import type { TerraformProvider } from 'cdktf';

/** The Backup construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** Defaults of BackupProps. */
export const BACKUP_DEFAULTS = { dailyRetentionDays: 35, monthlyRetentionDays: 365, coldStorageAfterDays: 30, forceDestroy: false };

export interface BackupProps {
  /** Name prefix, e.g. `shop-production`. */
  readonly name: string;
  /** ARNs of the resources to back up (RDS instances, EFS, DynamoDB, EBS volumes...). */
  readonly resourceArns: string[];
  /**
   * Days daily recovery points are kept.
   * @default 35
   */
  readonly dailyRetentionDays?: number;
  /**
   * Days monthly recovery points are kept.
   * @default 365
   */
  readonly monthlyRetentionDays?: number;
  /**
   * Days before monthly recovery points move to cold storage (Glacier-backed) for resource types
   * that support it; the rest stay warm. AWS requires deletion at least 90 days after this.
   * @default 30
   */
  readonly coldStorageAfterDays?: number;
  /**
   * Provider of a DR region: every recovery point is also copied to a vault there.
   * @default - no cross-region copy
   */
  readonly drProvider?: TerraformProvider;
  /**
   * Let `terraform destroy` delete vaults that still hold recovery points (never in production).
   * @default false
   */
  readonly forceDestroy?: boolean;
}
