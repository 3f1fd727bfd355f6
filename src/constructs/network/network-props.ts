import type { TerraformProvider } from 'cdktf';

/** The Network construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** VPC range of the disaster-recovery region's network when `disasterRecovery.cidr` is not set. */
export const DEFAULT_DR_CIDR = '10.200.0.0/16';

export interface NetworkProps {
  /** Name prefix for every resource. */
  readonly name: string;
  /** VPC CIDR, e.g. `10.0.0.0/16`. */
  readonly cidr: string;
  /**
   * Number of Availability Zones.
   * @default 2
   */
  readonly azCount?: number;
  /**
   * Subnet CIDRs per tier, one per AZ.
   * @default - carved from `cidr` by planSubnets: tier blocks of 8 AZ slots, /21 each in a /16
   */
  readonly subnetCidrs?: { readonly public: readonly string[]; readonly app: readonly string[]; readonly data: readonly string[] };
  /**
   * NAT gateways: one per AZ keeps egress alive through an AZ loss; `single` saves ~$32/month per AZ;
   * `none` leaves app subnets without internet egress (a standby network that only hosts data replicas).
   * @default 'per-az'
   */
  readonly natGateways?: 'per-az' | 'single' | 'none';
  /**
   * Retention of the flow-log group in days.
   * @default 30
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Extra tags on the public subnets, e.g. `kubernetes.io/role/elb = 1` for the AWS Load Balancer
   * Controller's ALB placement (set here, not with aws_ec2_tag, which the subnet's own tags would remove).
   * @default - none
   */
  readonly publicSubnetTags?: Record<string, string>;
  /**
   * Provider for every resource of this network, e.g. an aliased provider for a DR region.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}
