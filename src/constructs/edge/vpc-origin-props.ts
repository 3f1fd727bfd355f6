import type { ITerraformDependable } from 'cdktf';

/** The CloudFront VPC origin's props, without the AWS provider. */

/** A private path to an internal ALB: a CloudFront VPC origin (the ALB needs no public address). */
export interface CdnVpcOrigin {
  /** ARN of the internal ALB (it must be internal and its security group must admit CloudFront). */
  readonly albArn: string;
  /** What must exist first: CloudFront refuses a VPC origin in a VPC without an internet gateway. */
  readonly dependsOn?: ITerraformDependable[];
}
