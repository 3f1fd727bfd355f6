/**
 * What the CI apply role's permissions boundary must allow, derived from the Terraform types the stacks synthesize:
 * every resource and data source type -> the IAM service prefixes Terraform (and the service, under the caller's
 * credentials) calls for it, and the service-linked roles AWS creates the first time the type is used.
 * A leaf data module (no provider imports): the boundary (github-oidc.ts), main.ts and the boundary test read it.
 * A type missing here fails __tests__/constructs/delivery/stack-services.test.ts for every profile that uses it.
 */

/** What one Terraform type needs from AWS. */
export interface TypeNeeds {
  /** IAM service prefixes (`ec2`, `elasticbeanstalk`...) of the calls; `[]`: no call needs a permission. */
  readonly services: readonly string[];
  /** `iam:AWSServiceName` of the service-linked roles AWS creates on first use (under the caller's credentials). */
  readonly serviceLinkedRoles?: readonly string[];
  /** Read actions a data source calls at plan time (the plan role gets exactly these besides ReadOnlyAccess). */
  readonly reads?: readonly string[];
}

const on = (services: string[], serviceLinkedRoles?: string[]): TypeNeeds => ({ services, serviceLinkedRoles });

/** IAM is not a service the boundary opens as `iam:*`: roles and policies go through STACK_IAM_ACTIONS. */
export const IAM = 'iam';

const ELB_SLR = 'elasticloadbalancing.amazonaws.com';
const ASG_SLR = 'autoscaling.amazonaws.com';

