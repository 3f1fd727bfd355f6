/** The FailureDrills construct's props and defaults, without the AWS provider (a leaf config's rules may import). */


/** The drills a stack can run, by template `Drill` tag. */
export type DrillName = 'terminate-instances' | 'az-outage' | 'db-failover' | 'cache-failover';

/** Defaults of FailureDrillsProps. */
export const FAILURE_DRILLS_DEFAULTS = { terminatePercent: 33, outageMinutes: 5 };

export interface FailureDrillsProps {
  /** Name prefix of every resource, e.g. `lab-dev`. */
  readonly name: string;
  /** Auto Scaling group names whose running instances the terminate drill may hit. */
  readonly autoScalingGroupNames: string[];
  /**
   * CloudWatch alarms that stop every experiment when they fire (AWS FIS allows at most 5); the symptoms users feel.
   */
  readonly stopAlarmArns: string[];
  /**
   * The AZ the outage drill cuts off: its subnets (every tier) and the VPC they belong to.
   * @default - no AZ-outage drill
   */
  readonly azOutage?: { readonly vpcArn: string; readonly subnetArns: string[] };
  /**
   * The RDS primary to reboot with a forced Multi-AZ failover.
   * @default - no database drill
   */
  readonly databaseArn?: string;
  /**
   * The cache replication group and the AZ of its primary node: power to that AZ's nodes is interrupted, so the
   * primary fails over to a replica.
   * @default - no cache drill
   */
  readonly cache?: { readonly replicationGroupArn: string; readonly replicationGroupId: string; readonly primaryAz: string };
  /**
   * Share of each group's running instances the terminate drill ends, in percent.
   * @default 33
   */
  readonly terminatePercent?: number;
  /**
   * Minutes the AZ outage and the cache AZ power interruption last.
   * @default 5
   */
  readonly outageMinutes?: number;
  /** @default - Name and Drill tags only */
  readonly tags?: Record<string, string>;
}

/** What is wrong with `props`, each problem naming the prop and the fix (empty when nothing is). */
export function failureDrillsProblems(props: FailureDrillsProps): string[] {
  const problems: string[] = [];
  const percent = props.terminatePercent ?? FAILURE_DRILLS_DEFAULTS.terminatePercent;
  const minutes = props.outageMinutes ?? FAILURE_DRILLS_DEFAULTS.outageMinutes;
  if (props.autoScalingGroupNames.length === 0) problems.push('autoScalingGroupNames must name at least one group');
  if (props.stopAlarmArns.length < 1 || props.stopAlarmArns.length > 5) {
    problems.push(`stopAlarmArns holds ${props.stopAlarmArns.length} alarms: give 1 to 5 (AWS FIS's limit); an experiment without a stop condition cannot be halted by what users feel`);
  }
  if (!(Number.isInteger(percent) && percent >= 1 && percent <= 100)) problems.push(`terminatePercent (${percent}) must be a whole number from 1 to 100`);
  if (!(Number.isInteger(minutes) && minutes >= 1 && minutes <= 720)) problems.push(`outageMinutes (${minutes}) must be a whole number of minutes from 1 to 720 (FIS actions last at most 12 hours)`);
  if (props.azOutage && props.azOutage.subnetArns.length === 0) problems.push('azOutage.subnetArns must hold the subnets of the AZ to cut off');
  return problems;
}
