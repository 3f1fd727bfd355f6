/** Props and validation of ExistingNetwork (no provider imports: config rules read them). */

/** Subnet ids per tier, one per AZ (the same count in every tier). */
export interface ExistingSubnetIds {
  readonly public: readonly string[];
  readonly app: readonly string[];
  readonly data: readonly string[];
}

const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;

/** Problems of an existingVpc section, naming the field (`field`, e.g. `network.existingVpc`). */
export function existingVpcProblems(vpcId: string, subnetIds: ExistingSubnetIds, azCount: number, field: string): string[] {
  const problems: string[] = [];
  if (!VPC_ID.test(vpcId)) problems.push(`${field}.vpcId "${vpcId}" is not a VPC id (vpc- and 8 or 17 hex digits)`);
  const seen = new Set<string>();
  for (const tier of ['public', 'app', 'data'] as const) {
    const ids = subnetIds[tier] ?? [];
    if (ids.length !== azCount) problems.push(`${field}.subnetIds.${tier} has ${ids.length} subnet(s): give one per AZ, ${azCount} (network.azCount)`);
    for (const id of ids) {
      if (!SUBNET_ID.test(id)) problems.push(`${field}.subnetIds.${tier}: "${id}" is not a subnet id (subnet- and 8 or 17 hex digits)`);
      if (seen.has(id)) problems.push(`${field}.subnetIds: ${id} is listed twice: every tier needs its own subnets`);
      seen.add(id);
    }
  }
  return problems;
}