/** Resource types: the API Terraform calls, plus what the service itself calls with the caller's credentials. */
export const RESOURCE_NEEDS: Readonly<Record<string, TypeNeeds>> = {
  aws_acm_certificate: on(['acm']),
  aws_acm_certificate_validation: on(['acm']),
  // Launch-template groups: Auto Scaling checks ec2:RunInstances and iam:PassRole of the template's profile as the caller.
  aws_autoscaling_group: on(['autoscaling', 'ec2'], [ASG_SLR]),
  // Target tracking creates and deletes its CloudWatch alarms.
  aws_autoscaling_policy: on(['autoscaling', 'cloudwatch']),
  aws_autoscaling_schedule: on(['autoscaling']),
  aws_backup_plan: on(['backup']),
  aws_backup_selection: on(['backup'], ['backup.amazonaws.com']),
  // A vault encrypted with a customer key: Backup creates grants on it as the caller.
  aws_backup_vault: on(['backup', 'backup-storage', 'kms']),
  aws_budgets_budget: on(['budgets']),
  aws_ce_anomaly_monitor: on(['ce']),
  aws_ce_anomaly_subscription: on(['ce']),
  aws_cloudfront_distribution: on(['cloudfront']),
  aws_cloudfront_origin_access_control: on(['cloudfront']),
  // VPC origins: CloudFront reads the ALB and VPC and creates its ENIs through AWSServiceRoleForCloudFrontVPCOrigin.
  aws_cloudfront_vpc_origin: on(['cloudfront', 'ec2', 'elasticloadbalancing'], ['vpcorigin.cloudfront.amazonaws.com']),
  aws_cloudtrail: on(['cloudtrail']),
  aws_cloudwatch_dashboard: on(['cloudwatch']),
  aws_cloudwatch_event_rule: on(['events']),
  aws_cloudwatch_event_target: on(['events']),
  aws_cloudwatch_log_group: on(['logs']),
  aws_cloudwatch_metric_alarm: on(['cloudwatch']),
  aws_codebuild_project: on(['codebuild']),
  aws_codedeploy_app: on(['codedeploy']),
  aws_codedeploy_deployment_group: on(['codedeploy']),
  // A CodeStar/CodeConnections source action: CreatePipeline checks PassConnection (either prefix, by the ARN's).
  aws_codepipeline: on(['codepipeline', 'codestar-connections', 'codeconnections']),
  // Managed master password: RDS creates the secret in Secrets Manager as the caller.
  aws_db_instance: on(['rds', 'secretsmanager'], ['rds.amazonaws.com']),
  aws_db_parameter_group: on(['rds']),
  aws_db_subnet_group: on(['rds']),
  aws_default_security_group: on(['ec2']),
  aws_eip: on(['ec2']),
  aws_eks_access_entry: on(['eks']),
  aws_eks_access_policy_association: on(['eks']),
  aws_eks_addon: on(['eks']),
  aws_eks_cluster: on(['eks', 'ec2'], ['eks.amazonaws.com']),
  // Managed node groups run on an Auto Scaling group that the node-group role creates.
  aws_eks_node_group: on(['eks', 'ec2', 'autoscaling'], ['eks-nodegroup.amazonaws.com', ASG_SLR]),
  aws_eks_pod_identity_association: on(['eks']),
  aws_elastic_beanstalk_application: on(['elasticbeanstalk']),
  // The version's bundle is read from S3 as the caller.
  aws_elastic_beanstalk_application_version: on(['elasticbeanstalk', 's3']),
  // Beanstalk builds an environment as a CloudFormation stack (awseb-*) under the caller's credentials: the stack
  // creates the group, launch template, ALB, alarms, SNS topic and security groups, and Beanstalk creates its own
  // storage bucket (elasticbeanstalk-<region>-<account>). AWS docs: "Managing Elastic Beanstalk user policies"
  // (AdministratorAccess-AWSElasticBeanstalk lists these services) and AWSElasticBeanstalkService (cloudformation
  // on stack/awseb-*).
  aws_elastic_beanstalk_environment: on(
    ['elasticbeanstalk', 'cloudformation', 's3', 'autoscaling', 'ec2', 'elasticloadbalancing', 'cloudwatch', 'sns', 'logs'],
    ['elasticbeanstalk.amazonaws.com', ASG_SLR, ELB_SLR],
  ),
  aws_elasticache_parameter_group: on(['elasticache']),
  aws_elasticache_replication_group: on(['elasticache', 'ec2'], ['elasticache.amazonaws.com']),
  aws_elasticache_subnet_group: on(['elasticache']),
  aws_elasticache_user: on(['elasticache']),
  aws_elasticache_user_group: on(['elasticache']),
  aws_fis_experiment_template: on(['fis']),
  // Delivery to CloudWatch Logs passes a role; to S3, logs:CreateLogDelivery as the caller.
  aws_flow_log: on(['ec2', 'logs']),
  aws_iam_instance_profile: on([IAM]),
  aws_iam_role: on([IAM]),
  aws_iam_role_policy: on([IAM]),
  aws_iam_role_policy_attachment: on([IAM]),
  aws_internet_gateway: on(['ec2']),
  aws_kms_alias: on(['kms']),
  aws_kms_key: on(['kms']),
  aws_launch_template: on(['ec2']),
  aws_ami_copy: on(['ec2']),
  aws_lb: on(['elasticloadbalancing', 'ec2'], [ELB_SLR]),
  aws_lb_listener: on(['elasticloadbalancing']),
  aws_lb_listener_rule: on(['elasticloadbalancing']),
  aws_lb_target_group: on(['elasticloadbalancing']),
  aws_nat_gateway: on(['ec2']),
  aws_route: on(['ec2']),
  aws_route53_health_check: on(['route53']),
  aws_route53_record: on(['route53']),
  aws_route_table: on(['ec2']),
  aws_route_table_association: on(['ec2']),
  aws_s3_bucket: on(['s3']),
  aws_s3_bucket_lifecycle_configuration: on(['s3']),
  aws_s3_bucket_logging: on(['s3']),
  aws_s3_bucket_notification: on(['s3']),
  aws_s3_bucket_ownership_controls: on(['s3']),
  aws_s3_bucket_policy: on(['s3']),
  aws_s3_bucket_public_access_block: on(['s3']),
  aws_s3_bucket_server_side_encryption_configuration: on(['s3']),
  aws_s3_bucket_versioning: on(['s3']),
  aws_s3_bucket_replication_configuration: on(['s3']),
  aws_s3_object: on(['s3', 'kms']),
  aws_security_group: on(['ec2']),
  aws_sns_topic: on(['sns']),
  aws_sns_topic_policy: on(['sns']),
  aws_sns_topic_subscription: on(['sns']),
  aws_sqs_queue: on(['sqs']),
  aws_sqs_queue_policy: on(['sqs']),
  aws_sqs_queue_redrive_allow_policy: on(['sqs']),
  aws_ssm_parameter: on(['ssm']),
  aws_subnet: on(['ec2']),
  aws_vpc: on(['ec2']),
  aws_vpc_endpoint: on(['ec2']),
  aws_vpc_security_group_egress_rule: on(['ec2']),
  aws_vpc_security_group_ingress_rule: on(['ec2']),
  aws_wafv2_web_acl: on(['wafv2']),
  // Associating a web ACL with an ALB is also elasticloadbalancing:SetWebACL.
  aws_wafv2_web_acl_association: on(['wafv2', 'elasticloadbalancing']),
  // Logging to CloudWatch Logs: WAF writes a resource policy on the log group as the caller.
  aws_wafv2_web_acl_logging_configuration: on(['wafv2', 'logs']),
};

