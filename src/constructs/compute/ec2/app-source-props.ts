/**
 * Where a service's machine image and application come from (issue 27): props, defaults and validation only,
 * no provider imports, so config rules can reuse them.
 */
import { existsSync, statSync } from 'node:fs';

/**
 * The machine image of a service's instances: exactly one of the four sources.
 * - `fromInstance`: your running server becomes the AMI (`aws_ami_from_instance`). It captures the root and
 *   attached EBS volumes as they are at apply time. EC2 REBOOTS the instance to get a consistent file system
 *   unless `snapshotWithoutReboot` is true (then open files may be captured half-written). Re-bake with
 *   `terraform apply -replace=<address of the aws_ami_from_instance>`.
 * - `ami`: an AMI id you built.
 * - `ssmParameter`: an SSM parameter naming the AMI (looked up at plan: a new value rolls the fleet).
 * - `bake`: an EC2 Image Builder pipeline (your bundle + the platform's agents on Amazon Linux 2023) that
 *   writes each new AMI id to an SSM parameter the launch template resolves at launch (`resolve:ssm:`).
 */
export type ImageSource =
  | { readonly fromInstance: string; readonly snapshotWithoutReboot?: boolean }
  | { readonly ami: string }
  | { readonly ssmParameter: string }
  | { readonly bake: BakeOptions };

/** An EC2 Image Builder pipeline for a service. */
export interface BakeOptions {
  /**
   * When the pipeline builds a new image, as an Image Builder cron expression (e.g. `cron(0 3 ? * sun *)`).
   * @default - on demand only (`aws imagebuilder start-image-pipeline-execution`)
   */
  readonly schedule?: string;
  /**
   * Instance type of the build instance.
   * @default 't3.small'
   */
  readonly buildInstanceType?: string;
}

/** The application a service runs: a folder or zip shipped to a private bucket, started under systemd. */
export interface AppBundle {
  /** A local folder or `.zip` file (resolved from the working directory at synth). */
  readonly path: string;
  /** Shell command run in the unpacked bundle's folder as the unprivileged `stormproof` user, e.g. `python3 app.py`. */
  readonly start: string;
  /**
   * Shell command run once as root in the unpacked folder before the first start (e.g. `pip3 install -r requirements.txt --target deps`).
   * @default - none
   */
  readonly install?: string;
}

/** CPU and memory of an EKS service's app container (Kubernetes requests and limits). */
export interface ContainerResources {
  /** CPU request in millicores, e.g. 250; the HPA's CPU target is a percent of it. */
  readonly cpuMillis: number;
  /** Memory request in MiB, e.g. 512. */
  readonly memoryMiB: number;
  /**
   * CPU limit in millicores (>= cpuMillis); bursts above the request are throttled here.
   * @default - 2 x cpuMillis
   */
  readonly cpuLimitMillis?: number;
  /**
   * Memory limit in MiB (>= memoryMiB); above it the container is OOM-killed.
   * @default - memoryMiB (memory is not compressible: a request below the limit invites eviction under node pressure)
   */
  readonly memoryLimitMiB?: number;
}

/** The container an EKS service runs instead of the demo app. */
export interface ContainerSpec {
  /** Image URI, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2`. */
  readonly image: string;
  /**
   * Command overriding the image's entrypoint.
   * @default - the image's own
   */
  readonly command?: readonly string[];
  /**
   * Seconds the startup probe allows before the app must answer its readiness path.
   * @default - the service's healthCheckGraceSeconds (120)
   */
  readonly startupSeconds?: number;
  /**
   * Port the container listens on: the pod's named port `http`, the Service's target, the Ingress ALB's target
   * and the nodes' firewall rule from the ALB.
   * @default - the service's appPort
   */
  readonly port?: number;
  /**
   * HTTP path of the startup and readiness probes (5 s apart; 2 failures take the pod out of the Service) and of the
   * ALB's target health check.
   * @default - the service's healthCheckPath ('/health')
   */
  readonly readinessPath?: string;
  /**
   * HTTP path of the liveness probe (10 s apart; 3 failures restart the container): keep it cheap and independent
   * of the database, so a slow dependency does not restart every pod.
   * @default - readinessPath
   */
  readonly livenessPath?: string;
  /**
   * Requests and limits of the app container.
   * @default - the service's `pod` (else `eks.defaultPod`), memory limit = memory request
   */
  readonly resources?: ContainerResources;
}

