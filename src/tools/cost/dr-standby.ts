/**
 * Standby resources of the disaster-recovery region: they serve no traffic before a failover, so a standby fleet
 * stays at its standby size and a standby load balancer carries no LCUs in every month priced (fleet.ts, pricers.ts).
 */
import { DR_PROVIDER } from '../tfjson';
import { HOURS_PER_MONTH } from './prices';
import { Stack } from './stack';

/** Whether a resource lives in the DR region (the `aws.dr` provider): standby, serving nothing until a failover. */
export function isDrStandby(stack: Stack, address: string): boolean {
  return stack.index.get(address)?.provider === DR_PROVIDER;
}

/** A standby fleet's hours (fleet.ts's FleetHours): its min in every month priced (traffic goes to the primary region). */
export function standbyHours(min: number): { baseline: number; scenario: number; peak: number; how: string } {
  const hours = min * HOURS_PER_MONTH;
  return { baseline: hours, scenario: hours, peak: hours, how: `DR standby: ${min} instance(s) all month, whatever the traffic (it serves none before a failover)` };
}
