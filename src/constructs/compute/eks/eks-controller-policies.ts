import { PolicyStatement } from '../../shared/iam';

/**
 * IAM for the in-cluster controllers Stormproof's manifests install, given to their service accounts through
 * Pod Identity (see EksCluster.addPodRole). Read-only calls take `*` (the APIs have no resource-level
 * permissions); every write is limited to what the controller created (its cluster tag) or the cluster's own groups.
 */

/** AWS Load Balancer Controller (kube-system/aws-load-balancer-controller): ALBs from Ingresses, after its published policy. */
export function loadBalancerControllerStatements(clusterName: string): PolicyStatement[] {
  const createdByController = { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } };
  const ownedByController = { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };
  return [
    {
      Sid: 'ServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Sid: 'Describe',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:ListWebACLs',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
        'cognito-idp:DescribeUserPoolClient',
      ],
      Resource: '*',
    },
    { Sid: 'AssociateWaf', Effect: 'Allow', Action: ['wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL'], Resource: '*' },
    {
      Sid: 'NodeSecurityGroupRules',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: '*',
      Condition: { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned' } },
    },
    { Sid: 'CreateSecurityGroup', Effect: 'Allow', Action: 'ec2:CreateSecurityGroup', Resource: '*' },
    {
      Sid: 'TagNewSecurityGroup',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: 'arn:aws:ec2:*:*:security-group/*',
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, ...createdByController },
    },
    {
      Sid: 'OwnSecurityGroups',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: '*',
      Condition: ownedByController,
    },
    {
      Sid: 'CreateLoadBalancers',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: '*',
      Condition: createdByController,
    },
    {
      Sid: 'Listeners',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule'],
      Resource: '*',
      Condition: { StringLike: { [`aws:ResourceTag/elbv2.k8s.aws/cluster`]: clusterName } },
    },
    {
      Sid: 'TagOwnLoadBalancers',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: ['arn:aws:elasticloadbalancing:*:*:targetgroup/*/*', 'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*', 'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*'],
      Condition: ownedByController,
    },
    {
      Sid: 'TagListenersAndRules',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: [
        'arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*',
        'arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*',
        'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*',
        'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
      ],
      Condition: { StringLike: { [`aws:ResourceTag/elbv2.k8s.aws/cluster`]: clusterName } },
    },
    {
      Sid: 'ModifyOwnLoadBalancers',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      Resource: '*',
      Condition: ownedByController,
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: 'elasticloadbalancing:AddTags',
      Resource: ['arn:aws:elasticloadbalancing:*:*:targetgroup/*/*', 'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*', 'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*'],
      Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, ...createdByController },
    },
    {
      Sid: 'Targets',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: 'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
    },
    {
      Sid: 'ListenersOfOwnLoadBalancers',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      Resource: '*',
      Condition: { StringLike: { [`aws:ResourceTag/elbv2.k8s.aws/cluster`]: clusterName } },
    },
  ];
}

/** Cluster Autoscaler (kube-system/cluster-autoscaler): resizes only the node groups' ASGs EKS tags as this cluster's. */
export function clusterAutoscalerStatements(clusterName: string): PolicyStatement[] {
  return [
    {
      Sid: 'Describe',
      Effect: 'Allow',
      Action: [
        'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags', 'ec2:DescribeImages', 'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions', 'ec2:GetInstanceTypesFromInstanceRequirements', 'eks:DescribeNodegroup',
      ],
      Resource: '*',
    },
    {
      Sid: 'ResizeOwnNodeGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: '*',
      Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' } },
    },
  ];
}

/** KEDA operator (keda/keda-operator): reads the queue's depth to scale the worker, nothing else. */
export function kedaQueueStatements(queueArn: string): PolicyStatement[] {
  return [{ Sid: 'ReadQueueDepth', Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: queueArn }];
}
