import { ProfileConfig } from './types';
import { Problems } from './rules/shared';
import { checkIdentity, checkOperations, checkBackend } from './rules/operations';
import { checkNetwork } from './rules/network';
import { checkLoadBalancer, checkServices } from './rules/services';
import { checkCache, checkDatabase, checkDisasterRecovery, checkQueue } from './rules/data-tier';
import { checkEdge } from './rules/edge';
import { checkDelivery } from './rules/delivery';
import { checkCompute } from './rules/compute';
import { checkTls } from './rules/tls';

export { LOG_RETENTION_DAYS } from './rules/shared';
export { DEFAULT_DR_CIDR } from './rules/data-tier';

/** Thrown at synth time for bad config; lists every problem, each naming the field and the fix. */
export class ConfigError extends Error {
  constructor(
    readonly profile: string,
    readonly problems: readonly string[],
    /** Stacks this refusal is about: synth leaves no output directory for them. */
    readonly stacks: readonly string[] = [profile],
    title = `Invalid Stormproof profile "${profile}"`,
  ) {
    super(`${title}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The sections in the order a request flows; each adds its problems. */
const SECTIONS = [checkIdentity, checkNetwork, checkLoadBalancer, checkTls, checkServices, checkCompute, checkDatabase, checkDisasterRecovery, checkCache, checkQueue, checkEdge, checkOperations, checkDelivery, checkBackend];

/** Every problem of a profile, each naming the field and the fix (empty when valid). */
export function profileProblems(p: ProfileConfig): string[] {
  const out = new Problems();
  for (const check of SECTIONS) check(p, out);
  return out.list;
}

/** Validates a profile; throws ConfigError naming every bad field and how to fix it. */
export function validateProfile(p: ProfileConfig): ProfileConfig {
  const problems = profileProblems(p);
  if (problems.length > 0) throw new ConfigError(p.name, problems);
  return p;
}
