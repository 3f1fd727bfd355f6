import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import * as k8s from 'cdk8s-plus-33/lib/imports/k8s';
import { DEMO_APP_PY } from '../assets/demo-app';
import { ManifestValues, ServiceManifestValues } from './values';

/**
 * The services as Kubernetes objects (cdk8s, the k8s 1.33 API from cdk8s-plus-33), one YAML file each, for
 * `kubectl apply -f cdktf.out/k8s/<stack>/`. Typed L1 objects rather than cdk8s-plus's Deployment: an HPA
 * must own the replica count (no fixed `replicas`), and topology spread and PDBs need the plain API anyway.
 *
 * Per web service: ServiceAccount (bound to its Pod Identity role by the stack), Deployment (requests and
 * limits, probes on the health path, spread over zones and hosts), PodDisruptionBudget, HPA on CPU, Service,
 * and an Ingress for the AWS Load Balancer Controller (one shared ALB, target type ip, WAF by name).
 * The worker scales on queue depth with a KEDA ScaledObject instead of an HPA (KEDA creates that HPA).
 * Nodes scale with the Cluster Autoscaler (manifests here, its IAM role from the stack).
 */

/** Custom resources these manifests use, which kubernetes-validate has no schema for; each says who serves it. */
export const CUSTOM_RESOURCES: readonly { readonly apiVersion: string; readonly kind: string; readonly servedBy: string }[] = [
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', servedBy: 'KEDA (helm install keda kedacore/keda -n keda)' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication', servedBy: 'KEDA (helm install keda kedacore/keda -n keda)' },
];

/** Image of the Cluster Autoscaler; its minor follows the cluster's. */
export const CLUSTER_AUTOSCALER_IMAGE = 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0';
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
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': `v${values.kubernetesVersion}` },
    },
  });
  new k8s.KubeConfigMap(base, 'demo-app', { metadata: { name: 'demo-app', namespace: values.namespace }, data: { 'app.py': DEMO_APP_PY } });

  const web = values.services.filter((s) => s.kind === 'web');
  for (const s of values.services) {
    const c = chart(`service-${s.name}.yaml`, values.namespace);
    serviceObjects(c, values, s, web.indexOf(s));
  }
  clusterAutoscaler(chart('cluster-autoscaler.yaml', values.clusterAutoscaler.namespace), values);

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
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [
            // Zones strictly (an AZ loss takes at most a third); nodes softly (so a busy zone can still scale).
            { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'Honor', labelSelector: { matchLabels: selector } },
            { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
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
                limits: { cpu: k8s.Quantity.fromString(`${s.pod.cpuLimitMillis}m`), memory: k8s.Quantity.fromString(`${s.pod.memoryMiB}Mi`) },
              },
              startupProbe: {
                httpGet: { path: s.healthCheckPath, port: k8s.IntOrString.fromString('http') },
                periodSeconds: 5,
                failureThreshold: Math.max(1, Math.ceil(s.startupSeconds / 5)),
              },
              readinessProbe: { httpGet: { path: s.healthCheckPath, port: k8s.IntOrString.fromString('http') }, periodSeconds: 5, failureThreshold: 2 },
              livenessProbe: { httpGet: { path: s.healthCheckPath, port: k8s.IntOrString.fromString('http') }, periodSeconds: 10, failureThreshold: 3 },
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
    metadata: { name: `${s.name}-queue` },
    // The operator's own identity (keda/keda-operator), whose role may read this queue's depth only.
    spec: { podIdentity: { provider: 'aws' } },
  });
  new ApiObject(c, 'scaled-object', {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: s.name },
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

/** Cluster Autoscaler with auto-discovery of the node groups EKS tags for this cluster. */
function clusterAutoscaler(c: Chart, v: ManifestValues): void {
  const name = v.clusterAutoscaler.serviceAccount;
  const labels = { 'app.kubernetes.io/name': name };
  new k8s.KubeServiceAccount(c, 'service-account', { metadata: { name, labels } });
  const read = ['watch', 'list', 'get'];
  new k8s.KubeClusterRole(c, 'cluster-role', {
    metadata: { name, labels },
    rules: [
      { apiGroups: [''], resources: ['events', 'endpoints'], verbs: ['create', 'patch'] },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
      { apiGroups: [''], resources: ['endpoints'], resourceNames: [name], verbs: ['get', 'update'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['watch', 'list', 'get', 'update'] },
      { apiGroups: [''], resources: ['namespaces', 'pods', 'services', 'replicationcontrollers', 'persistentvolumeclaims', 'persistentvolumes'], verbs: read },
      { apiGroups: ['apps'], resources: ['statefulsets', 'replicasets', 'daemonsets'], verbs: read },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['watch', 'list'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities', 'volumeattachments'], verbs: read },
      { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: read },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [name], verbs: ['get', 'update'] },
    ],
  });
  new k8s.KubeRole(c, 'role', {
    metadata: { name, labels },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-autoscaler-status'], verbs: ['delete', 'get', 'update', 'watch'] },
    ],
  });
  new k8s.KubeClusterRoleBinding(c, 'cluster-role-binding', {
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: v.clusterAutoscaler.namespace }],
  });
  new k8s.KubeRoleBinding(c, 'role-binding', {
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: v.clusterAutoscaler.namespace }],
  });
  new k8s.KubeDeployment(c, 'deployment', {
    metadata: { name, labels },
    spec: {
      // One active instance (leader election); a single replica restarts elsewhere if its node goes.
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          priorityClassName: 'system-cluster-critical',
          securityContext: { runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
          // On the on-demand baseline, never on a Spot node that may vanish under it.
          nodeSelector: { 'stormproof.io/capacity': 'on-demand' },
          containers: [
            {
              name,
              image: CLUSTER_AUTOSCALER_IMAGE,
              command: [
                './cluster-autoscaler',
                '--cloud-provider=aws',
                `--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${v.clusterName}`,
                '--balance-similar-node-groups',
                '--expander=least-waste',
                '--skip-nodes-with-system-pods=false',
                '--skip-nodes-with-local-storage=false',
              ],
              env: [{ name: 'AWS_REGION', value: v.region }],
              resources: {
                requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('300Mi') },
                limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('600Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  });
}
