import { BackendConfig } from './types';

/**
 * Where Terraform keeps each stack's state. Profiles default to `local`; a team shares state in the S3
 * bucket the `bootstrap` stack creates. The profile's `backend` is the source of truth; operators (and
 * CI) can switch every synthesized stack without editing code:
 *   STORMPROOF_BACKEND=s3 STORMPROOF_STATE_BUCKET=<bucket> [STORMPROOF_STATE_REGION=eu-west-1]
 *   [STORMPROOF_STATE_PREFIX=stormproof]
 */

/** The state bucket the bootstrap stack creates, unless STORMPROOF_STATE_BUCKET names another. */
export const STATE_BUCKET_DEFAULTS = {
  bucket: 'stormproof-terraform-state',
  region: 'eu-west-1',
  keyPrefix: 'stormproof',
} as const;

/** The profile's backend, or the one the environment selects. */
export function resolveBackend(fromProfile: BackendConfig, env: NodeJS.ProcessEnv = process.env): BackendConfig {
  const type = env.STORMPROOF_BACKEND;
  if (!type) return fromProfile;
  if (type === 'local') return { type: 'local' };
  if (type !== 's3') throw new Error(`STORMPROOF_BACKEND "${type}" is not a backend: use "local" or "s3"`);
  return {
    type: 's3',
    bucket: env.STORMPROOF_STATE_BUCKET || fromProfile.bucket || STATE_BUCKET_DEFAULTS.bucket,
    region: env.STORMPROOF_STATE_REGION || fromProfile.region || STATE_BUCKET_DEFAULTS.region,
    keyPrefix: env.STORMPROOF_STATE_PREFIX || fromProfile.keyPrefix || STATE_BUCKET_DEFAULTS.keyPrefix,
    encrypt: fromProfile.encrypt,
  };
}

/** Settings of the cdktf S3Backend for `stack`, with the fix for each missing field named. */
export function s3BackendSettings(backend: BackendConfig, stack: string) {
  if (!backend.bucket) throw new Error(`backend.bucket is required for the s3 backend of stack "${stack}": name the state bucket the bootstrap stack created`);
  if (!backend.region) throw new Error(`backend.region is required for the s3 backend of stack "${stack}": the state bucket's region, e.g. "eu-west-1"`);
  const prefix = (backend.keyPrefix ?? STATE_BUCKET_DEFAULTS.keyPrefix).replace(/^\/+|\/+$/g, '');
  return {
    bucket: backend.bucket,
    region: backend.region,
    key: prefix ? `${prefix}/${stack}.tfstate` : `${stack}.tfstate`,
    encrypt: backend.encrypt ?? true,
  };
}
