/**
 * EKS as the deliverables see it: the cluster (version, endpoint access, logs, secrets encryption), its
 * node pools (Auto Mode NodePools or managed node groups: instance types, capacity type, min/desired/max, AZs), add-ons, pod identities,
 * and the workloads synth writes as manifests to cdktf.out/k8s/<stack>/*.yaml (Deployments, HPAs, PDBs),
 * for design.md's compute section and its failure-mode rows.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AUTO_MODE_POOL_TYPE, Resource, asArray, displayName, referencesIn } from './tfjson';
import { ComputeSectionHelpers, FailureRow } from './compute-beanstalk';

export interface NodeGroup {
  readonly address: string;
  readonly name: string;
  readonly capacityType: string;
  readonly instanceTypes: string;
  readonly min: number;
  readonly desired: number;
  readonly max: number;
  readonly subnets: readonly string[];
}

/** A workload object of the manifests, with the replica bounds it sets. */
export interface Workload {
  readonly file: string;
  readonly kind: string;
  readonly name: string;
  readonly detail: string;
}

export function nodeGroups(all: readonly Resource[]): NodeGroup[] {
  const known = new Set(all.map((r) => r.address));
  return all.filter((r) => r.type === 'aws_eks_node_group' || r.type === AUTO_MODE_POOL_TYPE).map((r) => {
    const sc = asArray<any>(r.config.scaling_config)[0] ?? {};
    return {
      address: r.address,
      name: typeof r.config.node_group_name === 'string' ? r.config.node_group_name : displayName(r),
      capacityType: String(r.config.capacity_type ?? 'ON_DEMAND'),
      instanceTypes: asArray(r.config.instance_types).join(', ') || 't3.medium',
      min: Number(sc.min_size), desired: Number(sc.desired_size ?? sc.min_size), max: Number(sc.max_size),
      subnets: referencesIn(r.config.subnet_ids, known).filter((a) => a.startsWith('aws_subnet.')),
    };
  });
}

/** Deployments, HPAs, PDBs and other workload objects of `dir`'s manifests (none when the folder is absent). */
export function readWorkloads(dir: string | undefined): Workload[] {
  if (!dir || !existsSync(dir)) return [];
  // cdk8s's own yaml parser with the options of its Yaml.load (YAML 1.1), in this process: Yaml.load spawns a node
  // per file to read it (it also fetches URLs), ~0.3 s each on a loaded machine. Loaded only for stacks with manifests.
  const yaml = createRequire(require.resolve('cdk8s'))('yaml') as typeof import('yaml');
  const out: Workload[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of yaml.parseAllDocuments(readFileSync(join(dir, file), 'utf8'), { version: '1.1' }).map((d) => d.toJSON())) {
      if (!doc || typeof doc !== 'object') continue;
      const s = doc.spec ?? {};
      const name = String(doc.metadata?.name ?? '?');
      const detail =
        doc.kind === 'Deployment'
          ? `${s.replicas !== undefined ? `${s.replicas} replica${s.replicas === 1 ? '' : 's'}` : 'replicas set by its HPA'}; rolling max unavailable ${s.strategy?.rollingUpdate?.maxUnavailable ?? '25%'}; ${
              asArray(s.template?.spec?.topologySpreadConstraints)
                .map((t: any) => t.topologyKey)
                .join(', ') || 'no'
            } topology spread`
          : doc.kind === 'HorizontalPodAutoscaler'
            ? `min ${s.minReplicas ?? 1}, max ${s.maxReplicas} replicas on ${asArray(s.metrics)
                .map((m: any) => m.resource?.name ?? m.external?.metric?.name ?? m.type)
                .join(', ')}`
            : doc.kind === 'PodDisruptionBudget'
              ? s.minAvailable !== undefined
                ? `min available ${s.minAvailable}`
                : `max unavailable ${s.maxUnavailable}`
              : doc.kind === 'ScaledObject'
                ? `min ${s.minReplicaCount ?? 0}, max ${s.maxReplicaCount ?? 100} replicas on ${asArray(s.triggers)
                    .map((t: any) => t.type)
                    .join(', ')}`
                : undefined;
      if (detail !== undefined) out.push({ file, kind: String(doc.kind), name, detail });
    }
  }
  return out;
}

