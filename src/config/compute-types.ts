/**
 * Configuration of the managed compute options (`compute: "beanstalk"` or `"eks"`): what those profiles fill in
 * besides the shared sections of types.ts, which re-exports everything here.
 */

/** How a Beanstalk environment takes a new application version. */
export type BeanstalkDeployment = 'blue-green' | 'immutable' | 'rolling-with-additional-batch';

/** The Elastic Beanstalk application that runs the web service when `compute` is `beanstalk`. */
export interface BeanstalkConfig {
  /** Managed platform: Python 3.12 or Docker, both on Amazon Linux 2023. */
  readonly platform: 'python' | 'docker';
  /**
   * The solution stack environments are created on: `pinned` (the name Stormproof pins) or a full solution-stack
   * name; `latest` looks the newest up at plan time. Managed platform updates move it later (Terraform ignores it).
   */
  readonly solutionStack: 'latest' | 'pinned' | string;
  /**
   * `blue-green`: two environments, releases go to the idle one and `npm run bluegreen -- <stack> swap` swaps
   * their CNAMEs; `immutable`: one environment, each release on a fresh Auto Scaling group; `rolling-with-additional-batch`:
   * one environment, batches replaced after an extra batch starts (cheapest with full capacity).
   */
  readonly deployment: BeanstalkDeployment;
  /** Application versions kept (older ones are deleted with their S3 bundle). */
  readonly versionsToKeep: number;
  /** Weekly window for managed platform updates, e.g. `Sun:04:00` (UTC). */
  readonly platformUpdateWindow: string;
}

/** What one pod asks for (requests) and may use (limits) on an EKS node. */
export interface PodResourcesConfig {
  /** CPU request in millicores, e.g. 250; the HPA's CPU target is a percent of it. */
  readonly cpuMillis: number;
  /** Memory request (and limit: memory is not compressible) in MiB, e.g. 256. */
  readonly memoryMiB: number;
  /** CPU limit in millicores (>= cpuMillis); bursts above the request are throttled here. */
  readonly cpuLimitMillis: number;
}

/** One EKS Auto Mode NodePool (capacity type by field), its nodes spread over every AZ's private app subnets. */
export interface EksNodeGroupConfig {
  /** EC2 instance types, e.g. `["m6i.large"]`; Spot groups should list several of the same size. */
  readonly instanceTypes: readonly string[];
  /** Baseline nodes the cost estimate assumes (Auto Mode sizes the pool from pending pods). */
  readonly min: number;
  /** Most nodes: the NodePool's CPU limit is this times the largest listed type's vCPUs. */
  readonly max: number;
  /** Typical nodes the cost estimate assumes. */
  readonly desired: number;
  /** Node ephemeral storage (the NodeClass's, encrypted) in GiB. */
  readonly diskGb: number;
}

/**
 * Pinned EKS add-ons beyond what Auto Mode runs itself (vpc-cni, kube-proxy, CoreDNS, Pod Identity agent,
 * EBS CSI driver, load balancer controller and node autoscaling are built in and upgraded by EKS).
 */
export interface EksAddonVersions {
  /** metrics-server (the HPA's and KEDA's CPU metrics), e.g. `v0.8.1-eksbuild.5` for Kubernetes 1.35. */
  readonly metricsServer: string;
}

/** The EKS cluster that runs the services when `compute` is `eks`. */
export interface EksConfig {
  /** Kubernetes minor, e.g. `1.35` (in EKS standard support); kubernetes-validate checks the manifests against it. */
  readonly version: string;
  /** CIDRs that may reach the public API endpoint; empty turns the public endpoint off (private only). */
  readonly publicAccessCidrs: readonly string[];
  /** Retention of the control-plane log group (`/aws/eks/<cluster>/cluster`) in days. */
  readonly logRetentionDays: number;
  /**
   * The on-demand NodePool (Auto Mode): its instance types, `max` nodes (the pool's CPU limit), disk; `min` and
   * `desired` are the baseline the cost estimate assumes (Auto Mode sizes nodes from pending pods).
   */
  readonly onDemand: EksNodeGroupConfig;
  /** An optional Spot NodePool, preferred over on-demand by weight (interruptions are absorbed by PDBs and spread). */
  readonly spot?: EksNodeGroupConfig;
  readonly addons: EksAddonVersions;
  /** IAM role names (this account) given cluster-admin through EKS access entries (no aws-auth ConfigMap). */
  readonly adminRoleNames: readonly string[];
  /** IAM role names (this account) given read-only cluster access. */
  readonly viewerRoleNames: readonly string[];
  /** Kubernetes namespace of the services. */
  readonly namespace: string;
  /** Container image that runs the demo app (a Python 3 image; the app comes from a ConfigMap). */
  readonly image: string;
  /** Pod requests/limits for services that set no `pod`. */
  readonly defaultPod: PodResourcesConfig;
}

