import type { ProfileConfig } from '../config/types';
import type { LoadBalancerProps } from '../constructs/network/load-balancer-props';

/** What every ALB of a profile takes from its config alike: the primary's and the DR region's standby. */
export function profileLoadBalancerSettings(p: ProfileConfig): Pick<
  LoadBalancerProps,
  'idleTimeoutSeconds' | 'deregistrationDelaySeconds' | 'deletionProtection' | 'accessLogs' | 'accessLogRetentionDays' | 'forceDestroyLogs'
> {
  return {
    idleTimeoutSeconds: p.loadBalancer.idleTimeoutSeconds,
    deregistrationDelaySeconds: p.loadBalancer.deregistrationDelaySeconds,
    deletionProtection: p.environment === 'production',
    accessLogs: p.loadBalancer.accessLogs,
    accessLogRetentionDays: p.logRetentionDays,
    forceDestroyLogs: p.environment !== 'production',
  };
}
