import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { DEMO_APP_PY } from '../assets/demo-app';
import { ManifestValues, ServiceManifestValues } from './values';
import { KEDA, KEDA_VERSION_ANNOTATION } from './keda';

/**
 * The services as Kubernetes objects (cdk8s, typed with cdk8s-plus-33's API imports; every object used here is
 * unchanged in 1.35, and kubernetes-validate checks them against the cluster's minor), one YAML file each, for
 * `kubectl apply -f cdktf.out/k8s/<stack>/`. Typed L1 objects rather than cdk8s-plus's Deployment: an HPA
 * must own the replica count (no fixed `replicas`), and topology spread and PDBs need the plain API anyway.
 *
 * Per web service: ServiceAccount (bound to its Pod Identity role by the stack), Deployment (requests and
 * limits, probes on the health path, spread over zones and hosts), PodDisruptionBudget, HPA on CPU, Service,
 * and an Ingress for EKS Auto Mode's load balancing (IngressClass `alb` -> `eks.amazonaws.com/alb`; one shared
 * ALB, target type ip, WAF by name). The worker scales on queue depth with a KEDA ScaledObject instead of an HPA
 * (KEDA creates that HPA). Nodes: EKS Auto Mode's NodePools (Spot first, on-demand fallback) over one NodeClass.
 */