/**
 * Where a service's machine image comes from: exactly one of `fromInstance` (your running server becomes the AMI;
 * EC2 reboots it unless `snapshotWithoutReboot` is true), `ami`, `ssmParameter` (default: the Amazon Linux 2023
 * public parameter) or `bake` (an EC2 Image Builder pipeline writing each new AMI to an SSM parameter).
 */
export interface ImageSourceConfig {
  /** Instance id (`i-...`) whose volumes become the AMI (`aws_ami_from_instance`). */
  readonly fromInstance?: string;
  /** With fromInstance: capture without rebooting (the file system may be inconsistent). Default: false (it reboots). */
  readonly snapshotWithoutReboot?: boolean;
  /** AMI id (`ami-...`). */
  readonly ami?: string;
  /** SSM parameter naming the AMI (e.g. `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`). */
  readonly ssmParameter?: string;
  /** EC2 Image Builder: bundle + agents baked on Amazon Linux 2023. */
  readonly bake?: BakeConfig;
}

/** An EC2 Image Builder pipeline for a service. */
export interface BakeConfig {
  /** Image Builder cron, e.g. `cron(0 3 ? * sun *)`. Default: on demand only. */
  readonly schedule?: string;
  /** Build instance type. Default: `t3.small`. */
  readonly buildInstanceType?: string;
}

/** The app a service runs: a local folder or zip uploaded to a private bucket, started under systemd. */
export interface AppBundleConfig {
  /** Folder or `.zip` file, relative to the working directory (where you run synth). */
  readonly path: string;
  /** One line of shell run in the unpacked folder as the unprivileged `stormproof` user, e.g. `python3 app.py`. */
  readonly start: string;
  /** One line of shell run as root in the unpacked folder before the first start. Default: none. */
  readonly install?: string;
}

/** The container an EKS service runs (instead of the demo app). */
export interface ContainerConfig {
  /** Image URI. */
  readonly image: string;
  /** Command overriding the image's entrypoint. Default: the image's. */
  readonly command?: readonly string[];
  /** Seconds the startup probe allows before the readiness path must answer (5-3600). Default: the service's healthCheckGraceSeconds (120). */
  readonly startupSeconds?: number;
  /** Port the container listens on (1024-65535): the pod's `http` port, the Service's and the Ingress ALB's target. Default: the service's appPort. */
  readonly port?: number;
  /** HTTP path of the startup and readiness probes and the ALB health check. Default: the service's healthCheckPath. */
  readonly readinessPath?: string;
  /** HTTP path of the liveness probe (3 failures 10 s apart restart the container). Default: readinessPath. */
  readonly livenessPath?: string;
  /** Requests and limits of the app container. Default: the service's `pod` (else `eks.defaultPod`), memory limit = request. */
  readonly resources?: ContainerResourcesConfig;
}

/** CPU and memory requests and limits of an app container. */
export interface ContainerResourcesConfig {
  /** CPU request in millicores; the HPA's CPU target is a percent of it. */
  readonly cpuMillis: number;
  /** Memory request in MiB. */
  readonly memoryMiB: number;
  /** CPU limit in millicores (>= cpuMillis). Default: 2 x cpuMillis. */
  readonly cpuLimitMillis?: number;
  /** Memory limit in MiB (>= memoryMiB). Default: memoryMiB. */
  readonly memoryLimitMiB?: number;
}
