/**
 * The shape of `stormproof.config.json`, the file users own: stacks that each extend a built-in profile and
 * override what differs. `stormproof.schema.json` is generated from these types and `types.ts`
 * (`npm run config:schema`); the loader (load.ts) checks a file against it before merging.
 */
import { ProfileConfig, ServiceConfig } from './types';

/** A built-in profile a stack extends (src/config/profiles.ts). */
export type ProfileName = 'cafe' | 'lab' | 'exercise' | 'fastier' | 'fastier-beanstalk' | 'ecommerce' | 'ecommerce-eks';

/** Every field optional, all the way down; arrays other than `services` replace the profile's whole. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** A service by `name`: merged into the profile's service of that name, added when new, dropped with `remove`. */
export type ServiceOverride = DeepPartial<ServiceConfig> & {
  readonly name: string;
  /** Drop the profile's service of this name. */
  readonly remove?: boolean;
};

/** One stack: the profile it extends and what differs from it (objects deep-merge over the profile). */
export type StackConfig = DeepPartial<Omit<ProfileConfig, 'name' | 'services'>> & {
  readonly extends: ProfileName;
  readonly services?: readonly ServiceOverride[];
};

export interface StormproofConfig {
  readonly $schema?: string;
  /** Stacks to synthesize, by stack name. */
  readonly stacks: Readonly<Record<string, StackConfig>>;
}
