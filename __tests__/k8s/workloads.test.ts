import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Yaml } from 'cdk8s';
import { ecommerceEks, lab } from '../../src/config/profiles';
import { PlatformStack } from '../../src/stacks/platform-stack';
import { AUTO_MODE_ALB_CONTROLLER, CUSTOM_RESOURCES, READINESS_GATE_LABEL, renderManifests, renderObjects, SHUTDOWN_SECONDS } from '../../src/k8s/workloads';
import { SERVICE_DEFAULTS } from '../../src/constructs/compute/ec2/service-props';

/** ecommerce-eks synthesized once: its Terraform JSON and its Kubernetes objects, from the same config. */
const stack = new PlatformStack(Testing.app(), 'ecommerce-eks', { profile: ecommerceEks });
const json = JSON.parse(Testing.synth(stack));
const resources = json.resource as Record<string, Record<string, any>>;
const values = stack.eks!.manifestValues();
const files = renderObjects(values);
const all = Object.values(files).flat();
const find = (kind: string, name: string) => all.find((o) => o.kind === kind && o.metadata.name === name);
// With the construct defaults filled in, as the manifests get them.
const webServices = ecommerceEks.services.filter((s) => s.kind === 'web').map((s) => ({ ...SERVICE_DEFAULTS, ...s }));
const worker = ecommerceEks.services.find((s) => s.kind === 'worker')!;
const association = (namespace: string, serviceAccount: string) =>
  Object.values(resources.aws_eks_pod_identity_association).find((a) => a.namespace === namespace && a.service_account === serviceAccount);

