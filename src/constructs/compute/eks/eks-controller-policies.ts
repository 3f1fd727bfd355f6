import { PolicyStatement } from '../../shared/iam';

/**
 * IAM for the in-cluster controllers Stormproof installs itself, given to their service accounts through Pod
 * Identity (see EksCluster.addPodRole). Under EKS Auto Mode the load balancer controller and node autoscaling
 * are EKS's (the cluster role's AmazonEKSLoadBalancingPolicy and AmazonEKSComputePolicy): only KEDA is left.
 */

/** KEDA operator (keda/keda-operator): reads the queue's depth to scale the worker, nothing else. */
export function kedaQueueStatements(queueArn: string): PolicyStatement[] {
  return [{ Sid: 'ReadQueueDepth', Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: queueArn }];
}
