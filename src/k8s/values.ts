/**
 * What the Kubernetes manifests need from the stack, as plain values computed from the same config the
 * Terraform side uses (names, ports, paths, capacities): never Terraform tokens, never copies. Kept free of
 * cdk8s imports so a stack can build it without loading cdk8s (only `renderManifests` does).
 */

/** The app container's requests and limits. */
export interface PodResources {
  readonly cpuMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryMiB: number;
  /** @default - memoryMiB */
  readonly memoryLimitMiB?: number;
}

export interface ServiceManifestValues {
  /** `web` (Deployment + Service + Ingress + HPA on CPU) or `worker` (Deployment + KEDA ScaledObject on the queue). */
  readonly kind: 'web' | 'worker';
  readonly name: string;
  /** The port the app container listens on (`container.port`, else the service's appPort). */
  readonly appPort: number;
  /** Startup and readiness probes and the ALB health check (`container.readinessPath`, else the service's healthCheckPath). */
  readonly healthCheckPath: string;
  /** Liveness probe path (`container.livenessPath`, else healthCheckPath). */
  readonly livenessPath: string;
  /** ALB path patterns (web), e.g. `/*` or `/api/*`. */
  readonly pathPatterns: readonly string[];
  /** Pod count bounds for the HPA (or KEDA). */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU, percent of the request, the HPA holds. */
  readonly cpuTargetPercent: number;
  readonly pod: PodResources;
  /** Seconds a new pod gets before its liveness probe counts. */
  readonly startupSeconds: number;
  /** The service account bound to the service's Pod Identity role. */
  readonly serviceAccount: string;
  /** Env var -> SSM parameter NAME the init container resolves at start (the role may read exactly these). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Worker only: the queue it consumes and the messages one pod may fall behind by. */
  readonly queue?: { readonly name: string; readonly messagesPerPod: number };
  /** The user's container instead of the demo app: its env file is at /env/app.env (sourced before `command` when given). */
  readonly container?: { readonly image: string; readonly command?: readonly string[] };
}

/** One Auto Mode NodePool (karpenter.sh/v1). */
export interface NodePoolValues {
  readonly name: string;
  readonly capacityType: 'spot' | 'on-demand';
  /** Higher is tried first. */
  readonly weight: number;
  readonly instanceTypes: readonly string[];
  /** Total vCPUs the pool may run (Karpenter's `limits.cpu`). */
  readonly cpuLimit: number;
  /** Node ephemeral storage in GiB. */
  readonly diskGb: number;
}

export interface ManifestValues {
  /** Stack (profile) name: the output folder `cdktf.out/k8s/<stack>/`. */
  readonly stack: string;
  readonly clusterName: string;
  readonly region: string;
  /** Kubernetes minor of the cluster, e.g. `1.35`. */
  readonly kubernetesVersion: string;
  readonly namespace: string;
  /** Image running the demo app. */
  readonly image: string;
  /** Labels every object carries (project, environment, managed-by). */
  readonly labels: Readonly<Record<string, string>>;
  readonly ingress: {
    /** One ALB for every web service (`alb.ingress.kubernetes.io/group.name`). */
    readonly groupName: string;
    /** Name of the ALB's security group (the stack's); the nodes admit the pods' ports from it. */
    readonly securityGroupName: string;
    /** Regional WAF web ACL attached by name (`wafv2-acl-name`). */
    readonly wafAclName?: string;
    /** ACM certificate: HTTPS listener and HTTP -> HTTPS redirect. */
    readonly certificateArn?: string;
    readonly idleTimeoutSeconds: number;
    readonly deregistrationDelaySeconds: number;
    readonly deletionProtection: boolean;
  };
  readonly services: readonly ServiceManifestValues[];
  /** EKS Auto Mode nodes: one NodeClass (where and as whom nodes run) and NodePools (what capacity). */
  readonly nodes: {
    /** The node IAM role's name (the cluster's Auto Mode node role, so EKS's own access entry covers it). */
    readonly roleName: string;
    /** `Name` tags of the private app subnets, one per AZ: nodes go there only. */
    readonly subnetNames: readonly string[];
    /** Tag (key -> value) of the nodes' security group, the one the data tier admits. */
    readonly securityGroupTag: Readonly<Record<string, string>>;
    /** Tags for the instances, volumes and interfaces Auto Mode launches (the provider's default_tags do not reach them). */
    readonly tags: Readonly<Record<string, string>>;
    /** Tried by weight, highest first (Spot before on-demand). */
    readonly pools: readonly NodePoolValues[];
  };
  /** KEDA's operator service account (its role may read the queue depth), when a worker scales on the queue. */
  readonly keda?: { readonly serviceAccount: string; readonly namespace: string };
}
