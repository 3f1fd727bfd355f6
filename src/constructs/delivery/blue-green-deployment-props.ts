import type { Service } from '../compute/ec2/service';

/** The BlueGreenDeployment construct's props and defaults, without the AWS provider (a leaf config and stacks may import). */

/** Every default of BlueGreenDeploymentProps that config may leave out. */
export const BLUE_GREEN_DEFAULTS = { keepBlueFleetMinutes: 60 };

export interface BlueGreenDeploymentProps {
  /** Name of the CodeDeploy application and deployment group, e.g. `fastier-production-web`. */
  readonly name: string;
  /** The web service whose Auto Scaling group CodeDeploy copies for every release. */
  readonly service: Service;
  /**
   * Names of the CloudWatch alarms that stop and roll back a deployment (5xx, p95 latency, unhealthy
   * hosts); at most 10, CodeDeploy's limit.
   */
  readonly alarmNames: readonly string[];
  /**
   * Minutes the old (blue) fleet keeps running after traffic moved, so a rollback is instant.
   * @default 60
   */
  readonly keepBlueFleetMinutes?: number;
  /**
   * CodeDeploy deployment configuration: how many green instances must be healthy.
   * @default 'CodeDeployDefault.AllAtOnce' - the whole green fleet is installed and must pass before traffic moves
   */
  readonly deploymentConfigName?: string;
}
