/** The OriginSecret construct's props and defaults, without the AWS provider. */

/** Defaults of OriginSecretProps. */
export const ORIGIN_SECRET_DEFAULTS = { headerName: 'X-Origin-Verify', recoveryWindowDays: 7 };

export interface OriginSecretProps {
  /** Name prefix, e.g. `shop-production`. */
  readonly name: string;
  /**
   * Header CloudFront adds to origin requests and the ALB requires.
   * @default 'X-Origin-Verify'
   */
  readonly headerName?: string;
  /**
   * Days Secrets Manager keeps the secret after deletion.
   * @default 7
   */
  readonly recoveryWindowDays?: number;
  /**
   * Regions Secrets Manager keeps a replica in (a DR region's ALB requires the same header).
   * @default - none
   */
  readonly replicaRegions?: readonly string[];
}
