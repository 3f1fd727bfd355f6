import type { ValidateFunction } from 'ajv';

/** A whole stormproof.config.json as written (partial overrides). Generated: see scripts/config-schema.mjs. */
export declare const file: ValidateFunction;
/** A merged profile (every required field). */
export declare const profile: ValidateFunction;
