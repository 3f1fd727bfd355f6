import { nearest } from '../suggest';

/**
 * Commercial, GovCloud and China AWS regions with the Availability Zones a new account can use
 * (us-west-1 has a third AZ that only older accounts see; ap-northeast-1's 1b is closed to new ones).
 * A VPC spread over more AZs than its region has would wrap onto the first AZ and lose its HA.
 */
export const AWS_REGIONS: Readonly<Record<string, number>> = {
  'us-east-1': 6, 'us-east-2': 3, 'us-west-1': 2, 'us-west-2': 4,
  'af-south-1': 3,
  'ap-east-1': 3, 'ap-east-2': 3, 'ap-south-1': 3, 'ap-south-2': 3,
  'ap-southeast-1': 3, 'ap-southeast-2': 3, 'ap-southeast-3': 3, 'ap-southeast-4': 3, 'ap-southeast-5': 3, 'ap-southeast-7': 3,
  'ap-northeast-1': 3, 'ap-northeast-2': 4, 'ap-northeast-3': 3,
  'ca-central-1': 3, 'ca-west-1': 3,
  'eu-central-1': 3, 'eu-central-2': 3, 'eu-west-1': 3, 'eu-west-2': 3, 'eu-west-3': 3,
  'eu-south-1': 3, 'eu-south-2': 3, 'eu-north-1': 3,
  'il-central-1': 3, 'me-south-1': 3, 'me-central-1': 3, 'mx-central-1': 3, 'sa-east-1': 3,
  'us-gov-east-1': 3, 'us-gov-west-1': 3,
  'cn-north-1': 3, 'cn-northwest-1': 3,
};

/** Empty when `region` is a real AWS region, else the problem with the nearest region name. */
export function regionProblem(field: string, region: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(AWS_REGIONS, region)) return undefined;
  const guess = nearest(region, Object.keys(AWS_REGIONS));
  return `${field} "${region}" is not an AWS region: ${guess ? `did you mean "${guess}"?` : 'use e.g. "eu-west-1"'}`;
}