const HTTP_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/** Problems of a container spec (`field` names it in messages, e.g. `services[0].container`). */
export function containerProblems(c: ContainerSpec | undefined, field: string): string[] {
  if (!c) return [];
  const problems: string[] = [];
  if (typeof c.image !== 'string' || !/^\S+$/.test(c.image)) problems.push(`${field}.image "${c.image}" must be an image URI without spaces`);
  if (c.port !== undefined && !(Number.isInteger(c.port) && c.port >= 1024 && c.port <= 65535)) {
    problems.push(`${field}.port (${c.port}) must be a whole number from 1024 to 65535 (pods run as a non-root user)`);
  }
  for (const key of ['readinessPath', 'livenessPath'] as const) {
    const path = c[key];
    if (path !== undefined && !HTTP_PATH.test(path)) problems.push(`${field}.${key} "${path}" must be an HTTP path starting with '/'`);
  }
  if (c.startupSeconds !== undefined && !(c.startupSeconds >= 5 && c.startupSeconds <= 3600)) problems.push(`${field}.startupSeconds (${c.startupSeconds}) must be 5-3600`);
  const r = c.resources;
  if (r) {
    if (!(Number.isInteger(r.cpuMillis) && r.cpuMillis >= 10)) problems.push(`${field}.resources.cpuMillis (${r.cpuMillis}) must be a whole number >= 10`);
    if (!(Number.isInteger(r.memoryMiB) && r.memoryMiB >= 32)) problems.push(`${field}.resources.memoryMiB (${r.memoryMiB}) must be a whole number >= 32`);
    if (r.cpuLimitMillis !== undefined && !(r.cpuLimitMillis >= r.cpuMillis)) problems.push(`${field}.resources.cpuLimitMillis (${r.cpuLimitMillis}) must be >= cpuMillis (${r.cpuMillis})`);
    if (r.memoryLimitMiB !== undefined && !(r.memoryLimitMiB >= r.memoryMiB)) problems.push(`${field}.resources.memoryLimitMiB (${r.memoryLimitMiB}) must be >= memoryMiB (${r.memoryMiB})`);
  }
  return problems;
}

/** The app container's requests and limits: its own `resources` (limits defaulted), else the service's pod. */
export function containerResources(
  c: ContainerSpec | undefined,
  pod: { readonly cpuMillis: number; readonly memoryMiB: number; readonly cpuLimitMillis: number },
): { cpuMillis: number; cpuLimitMillis: number; memoryMiB: number; memoryLimitMiB: number } {
  const r = c?.resources;
  if (!r) return { cpuMillis: pod.cpuMillis, cpuLimitMillis: pod.cpuLimitMillis, memoryMiB: pod.memoryMiB, memoryLimitMiB: pod.memoryMiB };
  return { cpuMillis: r.cpuMillis, cpuLimitMillis: r.cpuLimitMillis ?? 2 * r.cpuMillis, memoryMiB: r.memoryMiB, memoryLimitMiB: r.memoryLimitMiB ?? r.memoryMiB };
}

/** Names the image source for the simulator's `stormproof:image-source` launch-template tag. */
export type ImageSourceTag = 'baked' | 'ami' | 'from-instance' | 'bundle' | 'demo';

export function imageSourceTag(image: ImageSource | undefined, userBundle: boolean): ImageSourceTag {
  if (image && 'bake' in image) return 'baked';
  if (image && 'fromInstance' in image) return 'from-instance';
  if (image) return 'ami';
  return userBundle ? 'bundle' : 'demo';
}

