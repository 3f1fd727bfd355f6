/**
 * EKS and Elastic Beanstalk in the deliverables, pinned against the synthesized JSON of ecommerce-eks and
 * fastier-beanstalk: the diagram's nodes and edges, design.md's compute sections and failure modes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Yaml } from 'cdk8s/lib/yaml';
import { designMarkdown } from '../../../src/tools/deliverables/design';
import { buildModel } from '../../../src/tools/deliverables/model';
import { readWorkloads } from '../../../src/tools/deliverables/compute-eks';
import { AUTO_MODE_POOL_TYPE, resources } from '../../../src/tools/deliverables/tfjson';
import { synthProfiles, tableAfter } from './support';

let synth: ReturnType<typeof synthProfiles>;
beforeAll(() => {
  synth = synthProfiles('ecommerce-eks,fastier-beanstalk');
});
afterAll(() => synth.cleanup());

const values = (json: any, type: string) => Object.entries<any>(json.resource[type] ?? {});
const azsOf = (json: any, subnetRefs: string[]) =>
  [...new Set(subnetRefs.map((ref) => Number(/names, (\d+)\)/.exec(values(json, 'aws_subnet').find(([n]) => ref.includes(`.${n}.`))![1].availability_zone)![1]) + 1))].sort().map((n) => `AZ ${n}`);
const setting = (env: any, ns: string, name: string) => env.setting.find((s: any) => s.namespace === ns && s.name === name)?.value;

/** The Auto Mode NodePools as the deliverables read them (pseudo-resources from the eks_node_pools output), [name, config]. */
const pools = (json: any): [string, any][] => resources(json).filter((r) => r.type === AUTO_MODE_POOL_TYPE).map((r) => [r.name, r.config]);

