import { EksCluster, EksClusterProps, EKS_LOG_TYPES } from '../../../../src/constructs/compute/eks/eks-cluster';
import { clusterAutoscalerStatements, loadBalancerControllerStatements } from '../../../../src/constructs/compute/eks/eks-controller-policies';
import { only, synthConstruct as synthWith } from '../../../support/synth';

const APP_SUBNETS = ['subnet-app-a', 'subnet-app-b', 'subnet-app-c'];
const props: EksClusterProps = {
  name: 'demo',
  version: '1.33',
  vpcId: 'vpc-123',
  subnetIds: APP_SUBNETS,
  nodeGroups: [
    { name: 'on-demand', instanceTypes: ['m6i.large'], min: 3, max: 9, desired: 3, diskGb: 40 },
    { name: 'spot', capacityType: 'SPOT', instanceTypes: ['m6i.large', 'm5.large'], min: 0, max: 10, desired: 0 },
  ],
  addons: { 'vpc-cni': 'v1.19.5-eksbuild.1', coredns: 'v1.12.1-eksbuild.2', 'kube-proxy': 'v1.33.0-eksbuild.2', 'eks-pod-identity-agent': 'v1.3.7-eksbuild.2' },
  adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admin'],
  viewerPrincipalArns: ['arn:aws:iam::123456789012:role/oncall'],
  tags: { Project: 'demo' },
};
const synthCluster = (overrides: Partial<EksClusterProps> = {}) =>
  synthWith((stack) => {
    const eks = new EksCluster(stack, 'eks', { ...props, ...overrides });
    const role = eks.addPodRole('svc-web', 'shop', 'web', { Sid: 'Send', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:123456789012:jobs' });
    role.addToRolePolicy({ Sid: 'Read', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:eu-west-1:123456789012:parameter/x' });
    return eks;
  });
const byName = (r: Record<string, Record<string, any>>, key: string, value: unknown) => Object.values(r).find((x) => x[key] === value)!;

describe('EksCluster', () => {
  const { resource, raw } = synthCluster();
  const cluster = only(resource, 'aws_eks_cluster');

  test('secrets are envelope-encrypted with a rotated customer-managed key', () => {
    expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/) } });
    expect(only(resource, 'aws_kms_key').enable_key_rotation).toBe(true);
  });

  test('the API endpoint is private by default; public only for listed CIDRs, never 0.0.0.0/0', () => {
    expect(cluster.vpc_config).toEqual(expect.objectContaining({ endpoint_private_access: true, endpoint_public_access: false, subnet_ids: APP_SUBNETS }));
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
    const limited = only(synthCluster({ publicAccessCidrs: ['203.0.113.0/24'] }).resource, 'aws_eks_cluster');
    expect(limited.vpc_config).toEqual(expect.objectContaining({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] }));
    expect(() => synthCluster({ publicAccessCidrs: ['0.0.0.0/0'] })).toThrow(/publicAccessCidrs must not hold 0\.0\.0\.0\/0/);
  });

  test('every control-plane log type goes to a log group created first, with retention', () => {
    expect(cluster.enabled_cluster_log_types).toEqual(EKS_LOG_TYPES);
    expect(EKS_LOG_TYPES).toHaveLength(5);
    const group = only(resource, 'aws_cloudwatch_log_group');
    expect(group).toEqual(expect.objectContaining({ name: '/aws/eks/demo/cluster', retention_in_days: 30 }));
    expect(cluster.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\./)]);
  });

  test('access entries, not the aws-auth ConfigMap: API mode, no implicit creator admin, one entry per principal', () => {
    expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(Object.values(resource.aws_eks_access_entry).map((e) => e.principal_arn).sort()).toEqual([
      'arn:aws:iam::123456789012:role/oncall', 'arn:aws:iam::123456789012:role/platform-admin',
    ]);
    const policies = Object.values(resource.aws_eks_access_policy_association).map((a) => a.policy_arn).sort();
    expect(policies).toEqual([
      expect.stringMatching(/^arn:\$\{data\.aws_partition\..*\.partition\}:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/),
      expect.stringMatching(/cluster-access-policy\/AmazonEKSViewPolicy$/),
    ]);
    expect(Object.values(resource.aws_eks_access_policy_association).every((a) => a.access_scope.type === 'cluster')).toBe(true);
  });

  test('managed node groups span every AZ\'s private app subnets: on-demand baseline and Spot, sizes owned by the autoscaler', () => {
    const groups = resource.aws_eks_node_group;
    expect(Object.keys(groups)).toHaveLength(2);
    const onDemand = byName(groups, 'node_group_name', 'demo-on-demand');
    const spot = byName(groups, 'node_group_name', 'demo-spot');
    for (const g of [onDemand, spot]) {
      expect(g.subnet_ids).toEqual(APP_SUBNETS);
      expect(g.ami_type).toBe('AL2023_x86_64_STANDARD');
      expect(g.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
      expect(g.launch_template.version).toMatch(/aws_launch_template\..*\.latest_version/);
      expect(g.remote_access).toBeUndefined();
    }
    expect(onDemand).toEqual(expect.objectContaining({ capacity_type: 'ON_DEMAND', instance_types: ['m6i.large'], scaling_config: { min_size: 3, max_size: 9, desired_size: 3 } }));
    expect(spot).toEqual(expect.objectContaining({ capacity_type: 'SPOT', instance_types: ['m6i.large', 'm5.large'] }));
    expect(spot.labels).toEqual({ 'stormproof.io/capacity': 'spot' });
  });

  test('the node launch template: IMDSv2 only with hop limit 1 (pods cannot reach node credentials), encrypted gp3, no SSH key', () => {
    const lt = only(resource, 'aws_launch_template');
    expect(lt.metadata_options).toEqual(expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 1 }));
    expect(lt.block_device_mappings[0].ebs).toEqual(expect.objectContaining({ encrypted: 'true', volume_type: 'gp3', volume_size: 50 }));
    expect(lt.key_name).toBeUndefined();
    expect(lt.iam_instance_profile).toBeUndefined();
    expect(lt.vpc_security_group_ids).toEqual([expect.stringMatching(/aws_eks_cluster\..*\.vpc_config\[0\]\.cluster_security_group_id/), expect.stringMatching(/^\$\{aws_security_group\./)]);
  });

  test('the node role has no CNI permissions: vpc-cni gets them through its own Pod Identity association', () => {
    const attached = Object.values(resource.aws_iam_role_policy_attachment).map((a) => String(a.policy_arn).split('/').pop());
    expect(attached.filter((p) => p === 'AmazonEKS_CNI_Policy')).toHaveLength(1);
    const cniAttachment = Object.values(resource.aws_iam_role_policy_attachment).find((a) => String(a.policy_arn).endsWith('AmazonEKS_CNI_Policy'))!;
    expect(cniAttachment.role).toMatch(/vpc-cni-role/);
    const cni = byName(resource.aws_eks_addon, 'addon_name', 'vpc-cni');
    expect(cni.pod_identity_association).toEqual([{ role_arn: expect.stringMatching(/vpc-cni-role/), service_account: 'aws-node' }]);
  });

  test('the four add-ons are pinned; networking before the nodes, CoreDNS after them', () => {
    const addons = Object.values(resource.aws_eks_addon);
    expect(Object.fromEntries(addons.map((a) => [a.addon_name, a.addon_version]))).toEqual(props.addons);
    const coredns = byName(resource.aws_eks_addon, 'addon_name', 'coredns');
    expect(coredns.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_node_group\./)]));
    const onDemand = byName(resource.aws_eks_node_group, 'node_group_name', 'demo-on-demand');
    expect(onDemand.depends_on).toHaveLength(3);
    expect(onDemand.depends_on.every((d: string) => d.startsWith('aws_eks_addon.'))).toBe(true);
  });

  test('addPodRole: one role per service account, trusted by Pod Identity only, with only the given statements', () => {
    const association = byName(resource.aws_eks_pod_identity_association, 'service_account', 'web');
    expect(association).toEqual(expect.objectContaining({ namespace: 'shop', cluster_name: expect.stringMatching(/aws_eks_cluster/) }));
    const role = byName(resource.aws_iam_role, 'name', 'demo-svc-web');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
    ]);
    const statements = Object.values(resource.aws_iam_role_policy).filter((p) => String(p.role).includes('pod-role-svc-web')).flatMap((p) => JSON.parse(p.policy).Statement);
    expect(statements.map((s) => s.Sid)).toEqual(['Send', 'Read']);
    expect(raw).not.toMatch(/aws-auth/);
  });

  test('addPodRole refuses a second role for a service account and names that are not plain Kubernetes names', () => {
    expect(() =>
      synthWith((stack) => {
        const eks = new EksCluster(stack, 'eks', props);
        eks.addPodRole('a', 'shop', 'web');
        eks.addPodRole('b', 'shop', 'web');
      }),
    ).toThrow(/service account shop\/web already has a pod role/);
    expect(() => synthWith((stack) => new EksCluster(stack, 'eks', props).addPodRole('a', 'Shop', 'web'))).toThrow(/namespace "Shop" must be a plain Kubernetes name/);
  });

  test('bad props fail at synth time naming the prop', () => {
    expect(() => synthWith((stack) => new EksCluster(stack, 'eks', { ...props, subnetIds: ['subnet-a'], nodeGroups: [], version: '1.33.2' }))).toThrow(
      /version "1\.33\.2" must be a Kubernetes minor.*subnetIds holds 1 subnet\(s\).*nodeGroups is empty/,
    );
  });
});

describe('controller policies', () => {
  test('the Cluster Autoscaler may resize only node groups tagged as this cluster\'s', () => {
    const [, resize] = clusterAutoscalerStatements('demo');
    expect(resize.Action).toEqual(['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup']);
    expect(resize.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/demo': 'owned' } });
  });

  test('the Load Balancer Controller never gets a wildcard action, and its writes are limited by tag', () => {
    const statements = loadBalancerControllerStatements('demo');
    for (const s of statements) expect([s.Action].flat().some((a) => a === '*' || a.endsWith(':*'))).toBe(false);
    const deleteLb = statements.find((s) => [s.Action].flat().includes('elasticloadbalancing:DeleteLoadBalancer'))!;
    expect(deleteLb.Condition).toEqual({ Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } });
    const nodeRules = statements.find((s) => s.Sid === 'NodeSecurityGroupRules')!;
    expect(nodeRules.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/demo': 'owned' } });
  });
});