const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SSM_NAME = /^\/[A-Za-z0-9_.\-/]{1,2047}$/;
const IMAGE_BUILDER_CRON = /^cron\(.+\)$/;
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** Set by the platform in every app's environment. */
export const RESERVED_ENV = ['APP_PORT', 'APP_BIND', 'SERVICE_NAME', 'HEALTH_PATH', 'BUNDLE_BUCKET', 'AWS_REGION', 'AWS_DEFAULT_REGION'];

/** Problems of an image source (`field` names it in messages, e.g. `services[0].image`). */
export function imageSourceProblems(image: unknown, field: string): string[] {
  if (image === undefined) return [];
  if (!image || typeof image !== 'object') return [`${field} must be an object with exactly one of fromInstance, ami, ssmParameter, bake`];
  const keys = ['fromInstance', 'ami', 'ssmParameter', 'bake'].filter((k) => k in image);
  if (keys.length !== 1) {
    return [`${field} must set exactly one of fromInstance, ami, ssmParameter, bake (it sets ${keys.length === 0 ? 'none' : keys.join(' and ')})`];
  }
  const i = image as Record<string, unknown>;
  const problems: string[] = [];
  if ('fromInstance' in i && !INSTANCE_ID.test(String(i.fromInstance))) problems.push(`${field}.fromInstance "${i.fromInstance}" is not an instance id (i- and 8 or 17 hex digits)`);
  if ('snapshotWithoutReboot' in i && !('fromInstance' in i)) problems.push(`${field}.snapshotWithoutReboot only applies to fromInstance`);
  if ('ami' in i && !AMI_ID.test(String(i.ami))) problems.push(`${field}.ami "${i.ami}" is not an AMI id (ami- and 8 or 17 hex digits)`);
  if ('ssmParameter' in i && !SSM_NAME.test(String(i.ssmParameter))) problems.push(`${field}.ssmParameter "${i.ssmParameter}" must be an SSM parameter name starting with '/'`);
  if ('bake' in i) {
    const bake = (i.bake ?? {}) as BakeOptions;
    if (bake.schedule !== undefined && !IMAGE_BUILDER_CRON.test(bake.schedule)) {
      problems.push(`${field}.bake.schedule "${bake.schedule}" must be an Image Builder cron expression, e.g. "cron(0 3 ? * sun *)"`);
    }
  }
  return problems;
}

/** Problems of a bundle: the path must exist (a folder or a .zip file) and the start command be one line. */
export function bundleProblems(bundle: AppBundle | undefined, field: string): string[] {
  if (!bundle) return [];
  const problems: string[] = [];
  if (!bundle.path || !existsSync(bundle.path)) problems.push(`${field}.path "${bundle.path}" does not exist: give a folder or a .zip file (relative to the working directory)`);
  else if (!statSync(bundle.path).isDirectory() && !bundle.path.endsWith('.zip')) problems.push(`${field}.path "${bundle.path}" must be a folder or a .zip file`);
  for (const key of ['start', 'install'] as const) {
    const command = bundle[key];
    if (command === undefined) continue;
    if (command.trim() === '' || /[\n\r]/.test(command)) problems.push(`${field}.${key} must be one non-empty line of shell (put longer scripts in the bundle)`);
  }
  return problems;
}

/** Problems of `env` (plain values) and `secrets` (references) maps: env var names, no clash with the platform's. */
export function environmentProblems(env: Record<string, string> | undefined, secrets: Record<string, string> | undefined, field: string): string[] {
  const problems: string[] = [];
  for (const [what, map] of [['env', env], ['secrets', secrets]] as const) {
    for (const [name, value] of Object.entries(map ?? {})) {
      if (!ENV_NAME.test(name) || RESERVED_ENV.includes(name)) {
        problems.push(`${field}.${what}.${name}: the key must be an UPPER_SNAKE env var name other than ${RESERVED_ENV.join(', ')}`);
      }
      if (typeof value !== 'string' || /[\n\r]/.test(value)) problems.push(`${field}.${what}.${name} must be a one-line string`);
    }
  }
  for (const name of Object.keys(env ?? {})) if (secrets && name in secrets) problems.push(`${field}: ${name} is in both env and secrets: keep one`);
  return problems;
}