describe('ecommerce-eks', () => {
  let json: any;
  let manifests: string;
  beforeAll(() => {
    json = synth.read('ecommerce-eks');
    manifests = join(synth.dir, 'k8s', 'ecommerce-eks');
  });

  test('the Auto Mode NodePools come from the eks_node_pools output, over the cluster\'s subnets', () => {
    expect(pools(json).map(([, p]) => [p.node_group_name, p.capacity_type])).toEqual([['on-demand (Auto Mode NodePool)', 'ON_DEMAND'], ['spot (Auto Mode NodePool)', 'SPOT']]);
    for (const [, p] of pools(json)) expect(p.subnet_ids).toEqual(values(json, 'aws_eks_cluster')[0][1].vpc_config.subnet_ids);
  });

  test('the diagram draws each node group with min/desired/max across the AZs of its subnets, and its nodes in every private app subnet', () => {
    const m = buildModel('ecommerce-eks', json);
    for (const [name, ng] of pools(json)) {
      const node = m.nodes.find((n) => n.address === `${AUTO_MODE_POOL_TYPE}.${name}`)!;
      expect(node.title).toBe('EKS Auto Mode NodePool');
      expect(node.details).toContain(`min ${ng.scaling_config.min_size} · desired ${ng.scaling_config.desired_size} · max ${ng.scaling_config.max_size}`);
      expect(node.spans).toEqual(azsOf(json, ng.subnet_ids));
      expect(node.spanTier).toBe('private');
      for (const ref of ng.subnet_ids) {
        const box = m.nodes.find((n) => n.kind === 'instances' && ref.includes(n.subnet!.split('.')[1]))!;
        expect(box.members).toContain(node.id);
      }
    }
  });

  test('the Ingress ALB is drawn from the group the nodes admit, across the public subnets, with the rule\'s port to the nodes', () => {
    const m = buildModel('ecommerce-eks', json);
    const [ruleName, rule] = values(json, 'aws_vpc_security_group_ingress_rule').find(([, r]) => /eks_ingress-firewall/.test(r.referenced_security_group_id ?? ''))!;
    const alb = m.nodes.find((n) => n.title === 'Ingress ALB (EKS Auto Mode)')!;
    expect(alb.spanTier).toBe('public');
    expect(alb.spans).toHaveLength(3);
    for (const [name] of pools(json)) {
      const to = m.nodes.find((n) => n.address === `${AUTO_MODE_POOL_TYPE}.${name}`)!.id;
      expect(m.edges.find((e) => e.from === alb.id && e.to === to)).toMatchObject({ label: `tcp ${rule.from_port}`, kind: 'traffic' });
      expect(m.edges.find((e) => e.from === alb.id && e.to === to)!.sources).toContain(`aws_vpc_security_group_ingress_rule.${ruleName}`);
    }
    expect(m.edges.some((e) => e.from === 'internet' && e.to === alb.id)).toBe(true);
    expect(m.unmappedRules).toEqual([]);
  });

  test('pod identity roles reach the database, the cache and the queue from the cluster', () => {
    const m = buildModel('ecommerce-eks', json);
    const cluster = m.nodes.find((n) => n.title === 'EKS cluster')!;
    const reached = m.edges.filter((e) => e.from === cluster.id && e.label.startsWith('pod identity')).map((e) => m.nodes.find((n) => n.id === e.to)!.kind);
    expect(reached.sort()).toEqual(['cache', 'database', 'queue']);
    const queue = m.edges.find((e) => e.from === cluster.id && m.nodes.find((n) => n.id === e.to)!.kind === 'queue')!;
    expect(queue.label).toContain('orders');
    expect(queue.sources.every((s) => s.startsWith('aws_eks_pod_identity_association.'))).toBe(true);
  });

  test('design.md: cluster, node groups, add-ons and the manifests\' workloads with their replica bounds', () => {
    expect(existsSync(manifests)).toBe(true);
    const md = designMarkdown(buildModel('ecommerce-eks', json), { manifestsDir: manifests });
    const [, cluster] = values(json, 'aws_eks_cluster')[0];
    expect(tableAfter(md, '### EKS cluster')[0].slice(0, 3)).toEqual([cluster.name, cluster.version, 'private on, public off']);
    const groups = tableAfter(md, '**Node pools**');
    expect(groups).toHaveLength(pools(json).length);
    for (const [, ng] of pools(json)) {
      const sc = ng.scaling_config;
      expect(groups).toContainEqual([
        ng.node_group_name,
        ng.capacity_type,
        ng.instance_types.join(', '),
        String(sc.min_size),
        String(sc.desired_size),
        String(sc.max_size),
        azsOf(json, ng.subnet_ids).join(', '),
      ]);
    }
    expect(tableAfter(md, '**Add-ons**').map((r) => r[0]).sort()).toEqual(values(json, 'aws_eks_addon').map(([, a]) => a.addon_name).sort());
    const workloads = tableAfter(md, '**Workloads**');
    const hpas = readWorkloads(manifests).filter((w) => w.kind === 'HorizontalPodAutoscaler');
    expect(hpas.length).toBeGreaterThanOrEqual(2);
    for (const file of ['service-web.yaml', 'service-api.yaml']) {
      const docs = Yaml.load(join(manifests, file));
      const hpa = docs.find((d: any) => d.kind === 'HorizontalPodAutoscaler');
      expect(workloads).toContainEqual([file, 'HorizontalPodAutoscaler', hpa.metadata.name, expect.stringContaining(`min ${hpa.spec.minReplicas}, max ${hpa.spec.maxReplicas} replicas`)]);
      const pdb = docs.find((d: any) => d.kind === 'PodDisruptionBudget');
      expect(workloads).toContainEqual([file, 'PodDisruptionBudget', pdb.metadata.name, `max unavailable ${pdb.spec.maxUnavailable}`]);
      expect(workloads.find((r) => r[0] === file && r[1] === 'Deployment')![3]).toContain('replicas set by its HPA');
    }
    expect(md).not.toContain('_No Auto Scaling group in this stack._');
  });

  test('failure modes: node loss and AZ loss for the node groups; the AZ row sees the spread', () => {
    const rows = tableAfter(designMarkdown(buildModel('ecommerce-eks', json)), '## Failure modes');
    expect(rows.find((r) => r[0].startsWith('A Kubernetes node fails'))![1]).toContain('PodDisruptionBudgets');
    expect(rows.find((r) => r[0] === 'An AZ fails (EKS nodes)')![1]).toMatch(/over 3 AZs.*over 3 AZs/);
    expect(rows.find((r) => r[0].startsWith('An Availability Zone fails'))![1]).not.toContain('the stack runs in one AZ');
  });
});