/** Custom resources these manifests use, which kubernetes-validate has no schema for; each says who serves it. */
export const CUSTOM_RESOURCES: readonly { readonly apiVersion: string; readonly kind: string; readonly servedBy: string }[] = [
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', servedBy: `KEDA ${KEDA.version} (its release manifest, applied by scripts/eks/apply-manifests.sh)` },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication', servedBy: `KEDA ${KEDA.version} (its release manifest, applied by scripts/eks/apply-manifests.sh)` },
  { apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', servedBy: 'EKS Auto Mode (built in)' },
  { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', servedBy: 'EKS Auto Mode (built in)' },
  { apiVersion: 'eks.amazonaws.com/v1', kind: 'IngressClassParams', servedBy: 'EKS Auto Mode (built in)' },
];

/** The Auto Mode load balancing controller's name, which an IngressClass points at. */
export const AUTO_MODE_ALB_CONTROLLER = 'eks.amazonaws.com/alb';
/** Namespace label that has the ALB controller add a readiness gate per target group to new pods. */
export const READINESS_GATE_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';
/** Seconds an app container gets after its preStop sleep to finish in-flight work and exit. */
export const SHUTDOWN_SECONDS = 15;
/** Resolves the service's SSM parameters into an env file before the app starts (Pod Identity credentials). */
export const AWS_CLI_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:2.27.50';

const APP_UID = 10001;
const restricted: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: APP_UID,
  runAsGroup: APP_UID,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Synthesizes every manifest: file name -> YAML (multi-document). Values must be plain (no Terraform tokens). */
export function renderManifests(values: ManifestValues): Record<string, string> {
  return Object.fromEntries(Object.entries(renderObjects(values)).map(([file, docs]) => [file, Yaml.stringify(...docs)]));
}

/** The same objects before YAML: file name -> Kubernetes objects (as JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects of every kind, as cdk8s renders them
export function renderObjects(values: ManifestValues): Record<string, any[]> {
  const tokens = JSON.stringify(values).match(/\$\{TfToken\[[^\]]*\]\}/);
  if (tokens) throw new Error(`manifest values for ${values.stack} hold a Terraform token (${tokens[0]}): pass names from config, not resource attributes`);
  const app = new App({ outdir: '/nonexistent' });
  const files: Record<string, Chart> = {};
  const chart = (file: string, namespace?: string) =>
    (files[file] = new Chart(app, file.replace(/\.yaml$/, ''), { namespace, labels: { ...values.labels }, disableResourceNameHashes: true }));

  const base = chart('00-namespace.yaml');
  new k8s.KubeNamespace(base, 'namespace', {
    metadata: {
      name: values.namespace,
      // Pod Security Admission: every pod here must run as non-root, without privilege escalation or capabilities.
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': `v${values.kubernetesVersion}`,
        // New pods count as ready only once the ALB sees them healthy, so a rollout never leaves it without targets.
        [READINESS_GATE_LABEL]: 'enabled',
      },
    },
  });
  new k8s.KubeConfigMap(base, 'demo-app', { metadata: { name: 'demo-app', namespace: values.namespace }, data: { 'app.py': DEMO_APP_PY } });

  const web = values.services.filter((s) => s.kind === 'web');
  for (const s of values.services) {
    const c = chart(`service-${s.name}.yaml`, values.namespace);
    serviceObjects(c, values, s, web.indexOf(s));
  }
  nodes(chart('01-nodes.yaml'), values);
  ingressClass(chart('01-ingress-class.yaml'), values);

  return Object.fromEntries(Object.entries(files).map(([file, c]) => [file, c.toJson()]));
}

function serviceObjects(c: Chart, v: ManifestValues, s: ServiceManifestValues, webIndex: number): void {
  const selector = { 'app.kubernetes.io/name': s.name, 'app.kubernetes.io/part-of': v.stack };
  new k8s.KubeServiceAccount(c, 'service-account', {
    metadata: { name: s.serviceAccount },
    // Pod Identity injects its own projected token; the app never calls the Kubernetes API.
    automountServiceAccountToken: false,
  });
  deployment(c, v, s, selector);
  new k8s.KubePodDisruptionBudget(c, 'pdb', {
    metadata: { name: s.name },
    // Node drains and Spot reclaims take one pod at a time.
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
  });

  if (s.kind === 'worker') return workerScaling(c, v, s);

  new k8s.KubeHorizontalPodAutoscalerV2(c, 'hpa', {
    metadata: { name: s.name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name },
      minReplicas: s.minReplicas,
      maxReplicas: s.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: s.cpuTargetPercent } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  });

  new k8s.KubeService(c, 'service', {
    metadata: { name: s.name },
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromString('http') }] },
  });

  ingress(c, v, s, webIndex);
}

/** The service's pods: an init container writes the env file from SSM, the app runs restricted, spread over zones. */
function deployment(c: Chart, v: ManifestValues, s: ServiceManifestValues, selector: Record<string, string>): void {
  const envFile = '/env/app.env';
  const fetches = Object.entries(s.parameters).map(([env, name]) => `fetch ${env} '${name}'`);
  const initScript = [
    'set -eu',
    `: > ${envFile}`,
    'fetch() { printf "%s=%s\\n" "$1" "$(aws ssm get-parameter --name "$2" --query Parameter.Value --output text)" >> ' + envFile + '; }',
    ...fetches,
  ].join('\n');

  // Web pods leave the ALB before they stop: the target drains (preStop sleep of the deregistration delay) while the
  // app still serves, then the app gets SIGTERM with SHUTDOWN_SECONDS to spare; workers just get the default 30 s.
  const drainSeconds = s.kind === 'web' ? v.ingress.deregistrationDelaySeconds : 0;
  new k8s.KubeDeployment(c, 'deployment', {
    metadata: { name: s.name, labels: selector },
    spec: {
      // No `replicas`: the HPA (or KEDA's HPA) owns the count; a fixed value would reset it on every apply.
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString('25%') } },
      template: {
        metadata: { labels: selector },
        spec: {
          serviceAccountName: s.serviceAccount,
          securityContext: { runAsNonRoot: true, runAsUser: APP_UID, runAsGroup: APP_UID, fsGroup: APP_UID, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: s.kind === 'web' ? drainSeconds + SHUTDOWN_SECONDS : 30,
          topologySpreadConstraints: [
            // Zones strictly (an AZ loss takes at most a third; Auto Mode launches nodes in the zone a pod needs);
            // nodes and capacity types softly (a Spot reclaim never takes every replica, a busy zone can still scale).
            { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'Honor', labelSelector: { matchLabels: selector } },
            { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
            { topologyKey: 'karpenter.sh/capacity-type', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
          ],
          initContainers: [
            {
              name: 'env',
              image: AWS_CLI_IMAGE,
              command: ['/bin/sh', '-c', initScript],
              env: [
                { name: 'AWS_REGION', value: v.region },
                { name: 'HOME', value: '/tmp' },
              ],
              resources: {
                requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
                limits: { cpu: k8s.Quantity.fromString('200m'), memory: k8s.Quantity.fromString('128Mi') },
              },
              securityContext: restricted,
              volumeMounts: [
                { name: 'env', mountPath: '/env' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          containers: [
            {
              name: 'app',
              image: s.container?.image ?? v.image,
              // The user's container keeps its entrypoint unless it names a command (then the env file is sourced first).
              command: s.container
                ? s.container.command
                  ? ['/bin/sh', '-c', `set -a; . ${envFile}; set +a; exec "$@"`, '--', ...s.container.command]
                  : undefined
                : ['/bin/sh', '-c', `set -a; . ${envFile}; set +a; exec python3 /app/app.py`],
              env: [
                { name: 'APP_PORT', value: String(s.appPort) },
                { name: 'SERVICE_NAME', value: s.name },
                { name: 'HEALTH_PATH', value: s.healthCheckPath },
                { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
                // IMDS is one hop away from pods (hop limit 1): do not wait for it.
                { name: 'IMDS_TIMEOUT_SECONDS', value: '0.05' },
              ],
              ports: [{ name: 'http', containerPort: s.appPort }],
              resources: {
                requests: { cpu: k8s.Quantity.fromString(`${s.pod.cpuMillis}m`), memory: k8s.Quantity.fromString(`${s.pod.memoryMiB}Mi`) },
                limits: { cpu: k8s.Quantity.fromString(`${s.pod.cpuLimitMillis}m`), memory: k8s.Quantity.fromString(`${s.pod.memoryLimitMiB ?? s.pod.memoryMiB}Mi`) },
              },
              startupProbe: {
                httpGet: { path: s.healthCheckPath, port: k8s.IntOrString.fromString('http') },
                periodSeconds: 5,
                failureThreshold: Math.max(1, Math.ceil(s.startupSeconds / 5)),
              },
              readinessProbe: { httpGet: { path: s.healthCheckPath, port: k8s.IntOrString.fromString('http') }, periodSeconds: 5, failureThreshold: 2 },
              livenessProbe: { httpGet: { path: s.livenessPath, port: k8s.IntOrString.fromString('http') }, periodSeconds: 10, failureThreshold: 3 },
              ...(drainSeconds > 0 ? { lifecycle: { preStop: { sleep: { seconds: drainSeconds } } } } : {}),
              securityContext: restricted,
              volumeMounts: [
                ...(s.container ? [] : [{ name: 'app', mountPath: '/app', readOnly: true }]),
                { name: 'env', mountPath: '/env', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'app', configMap: { name: 'demo-app' } },
            { name: 'env', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
            { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
          ],
        },
      },
    },
  });
}

/** The service's share of the stack's ALB (one Ingress group): its paths, health check, listeners, TLS and WAF. */
function ingress(c: Chart, v: ManifestValues, s: ServiceManifestValues, webIndex: number): void {
  const i = v.ingress;
  const catchAll = s.pathPatterns.includes('/*');
  const https = !!i.certificateArn;
  const annotations: Record<string, string> = {
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/group.name': i.groupName,
    // The stack's security groups, tier to tier: internet -> this group -> the nodes' group on the app port.
    'alb.ingress.kubernetes.io/security-groups': i.securityGroupName,
    'alb.ingress.kubernetes.io/manage-backend-security-group-rules': 'false',
    // Specific paths before the catch-all.
    'alb.ingress.kubernetes.io/group.order': String(catchAll ? 1000 : 10 * (webIndex + 1)),
    'alb.ingress.kubernetes.io/healthcheck-path': s.healthCheckPath,
    'alb.ingress.kubernetes.io/success-codes': '200',
    'alb.ingress.kubernetes.io/listen-ports': https ? '[{"HTTP": 80}, {"HTTPS": 443}]' : '[{"HTTP": 80}]',
    'alb.ingress.kubernetes.io/load-balancer-attributes': [
      `idle_timeout.timeout_seconds=${i.idleTimeoutSeconds}`,
      'routing.http.drop_invalid_header_fields.enabled=true',
      `deletion_protection.enabled=${i.deletionProtection}`,
    ].join(','),
    'alb.ingress.kubernetes.io/target-group-attributes': `deregistration_delay.timeout_seconds=${i.deregistrationDelaySeconds}`,
  };
  if (https) {
    annotations['alb.ingress.kubernetes.io/certificate-arn'] = i.certificateArn!;
    annotations['alb.ingress.kubernetes.io/ssl-redirect'] = '443';
    annotations['alb.ingress.kubernetes.io/ssl-policy'] = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
  }
  if (i.wafAclName) annotations['alb.ingress.kubernetes.io/wafv2-acl-name'] = i.wafAclName;
  new k8s.KubeIngress(c, 'ingress', {
    metadata: { name: s.name, annotations },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          http: {
            paths: s.pathPatterns.map((pattern) => ({
              path: pattern.replace(/\/?\*$/, '') || '/',
              pathType: 'Prefix',
              backend: { service: { name: s.name, port: { name: 'http' } } },
            })),
          },
        },
      ],
    },
  });
}

/** KEDA scales the worker on the queue's visible messages (messagesPerPod each), with KEDA's own Pod Identity role. */
function workerScaling(c: Chart, v: ManifestValues, s: ServiceManifestValues): void {
  if (!s.queue) throw new Error(`service ${s.name}: a worker needs queue values to scale on`);
  new ApiObject(c, 'keda-auth', {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: `${s.name}-queue`, annotations: { [KEDA_VERSION_ANNOTATION]: KEDA.version } },
    // The operator's own identity (keda/keda-operator), whose role may read this queue's depth only.
    spec: { podIdentity: { provider: 'aws' } },
  });
  new ApiObject(c, 'scaled-object', {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: s.name, annotations: { [KEDA_VERSION_ANNOTATION]: KEDA.version } },
    spec: {
      scaleTargetRef: { name: s.name },
      minReplicaCount: s.minReplicas,
      maxReplicaCount: s.maxReplicas,
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: [
        {
          type: 'aws-sqs-queue',
          authenticationRef: { name: `${s.name}-queue` },
          metadata: { queueURL: s.queue.name, queueLength: String(s.queue.messagesPerPod), awsRegion: v.region, scaleOnInFlight: 'true' },
        },
        // CPU as well, so a slow batch of messages still gets pods.
        { type: 'cpu', metricType: 'Utilization', metadata: { value: String(s.cpuTargetPercent) } },
      ],
    },
  });
}

/**
 * Where and on what Auto Mode runs the pods: one NodeClass (the private app subnets, the nodes' security group
 * plus EKS's cluster group, the node role, encrypted ephemeral storage) and a NodePool per capacity type. Spot
 * weighs more, so new capacity is Spot when it is available and on-demand when not (the Cluster Autoscaler's
 * least-waste expander never preferred Spot); zone-spread pods get a node in the zone they need.
 */
function nodes(c: Chart, v: ManifestValues): void {
  const nodeClass = 'stormproof';
  new ApiObject(c, 'node-class', {
    apiVersion: 'eks.amazonaws.com/v1',
    kind: 'NodeClass',
    metadata: { name: nodeClass },
    spec: {
      role: v.nodes.roleName,
      subnetSelectorTerms: v.nodes.subnetNames.map((name) => ({ tags: { Name: name } })),
      securityGroupSelectorTerms: [{ tags: { ...v.nodes.securityGroupTag } }, { tags: { 'aws:eks:cluster-name': v.clusterName } }],
      ephemeralStorage: { size: `${Math.max(...v.nodes.pools.map((p) => p.diskGb))}Gi` },
      // Cost allocation and ownership tags on what EKS launches (nodes, their volumes and interfaces).
      tags: { ...v.nodes.tags },
    },
  });
  for (const pool of v.nodes.pools) {
    new ApiObject(c, `node-pool-${pool.name}`, {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: pool.name },
      spec: {
        weight: pool.weight,
        template: {
          metadata: { labels: { 'stormproof.io/capacity': pool.capacityType } },
          spec: {
            nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: nodeClass },
            requirements: [
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: [pool.capacityType] },
              { key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...pool.instanceTypes] },
            ],
            // Nodes are replaced at least every two weeks (fresh, patched AMIs); PDBs pace it.
            expireAfter: '336h',
          },
        },
        limits: { cpu: String(pool.cpuLimit) },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '5m' },
      },
    });
  }
}

/** IngressClass `alb` for Auto Mode's ALB controller; the Ingresses' annotations carry the rest (group, SG, WAF). */
function ingressClass(c: Chart, v: ManifestValues): void {
  const name = 'alb';
  new ApiObject(c, 'ingress-class-params', {
    apiVersion: 'eks.amazonaws.com/v1',
    kind: 'IngressClassParams',
    metadata: { name },
    spec: { scheme: 'internet-facing', namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': v.namespace } } },
  });
  new k8s.KubeIngressClass(c, 'ingress-class', {
    metadata: { name },
    spec: { controller: AUTO_MODE_ALB_CONTROLLER, parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name } },
  });
}