describe('Kubernetes manifests of ecommerce-eks', () => {
  test('one file per service, plus the namespace, the Auto Mode nodes and the IngressClass (no controller to install)', () => {
    expect(Object.keys(files).sort()).toEqual(['00-namespace.yaml', '01-ingress-class.yaml', '01-nodes.yaml', 'service-api.yaml', 'service-orders.yaml', 'service-web.yaml']);
    expect(all.filter((o) => o.metadata.namespace === 'kube-system')).toEqual([]);
    expect(JSON.stringify(all)).not.toMatch(/cluster-autoscaler|aws-load-balancer-controller/);
  });

  test('the namespace has the ALB readiness gate injected: a pod is Ready only once its target is healthy', () => {
    expect(find('Namespace', 'shop').metadata.labels[READINESS_GATE_LABEL]).toBe('enabled');
    expect(READINESS_GATE_LABEL).toBe('elbv2.k8s.aws/pod-readiness-gate-inject');
  });

  test.each(webServices.map((s) => [s.name] as const))('%s: rollouts without 502s: preStop sleep of the deregistration delay, grace period longer than it', (name) => {
    const delay = ecommerceEks.loadBalancer.deregistrationDelaySeconds ?? 30;
    const spec = find('Deployment', name).spec.template.spec;
    expect(spec.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: delay } } });
    expect(spec.terminationGracePeriodSeconds).toBe(delay + SHUTDOWN_SECONDS);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(delay);
    const ingress = find('Ingress', name).metadata.annotations;
    expect(ingress['alb.ingress.kubernetes.io/target-group-attributes']).toBe(`deregistration_delay.timeout_seconds=${delay}`);
    expect(find('Deployment', name).spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  test('the worker has no ALB to leave: no preStop sleep, the default grace period', () => {
    const spec = find('Deployment', worker.name).spec.template.spec;
    expect(spec.containers[0].lifecycle).toBeUndefined();
    expect(spec.terminationGracePeriodSeconds).toBe(30);
  });

  test('Auto Mode nodes: one NodeClass on the app subnets, the nodes\' and the cluster\'s security groups and the node role', () => {
    const nodeClass = find('NodeClass', 'stormproof');
    expect(nodeClass.apiVersion).toBe('eks.amazonaws.com/v1');
    const appSubnets = Object.values(resources.aws_subnet).filter((x) => x.provider === undefined && x.tags.Tier === 'app').map((x) => x.tags.Name).sort();
    expect(nodeClass.spec.subnetSelectorTerms.map((t: any) => t.tags.Name).sort()).toEqual(appSubnets);
    const nodeSg = Object.entries(resources.aws_security_group).find(([id]) => id.includes('node-firewall'))![1];
    expect(nodeClass.spec.securityGroupSelectorTerms).toEqual([
      { tags: { 'stormproof.io/eks-nodes': nodeSg.tags['stormproof.io/eks-nodes'] } },
      { tags: { 'aws:eks:cluster-name': Object.values(resources.aws_eks_cluster)[0].name } },
    ]);
    expect(Object.values(resources.aws_iam_role).map((r) => r.name)).toContain(nodeClass.spec.role);
    expect(nodeClass.spec.ephemeralStorage).toEqual({ size: '50Gi' });
    // EKS launches the nodes, so the provider's default tags never reach them: the NodeClass carries the stack's.
    const defaultTags = json.provider.aws[0].default_tags[0].tags;
    expect(nodeClass.spec.tags).toEqual(expect.objectContaining({ Project: defaultTags.Project, Environment: defaultTags.Environment }));
  });

  test('NodePools: Spot first by weight, on-demand the fallback, each limited; zone-spread pods get a node in their zone', () => {
    const spot = find('NodePool', 'spot');
    const onDemand = find('NodePool', 'on-demand');
    expect(spot.apiVersion).toBe('karpenter.sh/v1');
    expect(spot.spec.weight).toBeGreaterThan(onDemand.spec.weight);
    for (const [pool, type, types] of [[spot, 'spot', ecommerceEks.eks!.spot!.instanceTypes], [onDemand, 'on-demand', ecommerceEks.eks!.onDemand.instanceTypes]] as const) {
      expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'stormproof' });
      expect(pool.spec.template.spec.requirements).toEqual([
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: [type] },
        { key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...types] },
      ]);
      expect(Number(pool.spec.limits.cpu)).toBeGreaterThan(0);
    }
    // No NodePool pins a zone: Karpenter picks the subnet of the zone a pending pod's spread needs.
    expect(JSON.stringify([spot, onDemand])).not.toMatch(/topology\.kubernetes\.io\/zone/);
  });

  test('the IngressClass the Ingresses use is Auto Mode\'s ALB controller, internet-facing, for this namespace only', () => {
    const cls = find('IngressClass', 'alb');
    expect(cls.spec).toEqual({ controller: AUTO_MODE_ALB_CONTROLLER, parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: 'alb' } });
    expect(AUTO_MODE_ALB_CONTROLLER).toBe('eks.amazonaws.com/alb');
    expect(find('IngressClassParams', 'alb').spec).toEqual({ scheme: 'internet-facing', namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } });
  });

  test('the namespace enforces the restricted Pod Security Standard, and every pod complies', () => {
    expect(find('Namespace', 'shop').metadata.labels).toEqual(expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'restricted' }));
    for (const d of all.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'shop')) {
      for (const c of [...d.spec.template.spec.containers, ...d.spec.template.spec.initContainers]) {
        expect(c.securityContext).toEqual(expect.objectContaining({ allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }));
      }
    }
  });

  test.each(webServices.map((s) => [s.name, s] as const))('%s: Deployment without fixed replicas, with requests/limits, probes and zone + host spread', (name, s) => {
    const d = find('Deployment', name);
    expect(d.spec.replicas).toBeUndefined();
    const app = d.spec.template.spec.containers[0];
    const pod = s.pod ?? ecommerceEks.eks!.defaultPod;
    expect(app.resources).toEqual({
      requests: { cpu: `${pod.cpuMillis}m`, memory: `${pod.memoryMiB}Mi` },
      limits: { cpu: `${pod.cpuLimitMillis}m`, memory: `${pod.memoryMiB}Mi` },
    });
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) expect(app[probe].httpGet).toEqual({ path: s.healthCheckPath, port: 'http' });
    expect(app.ports).toEqual([{ name: 'http', containerPort: s.appPort }]);
    const spread = d.spec.template.spec.topologySpreadConstraints;
    expect(spread.map((t: any) => [t.topologyKey, t.whenUnsatisfiable])).toEqual([
      ['topology.kubernetes.io/zone', 'DoNotSchedule'],
      ['kubernetes.io/hostname', 'ScheduleAnyway'],
      ['karpenter.sh/capacity-type', 'ScheduleAnyway'],
    ]);
    expect(spread[0].labelSelector.matchLabels).toEqual(d.spec.selector.matchLabels);
  });

  test.each(webServices.map((s) => [s.name, s] as const))('%s: PDB, HPA on CPU from capacity, Service and an ALB Ingress (target type ip, health path, WAF by name)', (name, s) => {
    expect(find('PodDisruptionBudget', name).spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: find('Deployment', name).spec.selector.matchLabels } });
    const hpa = find('HorizontalPodAutoscaler', name);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual(expect.objectContaining({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: s.capacity.min,
      maxReplicas: s.capacity.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: s.cpuTargetPercent } } }],
    }));
    expect(find('Service', name).spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
    const ingress = find('Ingress', name);
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.metadata.annotations).toEqual(expect.objectContaining({
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/healthcheck-path': s.healthCheckPath,
      'alb.ingress.kubernetes.io/group.name': 'shop-eks-production',
      'alb.ingress.kubernetes.io/manage-backend-security-group-rules': 'false',
    }));
    // The ALB's security group is the stack's, by name (Auto Mode's load balancing matches the Name tag).
    const sgName = ingress.metadata.annotations['alb.ingress.kubernetes.io/security-groups'];
    expect(Object.values(resources.aws_security_group).filter((sg) => sg.tags.Name === sgName)).toHaveLength(1);
    // The WAF ACL the Ingress attaches is the one Terraform creates, by the same name.
    const acl = Object.values(resources.aws_wafv2_web_acl).find((a) => a.scope === 'REGIONAL')!;
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/wafv2-acl-name']).toBe(acl.name);
    expect(Object.keys(resources)).not.toContain('aws_wafv2_web_acl_association');
  });

  test('Ingress paths follow the ALB path patterns; specific paths are ordered before the catch-all', () => {
    expect(find('Ingress', 'web').spec.rules[0].http.paths.map((p: any) => [p.path, p.pathType])).toEqual([['/', 'Prefix']]);
    expect(find('Ingress', 'api').spec.rules[0].http.paths.map((p: any) => [p.path, p.pathType])).toEqual([['/api', 'Prefix']]);
    const order = (n: string) => Number(find('Ingress', n).metadata.annotations['alb.ingress.kubernetes.io/group.order']);
    expect(order('api')).toBeLessThan(order('web'));
  });

  test('each service account is the one its Pod Identity association names, and it can read exactly its SSM parameters', () => {
    for (const s of ecommerceEks.services) {
      const sa = find('ServiceAccount', s.name);
      expect(sa.metadata.namespace).toBe('shop');
      expect(find('Deployment', s.name).spec.template.spec.serviceAccountName).toBe(s.name);
      expect(association('shop', s.name)).toBeDefined();
    }
    const parameterNames = Object.values(resources.aws_ssm_parameter).map((p) => p.name).sort();
    const init = find('Deployment', 'web').spec.template.spec.initContainers[0].command[2] as string;
    expect([...init.matchAll(/^fetch \w+ '([^']+)'$/gm)].map((m) => m[1]).sort()).toEqual(parameterNames);
  });

  test('the worker scales on queue depth with KEDA (no HPA of ours), reading the queue Terraform creates', () => {
    expect(find('HorizontalPodAutoscaler', worker.name)).toBeUndefined();
    expect(find('Ingress', worker.name)).toBeUndefined();
    const scaled = find('ScaledObject', worker.name);
    expect(scaled.spec).toEqual(expect.objectContaining({ scaleTargetRef: { name: worker.name }, minReplicaCount: worker.capacity.min, maxReplicaCount: worker.capacity.max }));
    const sqs = scaled.spec.triggers.find((t: any) => t.type === 'aws-sqs-queue');
    const queue = Object.values(resources.aws_sqs_queue).find((q) => !String(q.name).endsWith('-dlq'))!;
    expect(sqs.metadata).toEqual(expect.objectContaining({ queueURL: queue.name, queueLength: String(worker.backlogPerInstance), awsRegion: 'us-east-1' }));
    expect(find('TriggerAuthentication', sqs.authenticationRef.name).spec).toEqual({ podIdentity: { provider: 'aws' } });
    // KEDA's operator role may read the depth of this queue only.
    expect(association('keda', 'keda-operator')).toBeDefined();
    const keda = Object.values(resources.aws_iam_role_policy).find((p) => String(p.role).includes('keda-operator'))!;
    expect(JSON.parse(keda.policy).Statement).toEqual([
      expect.objectContaining({ Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: expect.stringMatching(/^\$\{aws_sqs_queue\..*\.arn\}$/) }),
    ]);
    expect(CUSTOM_RESOURCES.map((c) => c.kind)).toEqual(['ScaledObject', 'TriggerAuthentication', 'NodeClass', 'NodePool', 'IngressClassParams']);
  });

  test('the YAML files hold exactly these objects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stormproof-k8s-'));
    try {
      for (const [file, yaml] of Object.entries(renderManifests(values))) {
        writeFileSync(join(dir, file), yaml);
        expect(Yaml.load(join(dir, file))).toEqual(files[file]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a Terraform token in the values is refused (manifests take names from config)', () => {
    const bad = { ...values, image: stack.network.vpcId };
    expect(() => renderManifests(bad)).toThrow(/hold a Terraform token .* pass names from config/);
  });

  test('EC2 stacks have no manifests and never load cdk8s', () => {
    expect(new PlatformStack(Testing.app(), 'lab', { profile: lab }).manifests()).toEqual({});
  });
});

