import { Testing } from 'cdktf';
import { ecommerce, ecommerceEks } from '../../../src/config/profiles';
import { PlatformStack } from '../../../src/stacks/platform-stack';
import { vcpusOf } from '../../../src/stacks/tiers/eks-compute';
import { synthProfile } from '../../support/synth';

type Blocks = Record<string, Record<string, any>>;
const synth = (profile = ecommerceEks) => {
  const stack = new PlatformStack(Testing.app(), profile.name, { profile });
  const json = JSON.parse(Testing.synth(stack));
  return { stack, json, r: json.resource as Blocks };
};

describe('PlatformStack with compute "eks" (ecommerce-eks)', () => {
  const { stack, json, r } = synth();
  const cluster = Object.values(r.aws_eks_cluster)[0];
  const statementsOf = (roleFragment: string) =>
    Object.values(r.aws_iam_role_policy).filter((p) => String(p.role).includes(roleFragment)).flatMap((p) => JSON.parse(p.policy).Statement);

  test('the services run on EKS instead of Auto Scaling groups behind a stack ALB', () => {
    expect(Object.keys(r.aws_eks_cluster)).toHaveLength(1);
    for (const type of ['aws_lb', 'aws_lb_target_group', 'aws_autoscaling_group', 'aws_lb_listener']) expect(r[type]).toBeUndefined();
    expect(stack.loadBalancer).toBeUndefined();
    expect(Object.keys(stack.eks!.services).sort()).toEqual(['api', 'orders', 'web']);
  });

  test('the cluster: the configured version, KMS secrets encryption, private endpoint only', () => {
    expect(cluster.version).toBe('1.35');
    expect(cluster.encryption_config.resources).toEqual(['secrets']);
    expect(cluster.encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\./);
    expect(cluster.vpc_config.endpoint_public_access).toBe(false);
  });

  test('Auto Mode instead of node groups; the NodePools\' subnets and security group are the app tier\'s, by tag', () => {
    expect(cluster.compute_config.enabled).toBe(true);
    expect(cluster.kubernetes_network_config.elastic_load_balancing.enabled).toBe(true);
    expect(cluster.storage_config.block_storage.enabled).toBe(true);
    expect(r.aws_eks_node_group).toBeUndefined();
    expect(Object.values(r.aws_eks_addon).map((a) => [a.addon_name, a.addon_version])).toEqual([['metrics-server', 'v0.8.1-eksbuild.5']]);
    // The manifests select the subnets and the group by these exact tags (plain names, never tokens).
    const nodes = stack.eks!.manifestValues().nodes;
    const appNames = Object.values(r.aws_subnet).filter((x) => x.provider === undefined && x.tags.Tier === 'app').map((x) => x.tags.Name).sort();
    expect([...nodes.subnetNames].sort()).toEqual(appNames);
    expect(appNames).toHaveLength(3);
    const nodeSg = Object.entries(r.aws_security_group).find(([id]) => id.includes('node-firewall'))![1];
    expect(nodeSg.tags).toEqual(expect.objectContaining(nodes.securityGroupTag));
    const nodeRole = Object.values(r.aws_iam_role).find((x) => x.name === nodes.roleName)!;
    expect(cluster.compute_config.node_role_arn).toMatch(/aws_iam_role\.eks_cluster_node-role/);
    expect(nodeRole.name).toBe('shop-eks-production-eks-node');
  });

  test('NodePools from the config: Spot weighs more than on-demand; CPU limits are max nodes times vCPUs', () => {
    const pools = stack.eks!.manifestValues().nodes.pools;
    expect(pools.map((p) => [p.name, p.weight, p.cpuLimit])).toEqual([['spot', 50, 40], ['on-demand', 10, 24]]);
    expect([vcpusOf('m6i.large'), vcpusOf('m6i.xlarge'), vcpusOf('c7g.4xlarge'), vcpusOf('t3.medium')]).toEqual([2, 4, 16, 1]);
  });

  test('no self-managed controllers left to install: no LB controller or Cluster Autoscaler roles, KEDA\'s only', () => {
    expect(Object.keys(stack.eks!.controllerRoles)).toEqual(['keda']);
    const associations = Object.values(r.aws_eks_pod_identity_association).map((a) => `${a.namespace}/${a.service_account}`).sort();
    expect(associations).toEqual(['keda/keda-operator', 'shop/api', 'shop/orders', 'shop/web']);
  });

  test('public subnets carry Auto Mode load balancing\'s placement tag on the subnets themselves (no aws_ec2_tag to fight them)', () => {
    // The primary region's network only (the DR region's standby network has no cluster).
    const primary = Object.values(r.aws_subnet).filter((s) => s.provider === undefined);
    const publicSubnets = primary.filter((s) => s.tags.Tier === 'public');
    expect(publicSubnets).toHaveLength(3);
    for (const s of publicSubnets) expect(s.tags['kubernetes.io/role/elb']).toBe('1');
    for (const s of Object.values(r.aws_subnet).filter((x) => !publicSubnets.includes(x))) expect(s.tags['kubernetes.io/role/elb']).toBeUndefined();
    expect(r.aws_ec2_tag).toBeUndefined();
  });

  test('the data tier admits the pods through the nodes\' security group, once per data store', () => {
    const nodeSg = Object.keys(r.aws_security_group).find((id) => id.includes('node-firewall'))!;
    const fromNodes = Object.values(r.aws_vpc_security_group_ingress_rule).filter((x) => x.referenced_security_group_id === `\${aws_security_group.${nodeSg}.id}`);
    expect(fromNodes.map((x) => [x.from_port, x.description]).sort()).toEqual([[5432, 'pods to database'], [6379, 'pods to cache']]);
  });

  test('tier to tier: internet -> the Ingress ALB\'s group (80 only, no certificate) -> the nodes\' group on the app port', () => {
    const ingressSg = Object.entries(r.aws_security_group).find(([, sg]) => sg.tags.Name === 'shop-eks-production-ingress')!;
    const nodeSg = Object.keys(r.aws_security_group).find((id) => id.includes('node-firewall'))!;
    const rules = Object.values(r.aws_vpc_security_group_ingress_rule);
    expect(rules.filter((x) => x.security_group_id === `\${aws_security_group.${ingressSg[0]}.id}`).map((x) => [x.cidr_ipv4, x.from_port])).toEqual([['0.0.0.0/0', 80]]);
    expect(rules.filter((x) => x.security_group_id === `\${aws_security_group.${nodeSg}.id}`).map((x) => [x.referenced_security_group_id, x.from_port])).toEqual([
      [`\${aws_security_group.${ingressSg[0]}.id}`, 8080],
    ]);
  });

  test('each service\'s Pod Identity role gets what its kind needs: web/api send, the worker consumes', () => {
    for (const s of ['web', 'api']) {
      const sids = statementsOf(`pod-role-svc-${s}`).map((x) => x.Sid);
      expect(sids).toEqual(expect.arrayContaining(['ReadDatabaseSecret', 'ConnectToCache', 'SendMessages', 'ReadAppParameters']));
      expect(sids).not.toContain('ConsumeMessages');
    }
    const worker = statementsOf('pod-role-svc-orders').map((x) => x.Sid);
    expect(worker).toEqual(expect.arrayContaining(['ConsumeMessages', 'ReadDatabaseSecret']));
    expect(worker).not.toContain('SendMessages');
  });

  test('the regional WAF exists for the Ingress ALB to attach; CloudFront serves static assets only', () => {
    expect(Object.values(r.aws_wafv2_web_acl).map((a) => a.scope).sort()).toEqual(['CLOUDFRONT', 'REGIONAL']);
    const origins = Object.values(r.aws_cloudfront_distribution)[0].origin;
    // The static bucket and its DR-region replica (an origin group), no ALB.
    expect(origins.map((o: any) => o.origin_id)).toEqual(['s3-static', 's3-static-dr']);
  });

  test('no ALB alarms or widgets without a stack ALB; data-tier alarms and outputs stay', () => {
    const alarms = Object.values(r.aws_cloudwatch_metric_alarm).map((a) => a.alarm_name);
    expect(alarms.some((n: string) => /alb-5xx|unhealthy-hosts/.test(n))).toBe(false);
    expect(alarms.some((n: string) => /db-cpu/.test(n))).toBe(true);
    expect(json.output.eks_cluster_name.value).toMatch(/aws_eks_cluster/);
    expect(json.output.alb_dns_name).toBeUndefined();
    const widgets = JSON.parse(Object.values(r.aws_cloudwatch_dashboard)[0].dashboard_body).widgets;
    expect(widgets.map((w: any) => w.properties.title)).toEqual(['Database', 'Queue backlog']);
  });
});

test('EC2 profiles get no EKS resources', () => {
  const r = synthProfile(ecommerce).resource;
  expect(Object.keys(r).filter((t) => t.startsWith('aws_eks'))).toEqual([]);
  // Three services, and their pilot-light copies in the DR region.
  expect(Object.values(r.aws_autoscaling_group).filter((g) => g.provider !== 'aws.dr')).toHaveLength(3);
  expect(Object.values(r.aws_subnet).every((s) => s.tags['kubernetes.io/role/elb'] === undefined)).toBe(true);
});
