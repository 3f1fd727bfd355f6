// Configuration of what runs beside the platform: alerts, budget and backups (operations), where Terraform keeps
// state (backend), and the release pipelines (delivery). types.ts re-exports everything here. (Line comments: a doc
// comment here would become BackupConfig's description in the schema.)

export interface BackupConfig {
  /** Days daily recovery points are kept. */
  readonly dailyRetentionDays: number;
  /** Days monthly recovery points are kept (at least coldStorageAfterDays + 90). */
  readonly monthlyRetentionDays: number;
  /** Days before monthly recovery points move to cold storage where the resource type supports it. */
  readonly coldStorageAfterDays: number;
}

export interface OperationsConfig {
  /** Addresses for alarms, budget alerts and the daily cost-anomaly report (each confirms by e-mail). */
  readonly alertEmails: readonly string[];
  /**
   * Monthly budget in USD for resources tagged with this profile's project.
   * @exclusiveMinimum 0
   */
  readonly monthlyBudgetUsd: number;
  /** A multi-region CloudTrail trail with encrypted, validated logs archived to Glacier. */
  readonly auditTrail: boolean;
  /** AWS Backup of the database, copied to the DR region when there is one. */
  readonly backup?: BackupConfig;
}

export interface BackendConfig {
  /** Where Terraform keeps state: a local file, or the S3 bucket of the bootstrap stack. */
  readonly type: 'local' | 's3';
  /** S3 state bucket (s3 backend). */
  readonly bucket?: string;
  /** Region of the state bucket (s3 backend). */
  readonly region?: string;
  /** Key prefix; the key is `<prefix>/<stack>.tfstate`. */
  readonly keyPrefix?: string;
  /**
   * Encrypt the state object at rest (state holds resource attributes, some of them sensitive).
   * @default true
   */
  readonly encrypt?: boolean;
}

/** The release pipeline of the Beanstalk web service (`deploy: 'blue-green'`, compute `beanstalk`). */
export interface DeliveryConfig {
  /** Minutes the old fleet keeps running after traffic moved to the new one (instant rollback window). */
  readonly keepOldFleetMinutes: number;
  /** Build and release from a repository through a CodeStar connection; default: an S3 upload starts a release. */
  readonly connection?: {
    /** CodeStar (CodeConnections) connection ARN, authorized once in the console. */
    readonly connectionArn: string;
    /** `owner/name` of the application repository. */
    readonly repository: string;
    /** Branch whose pushes start a release, e.g. `main`. */
    readonly branch: string;
  };
}
