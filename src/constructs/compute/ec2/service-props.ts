import type { Capacity, CpuAlarmOptions, ScheduledAction, WarmPoolOptions } from './auto-scaling-props';
import { checkAppPort, checkCapacity, checkWarmPool, refuse } from '../../../util/rules';
import type { PolicyStatement } from '../../shared/iam';
import type { HealthCheckOptions, LoadBalancer } from '../../network/load-balancer';
import { TARGET_GROUP_DEFAULTS } from '../../network/target-group-props';
import type { PrivateBucket } from '../../shared/private-bucket';
import { AppBundle, bundleProblems, environmentProblems, ImageSource, imageSourceProblems, parseSecretReference } from './app-source-props';

export type { AppBundle, BakeOptions, ContainerSpec, ImageSource } from './app-source-props';

/** Every default of ServiceProps that config may leave out. */
export const SERVICE_DEFAULTS = {
  healthCheckPath: TARGET_GROUP_DEFAULTS.healthCheckPath,
  cpuTargetPercent: 50,
  healthCheckGraceSeconds: 120,
  warmupSeconds: 120,
  minHealthyPercentage: 90,
  rootVolumeGb: 20,
  appLogRetentionDays: 30,
};

/**
 * What a `blue-green` service's release changes on the Terraform-owned group, so Terraform leaves it alone:
 * the scaling policies own `desired_capacity`; the release's instance refresh (`FleetRelease`) moves
 * `launch_template` to the new version only once the new fleet is healthy, or keeps the old one on rollback;
 * `name` so a fleet that CodeDeploy released before this design keeps serving instead of being replaced.
 */
export const RELEASE_OWNED_ASG_ATTRIBUTES = ['desired_capacity', 'launch_template', 'name'] as const;

/** What a copy in another region needs of a service's machine image (MachineImage implements it). */
export interface RegionalImageSource {
  readonly imageId: string;
  readonly kind: 'ami' | 'from-instance' | 'ssm' | 'baked' | 'copy';
  /** The parameter looked up at plan (`ssm` images). */
  readonly lookupParameter?: string;
  /** The parameter a baked image's pipeline writes. */
  readonly bakedImageParameterName?: string;
  /** Baked images: the pipeline also distributes each AMI to `region`. */
  distributeTo(region: string): void;
}

/** Use the image of a fleet in another region (a DR fleet copies its primary's). */
export interface RegionalImageCopy {
  readonly image: RegionalImageSource;
  /** Region of `image`, e.g. `us-east-1`. */
  readonly sourceRegion: string;
  /** This fleet's region, e.g. `us-west-2` (a baked image is distributed there). */
  readonly region: string;
}

