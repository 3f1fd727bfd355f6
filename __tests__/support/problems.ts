import { ProfileConfig } from '../../src/config/types';
import { ConfigError, validateProfile } from '../../src/config/validate';

/** Runs validation and returns the problems it reports (none when valid); any other error fails the test. */
export function problemsOf(p: ProfileConfig): string[] {
  try {
    validateProfile(p);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
}