/** Data source types: what they read at plan time (the plan role needs these too). `[]`: answered without a call. */
export const DATA_SOURCE_NEEDS: Readonly<Record<string, TypeNeeds>> = {
  aws_availability_zones: { services: ['ec2'], reads: ['ec2:DescribeAvailabilityZones'] },
  // sts:GetCallerIdentity needs no permission.
  aws_caller_identity: { services: [] },
  aws_ec2_managed_prefix_list: { services: ['ec2'], reads: ['ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'] },
  // The provider's own table of Beanstalk hosted zones and ELB accounts per region: no call.
  aws_elastic_beanstalk_hosted_zone: { services: [] },
  aws_elastic_beanstalk_solution_stack: { services: ['elasticbeanstalk'], reads: ['elasticbeanstalk:ListAvailableSolutionStacks'] },
  aws_elb_service_account: { services: [] },
  aws_iam_policy_document: { services: [] },
  aws_partition: { services: [] },
  aws_region: { services: [] },
  aws_ssm_parameter: { services: ['ssm'], reads: ['ssm:GetParameter'] },
};

/** The Terraform types one synthesized stack uses (its JSON's `resource` and `data` keys). */
export interface StackTypes {
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
}

/** What a set of stacks needs from the boundary, and the types the table does not know. */
export interface StackNeeds {
  /** Service prefixes, sorted, without `iam` (IAM goes through STACK_IAM_ACTIONS). */
  readonly services: string[];
  readonly serviceLinkedRoles: string[];
  /** Read actions of their data sources (for the plan role). */
  readonly planReads: string[];
  /** `resource aws_x` / `data aws_y` the table does not map: the boundary cannot be derived until they are added. */
  readonly unmapped: string[];
}

/** The types of a synthesized stack's JSON (`cdk.tf.json`). */
export function typesOf(json: { resource?: Record<string, unknown>; data?: Record<string, unknown> }): StackTypes {
  return { resources: Object.keys(json.resource ?? {}), dataSources: Object.keys(json.data ?? {}) };
}

/** The services, service-linked roles and plan reads these stacks need; unmapped types are listed, never guessed. */
export function stackNeeds(stacks: readonly StackTypes[], table = { resources: RESOURCE_NEEDS, dataSources: DATA_SOURCE_NEEDS }): StackNeeds {
  const services = new Set<string>();
  const slrs = new Set<string>();
  const reads = new Set<string>();
  const unmapped = new Set<string>();
  const add = (kind: string, type: string, needs: TypeNeeds | undefined) => {
    if (!needs) {
      unmapped.add(`${kind} ${type}`);
      return;
    }
    needs.services.forEach((s) => services.add(s));
    needs.serviceLinkedRoles?.forEach((r) => slrs.add(r));
    needs.reads?.forEach((r) => reads.add(r));
  };
  for (const s of stacks) {
    s.resources.forEach((t) => add('resource', t, Object.prototype.hasOwnProperty.call(table.resources, t) ? table.resources[t] : undefined));
    s.dataSources.forEach((t) => add('data', t, Object.prototype.hasOwnProperty.call(table.dataSources, t) ? table.dataSources[t] : undefined));
  }
  services.delete(IAM);
  return { services: [...services].sort(), serviceLinkedRoles: [...slrs].sort(), planReads: [...reads].sort(), unmapped: [...unmapped].sort() };
}

/** Every service and service-linked role in the table: the boundary when the stacks are not known (the construct's default). */
export function allNeeds(): StackNeeds {
  return stackNeeds([{ resources: Object.keys(RESOURCE_NEEDS), dataSources: Object.keys(DATA_SOURCE_NEEDS) }]);
}