export interface ServiceProps {
  /** Name prefix of every resource, e.g. `cafe-production-web`. */
  readonly name: string;
  /** Short service name the app reports, e.g. `web`. @default - `name` */
  readonly serviceName?: string;
  readonly vpcId: string;
  /** Private app subnets, one per AZ: the Auto Scaling group spreads over all of them. */
  readonly subnetIds: string[];
  /** EC2 instance type, e.g. `t3.small`. */
  readonly instanceType: string;
  /**
   * AMI id (shorthand for `image: { ami }`).
   * @default - latest Amazon Linux 2023 from the public SSM parameter (a new release rolls the fleet on the next apply)
   */
  readonly amiId?: string;
  /**
   * Where the machine image comes from: `fromInstance` (your server becomes the AMI; it is REBOOTED unless
   * `snapshotWithoutReboot`), `ami`, `ssmParameter`, or `bake` (EC2 Image Builder; the launch template resolves the
   * SSM parameter the pipeline writes).
   * @default - latest Amazon Linux 2023 from the public SSM parameter
   */
  readonly image?: ImageSource;
  /**
   * The app: a local folder or zip uploaded to `bundleBucket`, fetched by user data and started under systemd
   * with its output shipped to CloudWatch Logs.
   * @default - the Stormproof demo app, as a bundle through the same path
   */
  readonly bundle?: AppBundle;
  /**
   * Private bucket the bundle is uploaded to (share one per stack).
   * @default - a bucket of the service's own
   */
  readonly bundleBucket?: PrivateBucket;
  /**
   * Run another region's image (this service is that fleet's DR copy): an AMI copy, the baked image distributed
   * here, or the same public SSM parameter. `image` still names the source kind (the launch template's tag).
   * @default - the image is built or looked up from `image` in this region
   */
  readonly imageCopyOf?: RegionalImageCopy;
  /**
   * Shell script appended to user data after the platform's setup (runs as root at first boot; 16 KB in all).
   * @default - none
   */
  readonly userData?: string;
  /**
   * Plain environment values for the app (env var name -> value), stored as SSM String parameters and fetched at boot.
   * @default - none
   */
  readonly env?: Record<string, string>;
  /**
   * Env var name -> reference resolved at boot: a platform value (`database.writerEndpoint`, `database.readerEndpoint`,
   * `database.secretArn`, `database.name`, `cache.endpoint`, `cache.readerEndpoint`, `cache.user`, `queue.url`),
   * `ssm:/parameter/name` (read with decryption) or a Secrets Manager secret ARN (its SecretString). Never a value.
   * @default - none
   */
  readonly secrets?: Record<string, string>;
  /**
   * Retention of the app's log group (`/stormproof/<name>/app`).
   * @default 30
   */
  readonly appLogRetentionDays?: number;
  /** Port the app listens on (1024-65535, the app runs unprivileged). */
  readonly appPort: number;
  /**
   * Path the app answers 200 on, used by the ALB health check.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  readonly capacity: Capacity;
  /**
   * The ALB to register with; without it the service is a worker (EC2 health checks, no ALB metrics).
   * @default - worker service, no load balancer
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Path patterns the ALB routes here.
   * @default ['/*']
   */
  readonly pathPatterns?: string[];
  /**
   * Listener-rule priority.
   * @default - assigned by LoadBalancer.addService
   */
  readonly listenerPriority?: number;
  /** @default - LoadBalancer's target-group health-check defaults */
  readonly healthCheck?: HealthCheckOptions;
  /**
   * Target average CPU percent for target tracking.
   * @default 50
   */
  readonly cpuTargetPercent?: number;
  /**
   * Target ALB requests per target (per minute) for target tracking; web services only.
   * @default - no request-count scaling
   */
  readonly requestsPerTarget?: number;
  /** @default - none */
  readonly schedules?: ScheduledAction[];
  /**
   * High/low CPU alarms each driving a +1 / -1 step-scaling policy (the ELB + Auto Scaling lab).
   * @default - no alarms
   */
  readonly cpuAlarms?: CpuAlarmOptions;
  /** @default - no warm pool */
  readonly warmPool?: WarmPoolOptions;
  /**
   * Seconds before health checks count after launch.
   * @default 120
   */
  readonly healthCheckGraceSeconds?: number;
  /**
   * Seconds before a new instance's metrics count for scaling (also the instance-refresh warm-up).
   * @default 120
   */
  readonly warmupSeconds?: number;
  /**
   * Minimum healthy percentage during an instance refresh.
   * @default 90 (100 for `deploy: 'blue-green'`: launch before terminate)
   */
  readonly minHealthyPercentage?: number;
  /**
   * Maximum healthy percentage during an instance refresh (above 100 launches replacements first).
   * @default - 200 when minHealthyPercentage is 100 (AWS needs room to replace), else 100
   */
  readonly maxHealthyPercentage?: number;
  /** @default 20 */
  readonly rootVolumeGb?: number;
  /**
   * Target average memory percent: user data installs the CloudWatch agent publishing `CWAgent mem_used_percent`
   * per Auto Scaling group, and a target-tracking policy holds it (`scaleOnMemoryUtilization`).
   * @default - no memory metrics (CPU and requests only)
   */
  readonly memoryTargetPercent?: number;
  /**
   * KMS key for the root volume.
   * @default - the account's EBS default key (aws/ebs)
   */
  readonly rootVolumeKmsKeyArn?: string;
  /**
   * Extra statements for the instance role (e.g. queue access); `addToRolePolicy` adds more later.
   * @default - SSM core and CloudWatch agent managed policies only
   */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Environment for the app as env var name -> SSM Parameter Store parameter NAME (never a value): fetched at
   * boot into the app's env file; the role may read exactly these. Names are plain strings, not resource
   * references, so user data stays a static literal. `addParameters` adds more later.
   * @default - none
   */
  readonly parameters?: Record<string, string>;
  /**
   * How releases reach the instances; either way a release is a new launch template version (new AMI or app
   * bundle) and Terraform keeps the group. `rolling`: Terraform's apply starts the group's instance refresh.
   * `blue-green`: launch before terminate (min 100% / max 200% healthy) with alarm-driven rollback: Terraform
   * writes the new version, the release (`FleetRelease`, `scripts/ci/release-fleets.sh`) starts an instance
   * refresh with that version as its desired configuration, `auto_rollback` and the service's alarms, and
   * Terraform ignores the group's `launch_template` (`RELEASE_OWNED_ASG_ATTRIBUTES`). Web services only.
   * @default 'rolling'
   */
  readonly deploy?: 'rolling' | 'blue-green';
  /**
   * Tags for instances, volumes and network interfaces (the provider's default_tags do not reach them).
   * @default - Name and Service only
   */
  readonly tags?: Record<string, string>;
}