/** Where a `secrets` value points: the platform's own resources, or a parameter or secret you own. */
export type SecretReference =
  | { readonly kind: 'platform'; readonly env: string }
  | { readonly kind: 'ssm'; readonly name: string }
  | { readonly kind: 'secretsmanager'; readonly arn: string };

/** Platform references a `secrets` value may name, and the data-tier env var (SSM parameter) each resolves to. */
export const PLATFORM_REFERENCES: Readonly<Record<string, { readonly env: string; readonly needs: 'database' | 'cache' | 'queue' }>> = {
  'database.writerEndpoint': { env: 'DB_WRITER_ENDPOINT', needs: 'database' },
  'database.readerEndpoint': { env: 'DB_READER_ENDPOINT', needs: 'database' },
  'database.secretArn': { env: 'DB_SECRET_ARN', needs: 'database' },
  'database.name': { env: 'DB_NAME', needs: 'database' },
  'cache.endpoint': { env: 'CACHE_ENDPOINT', needs: 'cache' },
  'cache.readerEndpoint': { env: 'CACHE_READER_ENDPOINT', needs: 'cache' },
  'cache.user': { env: 'CACHE_USER', needs: 'cache' },
  'queue.url': { env: 'QUEUE_URL', needs: 'queue' },
};

const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** Parses a `secrets` value: `database.writerEndpoint` (and the other PLATFORM_REFERENCES), `ssm:/name` or a Secrets Manager ARN. */
export function parseSecretReference(value: string): SecretReference | string {
  const platform = PLATFORM_REFERENCES[value];
  if (platform) return { kind: 'platform', env: platform.env };
  if (value.startsWith('ssm:')) {
    const name = value.slice(4);
    return SSM_NAME.test(name) ? { kind: 'ssm', name } : `"${value}": ssm: must be followed by a parameter name starting with '/'`;
  }
  if (SECRETS_MANAGER_ARN.test(value)) return { kind: 'secretsmanager', arn: value };
  return `"${value}" is not a reference: use one of ${Object.keys(PLATFORM_REFERENCES).join(', ')}, ssm:/parameter/name or a Secrets Manager secret ARN`;
}

/** The construct's ImageSource from config's flat `{ fromInstance?, snapshotWithoutReboot?, ami?, ssmParameter?, bake? }` (validated first). */
export interface FlatImageSource {
  readonly fromInstance?: string;
  readonly snapshotWithoutReboot?: boolean;
  readonly ami?: string;
  readonly ssmParameter?: string;
  readonly bake?: BakeOptions;
}
export function toImageSource(image: FlatImageSource | undefined): ImageSource | undefined {
  if (!image) return undefined;
  if (image.fromInstance !== undefined) return { fromInstance: image.fromInstance, snapshotWithoutReboot: image.snapshotWithoutReboot };
  if (image.ami !== undefined) return { ami: image.ami };
  if (image.ssmParameter !== undefined) return { ssmParameter: image.ssmParameter };
  if (image.bake !== undefined) return { bake: image.bake };
  return undefined;
}

/** `secrets` parsed (env var -> reference); throws naming the first value that is not a reference. */
export function secretReferencesOf(secrets: Readonly<Record<string, string>>): Record<string, SecretReference> {
  const out: Record<string, SecretReference> = {};
  for (const [k, v] of Object.entries(secrets)) {
    const ref = parseSecretReference(v);
    if (typeof ref === 'string') throw new Error(`secrets.${k}: ${ref}`);
    out[k] = ref;
  }
  return out;
}