describe('container: its own image, port, probes and resources (issue 27)', () => {
  const profile = {
    ...ecommerceEks,
    services: ecommerceEks.services.map((s) =>
      s.name === 'api'
        ? {
            ...s,
            container: {
              image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2',
              command: ['./api', '--serve'],
              port: 9000,
              readinessPath: '/ready',
              livenessPath: '/alive',
              startupSeconds: 30,
              resources: { cpuMillis: 500, memoryMiB: 768 },
            },
          }
        : s.name === 'web'
          ? { ...s, container: { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.0.0' } }
          : s,
    ),
  };
  const own = new PlatformStack(Testing.app(), 'ecommerce-eks', { profile });
  const ownJson = JSON.parse(Testing.synth(own));
  const objects = Object.values(renderObjects(own.eks!.manifestValues())).flat();
  const get = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test('api: its port is the pod port, the probes use its paths, the ALB checks readiness, resources are its own (limits defaulted)', () => {
    const app = get('Deployment', 'api').spec.template.spec.containers[0];
    expect(app.image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2');
    expect(app.command.slice(-2)).toEqual(['./api', '--serve']);
    expect(app.ports).toEqual([{ name: 'http', containerPort: 9000 }]);
    expect(app.env).toEqual(expect.arrayContaining([{ name: 'APP_PORT', value: '9000' }, { name: 'HEALTH_PATH', value: '/ready' }]));
    expect(app.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(app.startupProbe).toEqual({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, failureThreshold: 6 });
    expect(app.livenessProbe.httpGet).toEqual({ path: '/alive', port: 'http' });
    expect(app.resources).toEqual({ requests: { cpu: '500m', memory: '768Mi' }, limits: { cpu: '1000m', memory: '768Mi' } });
    expect(get('Ingress', 'api').metadata.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/ready');
    expect(get('Service', 'api').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
  });

  test("the nodes admit the container's port from the Ingress ALB's group", () => {
    const rules = Object.values<any>(ownJson.resource.aws_vpc_security_group_ingress_rule).filter((r) => String(r.referenced_security_group_id).includes('eks_ingress-firewall'));
    expect(rules.map((r) => r.from_port)).toContain(9000);
  });

  test("web: a container with only an image keeps the service's port, health path and pod resources", () => {
    const s = { ...SERVICE_DEFAULTS, ...profile.services.find((x) => x.name === 'web')! };
    const pod = s.pod ?? ecommerceEks.eks!.defaultPod;
    const app = get('Deployment', 'web').spec.template.spec.containers[0];
    expect(app.image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.0.0');
    expect(app.command).toBeUndefined();
    expect(app.ports).toEqual([{ name: 'http', containerPort: s.appPort }]);
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) expect(app[probe].httpGet).toEqual({ path: s.healthCheckPath, port: 'http' });
    expect(app.resources).toEqual({ requests: { cpu: `${pod.cpuMillis}m`, memory: `${pod.memoryMiB}Mi` }, limits: { cpu: `${pod.cpuLimitMillis}m`, memory: `${pod.memoryMiB}Mi` } });
  });
});
