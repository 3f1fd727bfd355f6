import { CLUSTER_POLICIES, EksCluster, EksClusterProps, EKS_LOG_TYPES, NODE_POLICIES, NODE_SECURITY_GROUP_TAG } from '../../../../src/constructs/compute/eks/eks-cluster';
import { kedaQueueStatements } from '../../../../src/constructs/compute/eks/eks-controller-policies';
import { only, synthConstruct as synthWith } from '../../../support/synth';

const APP_SUBNETS = ['subnet-app-a', 'subnet-app-b', 'subnet-app-c'];
const props: EksClusterProps = {
  name: 'demo',
  version: '1.35',
  vpcId: 'vpc-123',
  subnetIds: APP_SUBNETS,
  addons: { 'metrics-server': 'v0.8.1-eksbuild.5' },
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
    expect(cluster.depends_on[0]).toMatch(/^aws_cloudwatch_log_group\./);
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

  test('Auto Mode: managed compute (built-in system pool on the node role), load balancing and block storage, all on together', () => {
    expect(cluster.compute_config).toEqual({ enabled: true, node_pools: ['system'], node_role_arn: expect.stringMatching(/aws_iam_role\.eks_node-role_.*\.arn/) });
    expect(cluster.kubernetes_network_config).toEqual({ elastic_load_balancing: { enabled: true } });
    expect(cluster.storage_config).toEqual({ block_storage: { enabled: true } });
    expect(cluster.bootstrap_self_managed_addons).toBe(false);
    expect(cluster.upgrade_policy).toEqual({ support_type: 'STANDARD' });
    // Nothing the cluster now runs itself: no node groups, launch templates, Cluster Autoscaler or LB controller roles.
    for (const type of ['aws_eks_node_group', 'aws_launch_template']) expect(resource[type]).toBeUndefined();
    expect(raw).not.toMatch(/cluster-autoscaler|aws-load-balancer-controller/);
  });

  test('cluster role: Auto Mode\'s five managed policies, trusted with sts:TagSession; they outlive the cluster on destroy', () => {
    const role = byName(resource.aws_iam_role, 'name', 'demo-eks-cluster');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    const attached = (roleId: RegExp) =>
      Object.values(resource.aws_iam_role_policy_attachment).filter((a) => roleId.test(String(a.role))).map((a) => String(a.policy_arn).split('/').pop()).sort();
    expect(attached(/cluster-role/)).toEqual([...CLUSTER_POLICIES].sort());
    expect(CLUSTER_POLICIES).toEqual(expect.arrayContaining(['AmazonEKSComputePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSNetworkingPolicy']));
    expect(cluster.depends_on.filter((d: string) => d.startsWith('aws_iam_role_policy_attachment.'))).toHaveLength(CLUSTER_POLICIES.length + NODE_POLICIES.length);
  });

  test('node role: the minimal Auto Mode policies only (no CNI, SSM or EBS permissions on nodes)', () => {
    const attached = Object.values(resource.aws_iam_role_policy_attachment).filter((a) => /node-role/.test(String(a.role))).map((a) => String(a.policy_arn).split('/').pop()).sort();
    expect(attached).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodeMinimalPolicy']);
  });

  test('the nodes\' security group carries the tag the NodeClass selects it by', () => {
    const sg = only(resource, 'aws_security_group');
    expect(sg.tags).toEqual(expect.objectContaining({ [NODE_SECURITY_GROUP_TAG]: 'demo', Name: 'demo-eks-nodes', Project: 'demo' }));
  });

  test('metrics-server is a pinned add-on; what Auto Mode runs itself is refused as one', () => {
    const addons = Object.values(resource.aws_eks_addon);
    expect(Object.fromEntries(addons.map((a) => [a.addon_name, a.addon_version]))).toEqual({ 'metrics-server': 'v0.8.1-eksbuild.5' });
    expect(() => synthCluster({ addons: { 'vpc-cni': 'v1.21.1-eksbuild.7', coredns: 'v1.13.2-eksbuild.4' } })).toThrow(/addons\.vpc-cni is built into EKS Auto Mode.*addons\.coredns is built into/);
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
    expect(() => synthWith((stack) => new EksCluster(stack, 'eks', { ...props, subnetIds: ['subnet-a'], version: '1.35.2' }))).toThrow(
      /version "1\.35\.2" must be a Kubernetes minor.*subnetIds holds 1 subnet\(s\)/,
    );
  });
});

describe('controller policies', () => {
  test('KEDA may read the depth of its queue and nothing else (the ALB controller and node autoscaling are Auto Mode\'s)', () => {
    expect(kedaQueueStatements('arn:aws:sqs:eu-west-1:123456789012:jobs')).toEqual([
      { Sid: 'ReadQueueDepth', Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: 'arn:aws:sqs:eu-west-1:123456789012:jobs' },
    ]);
  });
});
