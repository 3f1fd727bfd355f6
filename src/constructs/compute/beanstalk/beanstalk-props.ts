/** What a BeanstalkApp takes: its props (each default documented), the platforms' solution stacks, and its own invariants. */
import { Token } from 'cdktf';
import type { Capacity } from '../ec2/auto-scaling-props';
import type { AppBundle, SecretReference } from '../ec2/app-source-props';
import { bundleProblems } from '../ec2/app-source-props';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ElasticBeanstalkEnvironment } from '@cdktf/provider-aws/lib/elastic-beanstalk-environment';
import type { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';

/** Solution stacks per platform: the lookup regex (newest match wins) and the pinned fallback name. */
export const SOLUTION_STACKS = {
  python: { regex: '^64bit Amazon Linux 2023 v[0-9.]+ running Python 3\\.12$', pinned: '64bit Amazon Linux 2023 v4.6.0 running Python 3.12' },
  docker: { regex: '^64bit Amazon Linux 2023 v[0-9.]+ running Docker$', pinned: '64bit Amazon Linux 2023 v4.6.0 running Docker' },
} as const;

export type BeanstalkPlatform = keyof typeof SOLUTION_STACKS;
export type BeanstalkDeploymentPolicy = 'blue-green' | 'immutable' | 'rolling-with-additional-batch';

export interface BeanstalkAppProps {
  /** Application name and prefix of everything else, e.g. `fastier-production-web` (at most 28 characters). */
  readonly name: string;
  /** Short service name the app reports. @default - `name` */
  readonly serviceName?: string;
  readonly vpcId: string;
  /** Private app subnets, one per AZ (at least 2): the instances. */
  readonly appSubnetIds: string[];
  /** Public subnets, one per AZ (at least 2): the environment's ALB. */
  readonly publicSubnetIds: string[];
  /** @default 'python' - Python 3.12 on Amazon Linux 2023 */
  readonly platform?: BeanstalkPlatform;
  /**
   * The solution stack environments are created on: `pinned`: `SOLUTION_STACKS[platform].pinned`; any other value: that
   * exact solution-stack name; `latest`: the newest matching one, looked up at plan time. Only creation uses it: managed
   * platform updates move running environments and Terraform ignores solution_stack_name after that.
   * @default 'pinned'
   */
  readonly solutionStack?: string;
  /** @default 't3.medium' - 4 GiB, what the single server it replaces had */
  readonly instanceType?: string;
  readonly capacity: Capacity;
  /** @default '/health' */
  readonly healthCheckPath?: string;
  /**
   * ACM certificate for the HTTPS listener (the port 80 listener is then turned off).
   * @default - HTTP listener only (non-production)
   */
  readonly certificateArn?: string;
  /** @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' */
  readonly sslPolicy?: string;
  /**
   * `blue-green`: two environments (blue live, green idle) whose CNAMEs are swapped after a release; `immutable`: one
   * environment, every release on a new Auto Scaling group; `rolling-with-additional-batch`: one environment, batches
   * replaced after an extra batch is up.
   * @default 'immutable'
   */
  readonly deployment?: BeanstalkDeploymentPolicy;
  /**
   * Average CPU percent the Beanstalk trigger holds (scale out above target + 20, in below target - 20).
   * @default 50
   */
  readonly cpuTargetPercent?: number;
  /**
   * Average memory percent (`CWAgent mem_used_percent`, published by the bundle's agent config) that a
   * target-tracking policy on each environment's Auto Scaling group holds.
   * @default 70
   */
  readonly memoryTargetPercent?: number;
  /** @default 20 */
  readonly rootVolumeGb?: number;
  /** Retention of the instance and health log groups Beanstalk streams. @default 30 */
  readonly logRetentionDays?: number;
  /** Application versions kept; older ones are deleted with their bundle. @default 20 */
  readonly versionsToKeep?: number;
  /** Weekly start of managed platform updates (UTC), `Day:HH:MM`. @default 'Sun:04:00' */
  readonly platformUpdateWindow?: string;
  /**
   * The app, as the first application version's source bundle: the folder's files plus what the platform adds
   * (beanstalkOverlay: a Procfile `web: <start>` and `install` as a prebuild hook on Python; a Dockerfile running
   * `start` unless the folder has one, on Docker; the memory-metrics .ebextensions). The app listens on APP_PORT
   * (8000), where the platform's nginx proxies. A folder only (not a zip).
   * @default - the Stormproof demo app, as a bundle through the same path
   */
  readonly bundle?: AppBundle;
  /** Environment properties (endpoints, ARNs; never secret values). `addProperties` adds more later. @default - none */
  readonly properties?: Record<string, string>;
  /**
   * Env var -> reference, resolved without the value entering state or the console: a platform reference
   * (`database.writerEndpoint`, …) becomes the property the data tier sets; `ssm:/name` and a Secrets Manager ARN
   * go to the `aws:elasticbeanstalk:application:environmentsecrets` namespace, which Beanstalk fetches at instance
   * bootstrap (platform versions from 2025-03-26 on), and the instance role may read exactly those.
   * @default - none
   */
  readonly secrets?: Readonly<Record<string, SecretReference>>;
  /** Days the ALB access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /** Let `terraform destroy` delete non-empty bundle and log buckets. @default false */
  readonly forceDestroyBuckets?: boolean;
}

/** One environment of the application. */
export interface BeanstalkEnvironmentInfo {
  /** `live` (single environment), `blue` or `green`. */
  readonly role: 'live' | 'blue' | 'green';
  readonly environment: ElasticBeanstalkEnvironment;
  readonly name: string;
  /** The environment's Auto Scaling group (created by Beanstalk). */
  readonly asgName: string;
  readonly memoryPolicy: AutoscalingPolicy;
}


/** Problems of a bundle as a Beanstalk source bundle (besides bundleProblems): a folder, an install Docker can run. */
export function beanstalkBundleProblems(bundle: AppBundle, platform: 'python' | 'docker', field: string): string[] {
  if (!existsSync(bundle.path) || !statSync(bundle.path).isDirectory()) {
    return [`${field}.path "${bundle.path}" must be a folder on Beanstalk (the platform adds its Procfile or Dockerfile and .ebextensions to it): unzip it first`];
  }
  if (platform === 'docker' && bundle.install && existsSync(join(bundle.path, 'Dockerfile'))) {
    return [`${field}.install applies to the Dockerfile the platform writes, but ${bundle.path} has its own: put the install step in your Dockerfile`];
  }
  return [];
}

/** A BeanstalkApp's own invariants, all reported at once, naming the prop. */
export function validate(props: BeanstalkAppProps): void {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(/^[a-z][a-z0-9-]{3,27}$/.test(props.name), `name "${props.name}" must be 4-28 lowercase letters, digits or dashes (environment names add "-green", bucket prefixes "-bundles-")`);
  if (!Token.isUnresolved(props.appSubnetIds)) need(props.appSubnetIds.length >= 2, `appSubnetIds has ${props.appSubnetIds.length} subnet(s): give one private app subnet per AZ, at least 2`);
  if (!Token.isUnresolved(props.publicSubnetIds)) need(props.publicSubnetIds.length >= 2, `publicSubnetIds has ${props.publicSubnetIds.length} subnet(s): an ALB needs at least 2 AZs`);
  const { min, max } = props.capacity;
  need(Number.isInteger(min) && min >= 1 && min <= max, `capacity.min (${min}) must be a whole number from 1 to capacity.max (${max})`);
  const mem = props.memoryTargetPercent ?? 70;
  need(mem >= 10 && mem <= 95, `memoryTargetPercent (${mem}) must be 10-95`);
  const cpu = props.cpuTargetPercent ?? 50;
  need(cpu >= 10 && cpu <= 90, `cpuTargetPercent (${cpu}) must be 10-90 (the trigger scales at target +/- 20)`);
  need(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d$/.test(props.platformUpdateWindow ?? 'Sun:04:00'), `platformUpdateWindow "${props.platformUpdateWindow}" must look like "Sun:04:00"`);
  const keep = props.versionsToKeep ?? 20;
  need(Number.isInteger(keep) && keep >= 2 && keep <= 1000, `versionsToKeep (${keep}) must be 2-1000 (the previous version is the rollback)`);
  if (props.solutionStack && !['latest', 'pinned'].includes(props.solutionStack)) {
    need(
      /^64bit Amazon Linux 2023 v[0-9.]+ running /.test(props.solutionStack),
      `solutionStack "${props.solutionStack}" must be "latest", "pinned" or an Amazon Linux 2023 solution-stack name, e.g. "${SOLUTION_STACKS.python.pinned}"`,
    );
  }
  if (props.bundle) {
    const own = bundleProblems(props.bundle, 'bundle');
    problems.push(...(own.length > 0 ? own : beanstalkBundleProblems(props.bundle, props.platform ?? 'python', 'bundle')));
  }
  if (problems.length > 0) throw new Error(`BeanstalkApp ${props.name}: ${problems.join('; ')}`);
}
