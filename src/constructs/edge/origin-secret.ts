import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';

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

/**
 * The shared secret CloudFront sends to the ALB in a custom origin header, so the ALB can refuse
 * requests that go around the CDN. Nothing in config holds it and no extra provider is needed:
 *
 * - `data aws_secretsmanager_random_password` asks Secrets Manager for a fresh random value;
 * - the secret version stores it once and ignores `secret_string` afterwards, so the new value the
 *   data source returns on every later plan never shows up as a diff;
 * - CloudFront and the ALB listener read `secret_string` from that version's state, so both sides stay
 *   equal and stable across plans.
 *
 * To rotate: `terraform apply -replace=<secret version address>` (CloudFront takes minutes to deploy the
 * new value while the ALB switches at once, so expect a short window of 403s; schedule it).
 */
export class OriginSecret extends Construct {
  readonly headerName: string;
  /** The secret value (sensitive in plans and state). */
  readonly headerValue: string;
  readonly secretArn: string;

  constructor(scope: Construct, id: string, props: OriginSecretProps) {
    super(scope, id);
    this.headerName = props.headerName ?? 'X-Origin-Verify';
    const secret = new SecretsmanagerSecret(this, 'secret', {
      namePrefix: `${props.name}-origin-verify-`,
      description: `Value of the ${this.headerName} header CloudFront sends to the ALB`,
      recoveryWindowInDays: props.recoveryWindowDays ?? 7,
      replica: props.replicaRegions?.length ? props.replicaRegions.map((region) => ({ region })) : undefined,
    });
    const random = new DataAwsSecretsmanagerRandomPassword(this, 'random', {
      passwordLength: 48,
      excludePunctuation: true,
      includeSpace: false,
    });
    const version = new SecretsmanagerSecretVersion(this, 'value', {
      secretId: secret.id,
      secretString: random.randomPassword,
      lifecycle: { ignoreChanges: ['secret_string'] },
    });
    this.headerValue = version.secretString;
    this.secretArn = secret.arn;
  }
}
