import { nearest } from '../suggest';
// One list for validation and the schema's enum of regions (scripts/config-schema.mjs reads the JSON).
import regions from './aws-regions.json';

/**
 * Commercial, GovCloud and China AWS regions with the Availability Zones a new account can use
 * (us-west-1 has a third AZ that only older accounts see; ap-northeast-1's 1b is closed to new ones).
 * A VPC spread over more AZs than its region has would wrap onto the first AZ and lose its HA.
 */
export const AWS_REGIONS: Readonly<Record<string, number>> = regions.regions;

/** Empty when `region` is a real AWS region, else the problem with the nearest region name. */
export function regionProblem(field: string, region: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(AWS_REGIONS, region)) return undefined;
  const guess = nearest(region, Object.keys(AWS_REGIONS));
  return `${field} "${region}" is not an AWS region: ${guess ? `did you mean "${guess}"?` : 'use e.g. "eu-west-1"'}`;
}