describe('fastier-beanstalk', () => {
  let json: any;
  beforeAll(() => {
    json = synth.read('fastier-beanstalk');
  });

  test('each environment sits in its instances\' private subnets with min/max, and its own ALB across the public subnets sends only to it', () => {
    const m = buildModel('fastier-beanstalk', json);
    const envs = values(json, 'aws_elastic_beanstalk_environment');
    expect(envs).toHaveLength(2);
    for (const [name, env] of envs) {
      const node = m.nodes.find((n) => n.address === `aws_elastic_beanstalk_environment.${name}`)!;
      expect(node.title).toMatch(/^Elastic Beanstalk environment \((blue|green)\)$/);
      expect(node.details).toContain(`min ${setting(env, 'aws:autoscaling:asg', 'MinSize')} · max ${setting(env, 'aws:autoscaling:asg', 'MaxSize')}`);
      expect(node.spanTier).toBe('private');
      expect(node.spans).toEqual(azsOf(json, setting(env, 'aws:ec2:vpc', 'Subnets').match(/aws_subnet\.[^.]+\.id/g)));
      const alb = m.nodes.find((n) => n.address === `aws_elastic_beanstalk_environment.${name}#alb`)!;
      expect(alb.spanTier).toBe('public');
      const into = m.edges.filter((e) => e.from === alb.id && e.kind === 'traffic').map((e) => e.to);
      expect(into).toEqual([node.id]);
      expect(m.edges.some((e) => e.from === 'internet' && e.to === alb.id && e.label === 'tcp 443')).toBe(true);
      expect(m.edges.some((e) => e.from === 'internet' && e.to === node.id)).toBe(false);
      // The regional WAF sits on the environment's ALB (its association names `load_balancers`), not on the instances.
      const waf = m.nodes.find((n) => n.kind === 'firewall' && n.title === 'WAF (regional)')!;
      expect(m.edges.filter((e) => e.from === waf.id).map((e) => e.to)).toContain(alb.id);
      expect(m.edges.some((e) => e.from === waf.id && e.to === node.id)).toBe(false);
      expect(m.nodes.filter((n) => n.kind === 'instances').every((b) => b.members!.includes(node.id))).toBe(true);
    }
  });

  test('design.md: environments, deployment policy, platform updates and triggers including memory', () => {
    const md = designMarkdown(buildModel('fastier-beanstalk', json));
    const rows = tableAfter(md, '### Elastic Beanstalk environments');
    const releases = tableAfter(md, '**Releases and platform**');
    const triggers = tableAfter(md, '**Scaling triggers**');
    for (const [, env] of values(json, 'aws_elastic_beanstalk_environment')) {
      const row = rows.find((r) => r[0] === env.name)!;
      expect(row.slice(2, 5)).toEqual([setting(env, 'aws:ec2:instances', 'InstanceTypes'), setting(env, 'aws:autoscaling:asg', 'MinSize'), setting(env, 'aws:autoscaling:asg', 'MaxSize')]);
      expect(row[6]).toMatch(/^application \(public\) over .*; WAF fastier-eb-production-alb$/);
      expect(releases.find((r) => r[0] === env.name)![1]).toMatch(new RegExp(`^${setting(env, 'aws:elasticbeanstalk:command', 'DeploymentPolicy')}`));
      expect(releases.find((r) => r[0] === env.name)![2]).toContain(setting(env, 'aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel'));
      const memory = values(json, 'aws_autoscaling_policy').find(([, p]) => p.autoscaling_group_name.includes(env.name.endsWith('blue') ? 'environment-blue' : 'environment-green'))![1];
      const t = triggers.find((r) => r[0] === env.name)![1];
      expect(t).toContain(`${setting(env, 'aws:autoscaling:trigger', 'MeasureName')} Average: out above ${setting(env, 'aws:autoscaling:trigger', 'UpperThreshold')}`);
      expect(t).toContain(`${memory.name}: target tracking: mem_used_percent at ${memory.target_tracking_configuration.target_value}`);
    }
    const failures = tableAfter(md, '## Failure modes').map((r) => r[0]);
    expect(failures).toEqual(expect.arrayContaining(['A Beanstalk instance fails', 'An AZ fails (Beanstalk environments)', 'A release is bad (blue/green environment swap)']));
  });
});
