/**
 * Standby resources of the disaster-recovery region: they serve no traffic before a failover, so a standby load
 * balancer carries no LCUs and sends nothing to the internet in every month priced (pricers.ts; fleet.ts keeps the
 * standby groups at their min).
 */
import { DR_PROVIDER } from '../tfjson';
import { Stack } from './stack';

/** Whether a resource lives in the DR region (the `aws.dr` provider): standby, serving nothing until a failover. */
export function isDrStandby(stack: Stack, address: string): boolean {
  return stack.index.get(address)?.provider === DR_PROVIDER;
}