/** A service's own invariants, all reported at once, naming the prop. */
export function validateServiceProps(props: ServiceProps): void {
  const problem = (ok: boolean, message: string) => (ok ? undefined : message);
  const healthCheckPath = props.healthCheckPath ?? SERVICE_DEFAULTS.healthCheckPath;
  const serviceName = props.serviceName ?? props.name;
  const worker = !props.loadBalancer;
  refuse(
    `Service ${props.name}`,
    ...checkCapacity(props.capacity),
    problem(props.subnetIds.length >= 1, 'subnetIds must hold at least one private app subnet'),
    checkAppPort(props.appPort),
    problem(/^\/[A-Za-z0-9_.~\-/]*$/.test(healthCheckPath), `healthCheckPath "${healthCheckPath}" must start with '/' and hold only letters, digits and _ . ~ - /`),
    problem(/^[A-Za-z0-9_.-]+$/.test(serviceName), `serviceName "${serviceName}" must hold only letters, digits and _ . -`),
    problem(!worker || props.requestsPerTarget === undefined, 'requestsPerTarget needs a loadBalancer: a worker has no target group'),
    problem(!worker || props.pathPatterns === undefined, 'pathPatterns needs a loadBalancer: a worker has no target group'),
    props.warmPool ? checkWarmPool(props.warmPool.minSize, props.capacity.max) : undefined,
    props.memoryTargetPercent === undefined || (props.memoryTargetPercent >= 10 && props.memoryTargetPercent <= 95)
      ? undefined
      : `memoryTargetPercent (${props.memoryTargetPercent}) must be 10-95`,
    problem(!worker || props.deploy !== 'blue-green',
      "deploy 'blue-green' needs a loadBalancer: its rollback watches the target group's 5xx rate and unhealthy hosts, so a worker keeps rolling releases"),
    problem(props.deploy !== 'blue-green' || props.minHealthyPercentage === undefined || props.minHealthyPercentage === 100,
      `minHealthyPercentage (${props.minHealthyPercentage}) must be 100 with deploy 'blue-green' (launch before terminate) or left out`),
    problem(props.amiId === undefined || props.image === undefined, 'set amiId or image, not both (amiId is image: { ami })'),
    ...imageSourceProblems(props.image, 'image'),
    ...bundleProblems(props.bundle, 'bundle'),
    ...environmentProblems(props.env, props.secrets, 'service'),
    ...Object.entries(props.secrets ?? {}).map(([k, v]) => {
      const ref = parseSecretReference(v);
      return typeof ref === 'string' ? `secrets.${k}: ${ref}` : undefined;
    }),
    problem(props.userData === undefined || Buffer.byteLength(props.userData) <= 8192, 'userData is over 8 KB: EC2 takes 16 KB of user data in all; fetch longer scripts from the bundle'),
  );
}
