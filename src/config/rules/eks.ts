import { instanceTypeProblem } from './instance-types';
import { parseCidr } from '../../util/cidr';
import { EksNodeGroupConfig, PodResourcesConfig, ProfileConfig } from '../types';
import { checkCapacity } from '../../util/rules';
import { Problems } from './shared';
import { ADDON_VERSION, EKS_VERSIONS } from '../../constructs/compute/eks/eks-cluster-props';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Checks the `eks` section (each problem names the field and the fix).
 * With `compute: "eks"` EKS Auto Mode owns the ALB (from the Ingress), so config that points Terraform
 * resources at the stack's own ALB (CloudFront's ALB origin, DNS records) is refused.
 */
export function checkEks(p: ProfileConfig, out: Problems): void {
  const need = (ok: boolean, message: string) => out.need(ok, message);
  const compute = p.compute ?? 'ec2';
  if (compute !== 'eks') {
    need(!p.eks, 'eks is set but compute is not "eks": set compute to "eks" or remove the eks section');
    p.services.forEach((s, i) => need(!s.pod, `services[${i}] (${s.name}).pod is for compute "eks": remove it or set compute to "eks"`));
    return;
  }
  const e = p.eks;
  if (!e) {
    out.add('compute "eks" needs an eks section (version, node pools, add-on versions, namespace, image)');
    return;
  }
  need((EKS_VERSIONS as readonly string[]).includes(e.version), `eks.version "${e.version}" is not supported here: use one of ${EKS_VERSIONS.join(', ')} (in EKS standard support, and the kubernetes-validate schemas match it)`);
  e.publicAccessCidrs.forEach((c, i) => {
    const parsed = parseCidr(c);
    need(!!parsed, `eks.publicAccessCidrs[${i}] "${c}" is not a valid IPv4 CIDR`);
    need(!parsed || parsed.prefix > 0, `eks.publicAccessCidrs[${i}] "${c}" opens the API endpoint to the internet: list your office/VPN ranges, or none for a private-only endpoint`);
  });
  out.retention('eks.logRetentionDays', e.logRetentionDays);
  nodeGroup('eks.onDemand', e.onDemand, need);
  if (e.spot) {
    nodeGroup('eks.spot', e.spot, need);
    need(e.spot.instanceTypes.length >= 2, `eks.spot.instanceTypes has ${e.spot.instanceTypes.length} type(s): list at least 2 so Spot has pools to choose from`);
  }
  if (p.environment === 'production') {
    need(e.onDemand.min >= 2, `eks.onDemand.min (${e.onDemand.min}) must be >= 2 in production so a node or AZ loss keeps the on-demand baseline serving`);
  }
  for (const [key, version] of Object.entries(e.addons)) {
    need(ADDON_VERSION.test(version), `eks.addons.${key} "${version}" must be a pinned add-on version like "v0.8.1-eksbuild.5" (aws eks describe-addon-versions --kubernetes-version ${e.version})`);
  }
  [...e.adminRoleNames.map((r) => ['adminRoleNames', r]), ...e.viewerRoleNames.map((r) => ['viewerRoleNames', r])].forEach(([field, r]) =>
    need(ROLE_NAME.test(r), `eks.${field} "${r}" is not an IAM role name: give the name only, e.g. "platform-admin"`),
  );
  need(K8S_NAME.test(e.namespace) && !e.namespace.startsWith('kube-'), `eks.namespace "${e.namespace}" must be a DNS label (lowercase letters, digits, dashes) and not kube-*`);
  need(/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/.test(e.image), `eks.image "${e.image}" must be a pinned image reference with a tag or digest, e.g. "public.ecr.aws/docker/library/python:3.12-slim"`);
  pod('eks.defaultPod', e.defaultPod, need);
  p.services.forEach((s, i) => {
    if (s.pod) pod(`services[${i}] (${s.name}).pod`, s.pod, need);
    need(s.deploy === undefined || s.deploy === 'rolling',
      `services[${i}] (${s.name}).deploy "${s.deploy}" releases through CodeDeploy to an Auto Scaling group: with compute "eks" a release is a Deployment rollout (maxUnavailable 0, readiness probes); remove deploy`);
    need(s.warmPool === undefined && s.cpuAlarms === undefined && s.schedules === undefined,
      `services[${i}] (${s.name}): warmPool, cpuAlarms and schedules are Auto Scaling group features: remove them with compute "eks" (the HPA scales pods, EKS Auto Mode the nodes)`);
  });
  if (p.cdn?.albOrigin) {
    out.add('cdn.albOrigin needs the stack\'s own ALB, but with compute "eks" EKS Auto Mode creates it from the Ingress: set cdn.albOrigin to false (CloudFront then serves static assets) or use compute "ec2"');
  }
  if (p.dns) {
    out.add('dns records point at the stack\'s own ALB, which compute "eks" does not create: remove dns (point the name at the Ingress ALB, e.g. with external-dns) or use compute "ec2"');
  }
  if (p.loadBalancer.accessLogs) {
    out.add('loadBalancer.accessLogs writes to a bucket of the stack\'s own ALB, which compute "eks" does not create: set it to false');
  }
}

function nodeGroup(f: string, g: EksNodeGroupConfig, need: (ok: boolean, message: string) => void): void {
  need(g.instanceTypes.length >= 1, `${f}.instanceTypes is empty: list at least one EC2 instance type, e.g. "m6i.large"`);
  g.instanceTypes.forEach((t, i) => {
    const problem = instanceTypeProblem('ec2', `${f}.instanceTypes[${i}]`, t);
    if (problem) need(false, problem);
  });
  // The order of min, desired and max is the one rule Service applies too (src/util/rules.ts).
  for (const problem of checkCapacity(g, `${f}.`, '')) need(false, problem);
  need(g.max >= 1 && g.max <= 450, `${f}.max (${g.max}) must be 1-450 nodes (the NodePool's CPU limit is max times the largest type's vCPUs)`);
  need(g.diskGb >= 20 && g.diskGb <= 16384, `${f}.diskGb (${g.diskGb}) must be 20-16384 (images and logs need room)`);
}

function pod(f: string, r: PodResourcesConfig, need: (ok: boolean, message: string) => void): void {
  need(Number.isInteger(r.cpuMillis) && r.cpuMillis >= 10, `${f}.cpuMillis (${r.cpuMillis}) must be a whole number >= 10`);
  need(r.cpuLimitMillis >= r.cpuMillis, `${f}.cpuLimitMillis (${r.cpuLimitMillis}) must be >= cpuMillis (${r.cpuMillis})`);
  need(Number.isInteger(r.memoryMiB) && r.memoryMiB >= 32, `${f}.memoryMiB (${r.memoryMiB}) must be a whole number >= 32`);
}
