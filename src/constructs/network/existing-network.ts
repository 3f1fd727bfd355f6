/**
 * A VPC that already exists (`network.existingVpc`): data sources for the VPC and each given subnet, no second
 * VPC. Exposes the same surface the tiers read from Network (vpcId, subnets per tier, AZs). Subnet AZs are known
 * only at plan, so synth checks counts and ids, and Terraform postconditions check the VPC and the AZ spread.
 */
import { Construct } from 'constructs';
import { Fn, ITerraformDependable, Op } from 'cdktf';
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { refuse } from '../../util/rules';
import { ExistingSubnetIds, existingVpcProblems } from './existing-network-props';

export { existingVpcProblems } from './existing-network-props';
export type { ExistingSubnetIds } from './existing-network-props';


export interface ExistingNetworkProps {
  readonly vpcId: string;
  readonly subnetIds: ExistingSubnetIds;
  /** AZs the subnets of each tier must span (the profile's `network.azCount`). */
  readonly azCount: number;
}

/** What the tiers read from a network, new or existing. */
export interface NetworkLike {
  readonly vpcId: string;
  readonly vpc: { readonly arn: string };
  readonly availabilityZones: string[];
  readonly publicSubnets: ReadonlyArray<{ readonly id: string; readonly arn: string }>;
  readonly privateAppSubnets: ReadonlyArray<{ readonly id: string; readonly arn: string }>;
  readonly privateDataSubnets: ReadonlyArray<{ readonly id: string; readonly arn: string }>;
  /** Set when the platform created the VPC (edge resources wait for it). */
  readonly internetGateway?: ITerraformDependable;
}

export class ExistingNetwork extends Construct implements NetworkLike {
  readonly vpc: DataAwsVpc;
  readonly vpcId: string;
  /** Each app subnet's AZ (known at plan). */
  readonly availabilityZones: string[];
  readonly publicSubnets: { id: string; arn: string; subnet: DataAwsSubnet }[];
  readonly privateAppSubnets: { id: string; arn: string; subnet: DataAwsSubnet }[];
  readonly privateDataSubnets: { id: string; arn: string; subnet: DataAwsSubnet }[];

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    refuse(`ExistingNetwork ${props.vpcId}`, ...existingVpcProblems(props.vpcId, props.subnetIds, props.azCount, 'existingVpc'));
    const tier = (name: keyof ExistingSubnetIds) =>
      props.subnetIds[name].map((subnetId, i) => {
        const subnet = new DataAwsSubnet(this, `${name}-${i}`, {
          id: subnetId,
          lifecycle: {
            postcondition: [{ condition: `\${self.vpc_id == "${props.vpcId}"}`, errorMessage: `existingVpc.subnetIds.${name}: ${subnetId} is not in ${props.vpcId}` }],
          },
        });
        return { id: subnetId, arn: subnet.arn, subnet };
      });
    this.publicSubnets = tier('public');
    this.privateAppSubnets = tier('app');
    this.privateDataSubnets = tier('data');
    const spread = (name: keyof ExistingSubnetIds, subnets: { subnet: DataAwsSubnet }[]) => ({
      condition: Op.gte(Fn.lengthOf(Fn.distinct(subnets.map((s) => s.subnet.availabilityZone))), props.azCount),
      errorMessage: `existingVpc.subnetIds.${name} must span ${props.azCount} Availability Zones (network.azCount): give one subnet per AZ`,
    });
    // Plain ids stay static; the VPC data source checks the AZ spread of every tier once the subnets are read.
    this.vpc = new DataAwsVpc(this, 'vpc', {
      id: props.vpcId,
      lifecycle: {
        postcondition: [spread('public', this.publicSubnets), spread('app', this.privateAppSubnets), spread('data', this.privateDataSubnets)],
      },
    });
    this.vpcId = props.vpcId;
    this.availabilityZones = this.privateAppSubnets.map((s) => s.subnet.availabilityZone);
  }
}
