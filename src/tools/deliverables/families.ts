/**
 * Resource type families: which tier a Terraform type belongs to and whether the diagram draws it.
 * Matched by pattern, so a type nobody listed still lands in a sensible tier (or `other`) in the
 * inventory, and a new load-bearing family needs one line here, not code.
 */

export type Tier = 'edge' | 'network' | 'load balancing' | 'compute' | 'data' | 'messaging' | 'storage' | 'security' | 'observability' | 'operations' | 'delivery' | 'other';

/** Drawn kinds: each gets one shape and colour in the diagram. */
export type Kind = 'cdn' | 'firewall' | 'load balancer' | 'autoscaling group' | 'compute' | 'database' | 'cache' | 'queue' | 'topic' | 'bucket' | 'store' | 'gateway' | 'operations' | 'dns';

export interface Family {
  readonly match: RegExp;
  readonly tier: Tier;
  /** Set for load-bearing resources: the diagram draws one node per resource. */
  readonly kind?: Kind;
  /** What a reviewer calls it. */
  readonly label?: string;
}

// First match wins: specific types before the prefix families.
export const FAMILIES: readonly Family[] = [
  { match: /^aws_cloudfront_distribution$/, tier: 'edge', kind: 'cdn', label: 'CloudFront distribution' },
  { match: /^aws_wafv2_web_acl$|^aws_waf_web_acl$/, tier: 'edge', kind: 'firewall', label: 'WAF web ACL' },
  { match: /^aws_route53_zone$/, tier: 'edge', kind: 'dns', label: 'Route 53 zone' },
  { match: /^aws_(cloudfront|route53|wafv2|waf|shield|acm|globalaccelerator)_/, tier: 'edge' },
  { match: /^aws_(lb|alb|elb)$/, tier: 'load balancing', kind: 'load balancer', label: 'Load balancer' },
  { match: /^aws_(lb|alb|elb)_|^aws_lb_/, tier: 'load balancing' },
  { match: /^aws_autoscaling_group$/, tier: 'compute', kind: 'autoscaling group', label: 'Auto Scaling group' },
  { match: /^aws_instance$/, tier: 'compute', kind: 'compute', label: 'EC2 instance' },
  { match: /^aws_eks_cluster$/, tier: 'compute', kind: 'compute', label: 'EKS cluster' },
  { match: /^aws_eks_node_group$/, tier: 'compute', kind: 'autoscaling group', label: 'EKS node group' },
  { match: /^eks_auto_mode_node_pool$/, tier: 'compute', kind: 'autoscaling group', label: 'EKS Auto Mode NodePool' },
  { match: /^aws_ecs_service$/, tier: 'compute', kind: 'compute', label: 'ECS service' },
  { match: /^aws_elastic_beanstalk_environment$/, tier: 'compute', kind: 'compute', label: 'Elastic Beanstalk environment' },
  { match: /^aws_lambda_function$/, tier: 'compute', kind: 'compute', label: 'Lambda function' },
  { match: /^aws_(autoscaling|launch_template|launch_configuration|ec2_|eks_|ecs_|elastic_beanstalk_|lambda_|ami)/, tier: 'compute' },
  { match: /^aws_db_instance$/, tier: 'data', kind: 'database', label: 'RDS instance' },
  { match: /^aws_rds_cluster$/, tier: 'data', kind: 'database', label: 'Aurora cluster' },
  { match: /^aws_elasticache_replication_group$|^aws_elasticache_cluster$|^aws_memorydb_cluster$/, tier: 'data', kind: 'cache', label: 'Cache' },
  { match: /^aws_dynamodb_table$/, tier: 'data', kind: 'store', label: 'DynamoDB table' },
  { match: /^aws_(db_|rds_|elasticache_|memorydb_|dynamodb_|docdb|neptune|redshift)/, tier: 'data' },
  { match: /^aws_sqs_queue$/, tier: 'messaging', kind: 'queue', label: 'SQS queue' },
  { match: /^aws_kinesis_stream$|^aws_mq_broker$/, tier: 'messaging', kind: 'queue', label: 'Stream' },
  { match: /^aws_(sqs|kinesis|mq|sfn|scheduler|cloudwatch_event)_/, tier: 'messaging' },
  { match: /^aws_s3_bucket$/, tier: 'storage', kind: 'bucket', label: 'S3 bucket' },
  { match: /^aws_efs_file_system$/, tier: 'storage', kind: 'store', label: 'EFS file system' },
  { match: /^aws_(s3|efs|ebs|fsx)_/, tier: 'storage' },
  { match: /^aws_security_group|^aws_vpc_security_group_/, tier: 'security' },
  { match: /^aws_nat_gateway$|^aws_internet_gateway$/, tier: 'network', kind: 'gateway', label: 'Gateway' },
  { match: /^aws_(vpc|subnet|route|eip|flow_log|default_|network_|nat_|internet_|egress_only|ec2_transit|vpn)/, tier: 'network' },
  { match: /^aws_(kms|iam|secretsmanager|ssm_parameter|guardduty|securityhub|config_|macie|inspector)/, tier: 'security' },
  { match: /^aws_sns_topic$/, tier: 'observability', kind: 'topic', label: 'SNS topic' },
  { match: /^aws_(cloudwatch|sns|xray|ssm)/, tier: 'observability' },
  { match: /^aws_cloudtrail$/, tier: 'operations', kind: 'operations', label: 'CloudTrail' },
  { match: /^aws_backup_vault$/, tier: 'operations', kind: 'operations', label: 'Backup vault' },
  { match: /^aws_fis_experiment_template$/, tier: 'operations', kind: 'operations', label: 'FIS experiment' },
  { match: /^aws_(backup|budgets|ce_|cloudtrail|fis|organizations|cur)/, tier: 'operations' },
  { match: /^aws_codepipeline$/, tier: 'delivery', kind: 'operations', label: 'CodePipeline' },
  { match: /^aws_(codepipeline|codebuild|codedeploy|codestar|codecommit|ecr)/, tier: 'delivery' },
];

const cache = new Map<string, Family>();
const OTHER: Family = { match: /.*/, tier: 'other' };

export function familyOf(type: string): Family {
  let f = cache.get(type);
  if (!f) {
    f = FAMILIES.find((x) => x.match.test(type)) ?? OTHER;
    cache.set(type, f);
  }
  return f;
}

/** Tiers in the order a request flows (inventory and design follow it). */
export const TIER_ORDER: readonly Tier[] = ['edge', 'network', 'load balancing', 'compute', 'data', 'messaging', 'storage', 'security', 'observability', 'operations', 'delivery', 'other'];
