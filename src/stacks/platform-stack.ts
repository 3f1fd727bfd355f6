import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ProfileConfig } from '../config/types';
import { subnetsFor } from '../config/validate';
import { Network } from '../constructs/network';

export interface PlatformStackProps {
  readonly profile: ProfileConfig;
}

/**
 * One profile's whole platform, composed in the order a request flows:
 * config -> network -> load balancer -> services -> data tier -> edge -> operations.
 * The stack maps config onto construct props; constructs never read profiles.
 */
export class PlatformStack extends TerraformStack {
  readonly network: Network;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const p = props.profile;
    const name = `${p.project}-${p.environment}`;
    const tags = {
      Project: p.project,
      Environment: p.environment,
      Owner: p.owner,
      CostCenter: p.costCenter,
      Profile: p.name,
      ManagedBy: 'stormproof-cdktf',
    };
    new AwsProvider(this, 'aws', { region: p.region, defaultTags: [{ tags }] });

    this.network = new Network(this, 'network', {
      name,
      cidr: p.network.cidr,
      azCount: p.network.azCount,
      subnetCidrs: subnetsFor(p),
      natGateways: p.network.natGateways,
      flowLogRetentionDays: p.network.flowLogRetentionDays,
    });

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId, description: 'VPC id' });
  }
}