/** design.md's EKS section: cluster, node groups, add-ons, pod identities, manifests. */
export function eksSection(all: readonly Resource[], manifestsDir: string | undefined, shownDir: string, h: ComputeSectionHelpers): string[] {
  const clusters = all.filter((r) => r.type === 'aws_eks_cluster');
  if (!clusters.length) return [];
  const name = (a: string) => displayName(all.find((r) => r.address === a) ?? ({ address: a, name: a, config: {} } as Resource));
  const out = ['### EKS cluster', ''];
  out.push(h.table(['cluster', 'Kubernetes version', 'endpoint access', 'control-plane logs', 'secrets encryption', 'authentication', 'support'], clusters.map((c) => {
    const v = asArray<any>(c.config.vpc_config)[0] ?? {};
    const pub = v.endpoint_public_access !== false;
    return [
      displayName(c),
      c.config.version ?? 'latest',
      `private ${v.endpoint_private_access === true ? 'on' : 'off'}, public ${pub ? `on (${asArray(v.public_access_cidrs).join(', ') || '0.0.0.0/0'})` : 'off'}`,
      asArray(c.config.enabled_cluster_log_types).join(', ') || 'none',
      asArray<any>(c.config.encryption_config).length ? 'KMS envelope encryption' : 'off',
      asArray<any>(c.config.access_config)[0]?.authentication_mode ?? 'CONFIG_MAP',
      asArray<any>(c.config.upgrade_policy)[0]?.support_type ?? 'EXTENDED',
    ];
  })), '');
  const groups = nodeGroups(all);
  out.push(
    '**Node pools** (the nodes the pods run on: EKS Auto Mode NodePools, Spot preferred; min and desired are cost assumptions, max the pool\'s limit)',
    '',
    h.table(
      ['node group', 'capacity', 'instance types', 'min', 'desired', 'max', 'AZs'],
      groups.map((g) => [g.name, g.capacityType, g.instanceTypes, g.min, g.desired, g.max, h.azsOf(g.subnets)]),
    ),
    '',
  );
  out.push('**Add-ons**', '', h.table(['add-on', 'version'], all.filter((r) => r.type === 'aws_eks_addon').map((a) => [a.config.addon_name, a.config.addon_version ?? 'default'])), '');
  out.push(
    '**Pod identities** (each service account gets only its role)',
    '',
    h.table(
      ['namespace / service account', 'role'],
      all
        .filter((r) => r.type === 'aws_eks_pod_identity_association')
        .map((p) => [`${p.config.namespace} / ${p.config.service_account}`, name(referencesIn(p.config.role_arn, new Set(all.map((r) => r.address)))[0] ?? String(p.config.role_arn))]),
    ),
    '',
  );
  const workloads = readWorkloads(manifestsDir);
  out.push(
    `**Workloads** (manifests in \`${shownDir}\`, applied with kubectl after deploy: Terraform here has no Kubernetes provider)`,
    '',
    workloads.length
      ? h.table(
          ['file', 'kind', 'name', 'replicas and disruption'],
          workloads.map((w) => [w.file, w.kind, w.name, w.detail]),
        )
      : `_no manifests found in ${shownDir}: run \`npm run synth\`_`,
    '',
  );
  return out;
}

/** Failure-mode rows for EKS: node loss and AZ loss. */
export function eksFailures(all: readonly Resource[], azCount: (subnets: readonly string[]) => number): FailureRow[] {
  const groups = nodeGroups(all);
  if (!groups.length) return [];
  const spot = groups.filter((g) => g.capacityType === 'SPOT');
  const narrow = groups.filter((g) => azCount(g.subnets) < 2).map((g) => g.name);
  return [
    {
      failure: 'A Kubernetes node fails (or a Spot node is reclaimed)',
      takesOver: `Auto Mode (or the node group) replaces the instance; the scheduler moves its pods to other nodes, PodDisruptionBudgets keep each service's minimum available${spot.length ? `; Spot groups (${spot.map((g) => g.name).join(', ')}) get a 2-minute notice and drain` : ''}`,
      rto: 'no outage while replicas run on other nodes (topology spread); pods rescheduled in about a minute, a new node in 2–4 min',
      rpo: 'none: pods are stateless',
      notCovered: 'requests in flight on the node; emptyDir data',
    },
    {
      failure: 'An AZ fails (EKS nodes)',
      takesOver: `pods spread over zones keep serving in the other AZs; node pools (${groups.map((g) => `${g.name} over ${azCount(g.subnets)} AZs`).join(', ')}) get new nodes there from Auto Mode; the control plane is multi-AZ (AWS-managed)`,
      rto: narrow.length ? `${narrow.join(', ')} run in one AZ: its pods wait until it recovers` : 'serving continues at reduced capacity; rescheduled pods ready in a few minutes',
      rpo: 'none: pods are stateless',
      notCovered: 'the Ingress ALB is created by EKS Auto Mode outside Terraform: its AZs follow the tagged public subnets',
    },
  ];
}
